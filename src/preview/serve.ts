/**
 * @module preview/serve — the gallery over HTTP on 127.0.0.1, from memory, with Server-Sent Events at
 * `/_preview/events`: each new render sends `reload`, and the open pages reload, keeping their scroll position and
 * filters.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import type { SiteFiles } from './site/site.js';

/** The port `preview --serve` listens on when none is given (`serve`'s plus one). */
const DEFAULT_PREVIEW_PORT = 9330;
/** Where the pages listen for a new render. */
const EVENTS_PATH = '/_preview/events';
const HEARTBEAT_MS = 15_000;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
};

interface GalleryServer {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  /** Serves these files from now on and tells every open page to reload. */
  update(files: SiteFiles): void;
  close(): Promise<void>;
}

/**
 * Starts serving the gallery. Paths are looked up in `files` only: nothing else on disk is reachable.
 *
 * @example
 * ```ts
 * const server = await startGalleryServer(buildSite(run, { problems }), { port: 0 });
 * console.log(server.url);
 * ```
 */
const startGalleryServer = async (
  initial: SiteFiles,
  options: { readonly port?: number; readonly host?: string } = {},
): Promise<GalleryServer> => {
  let files = initial;
  let version = 0;
  const listeners = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.pathname === EVENTS_PATH) {
      response.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      response.write(`retry: 1000\nevent: hello\ndata: ${version}\n\n`);
      listeners.add(response);
      request.on('close', () => listeners.delete(response));
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    } catch {
      path = '';
    }
    const content = files.get(path.endsWith('/') ? `${path}index.html` : path);
    if (content === undefined) {
      response
        .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
        .end(`not found: ${url.pathname}\n`);
      return;
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    response.end(request.method === 'HEAD' ? undefined : content);
  });
  const heartbeat = setInterval(() => {
    for (const listener of listeners) listener.write(': still here\n\n');
  }, HEARTBEAT_MS).unref();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PREVIEW_PORT, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    update: (next) => {
      files = next;
      version++;
      for (const listener of listeners) listener.write(`event: reload\ndata: ${version}\n\n`);
    },
    close: async () => {
      clearInterval(heartbeat);
      for (const listener of listeners) listener.end();
      listeners.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
};

export type { GalleryServer };
export { DEFAULT_PREVIEW_PORT, EVENTS_PATH, startGalleryServer };
