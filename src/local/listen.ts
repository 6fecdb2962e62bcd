/** @module local/listen — a local endpoint's server on 127.0.0.1, and a close that does not wait on idle clients. */
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * Listens on 127.0.0.1 (`port` 0: any free one) and returns the URL, and a close that ends open connections too: an
 * SDK client keeps its sockets alive, and `server.close()` alone would wait for them.
 *
 * @example
 * ```ts
 * const { url, close } = await listenLocally(createServer(answer));
 * ```
 */
const listenLocally = async (
  server: Server,
  port = 0,
): Promise<{ url: string; close: () => Promise<void> }> => {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
};

/** Credentials for the local endpoints: they check none, and the SDK clients need some. */
const LOCAL_CREDENTIALS = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' } as const;

/** The credential variables a function needs to reach a local endpoint, unless this process already has a key pair. */
const localCredentialVariables = (env: NodeJS.ProcessEnv = process.env): Record<string, string> =>
  env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
    ? {}
    : {
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      };

export { LOCAL_CREDENTIALS, listenLocally, localCredentialVariables };
