/**
 * @module preview/site/site — the gallery as files: index.html, one page per message, messages.json, the stylesheet and
 * script, and the screenshots. Built in memory (`--serve` answers from it) and written to a folder for `--out`.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PreviewRun } from '../model.js';
import { GALLERY_CSS, GALLERY_JS } from './assets.js';
import { indexPage, pageOf, type SiteContext } from './index-page.js';
import { messagePage } from './message-page.js';

/** Path in the gallery → content. */
type SiteFiles = ReadonlyMap<string, string | Uint8Array>;

/**
 * The gallery's files. `screenshots` are the PNGs the run's messages name, by path.
 *
 * @example
 * ```ts
 * const files = buildSite(run, { problems: checkRun(run) });
 * files.get('index.html');
 * ```
 */
const buildSite = (
  run: PreviewRun,
  context: SiteContext,
  screenshots: ReadonlyMap<string, Uint8Array> = new Map(),
): SiteFiles => {
  const files = new Map<string, string | Uint8Array>();
  const changes = new Map((context.changes ?? []).map((change) => [change.messageId, change]));
  files.set('index.html', indexPage(run, context));
  for (const message of run.messages)
    files.set(pageOf(message), messagePage(message, changes.get(message.id)));
  files.set(
    'messages.json',
    `${JSON.stringify(
      {
        handlers: run.handlers,
        messages: run.messages.map((message) => ({ ...message, page: pageOf(message) })),
        problems: context.problems,
        ...(context.changes ? { changes: context.changes } : {}),
        durationMs: run.durationMs,
      },
      null,
      2,
    )}\n`,
  );
  files.set('assets/gallery.css', GALLERY_CSS);
  files.set('assets/gallery.js', GALLERY_JS);
  for (const [path, image] of screenshots) files.set(path, image);
  return files;
};

/** The folders whose files all come from the gallery: what a previous run left there and this one has not is removed. */
const OWNED = ['pages', 'shots'];

/**
 * Writes the gallery into `dir`, replacing a previous one's pages and screenshots.
 *
 * @example
 * ```ts
 * writeSite('.cognito-trigger/preview', buildSite(run, { problems: [] }));
 * ```
 */
const writeSite = (dir: string, files: SiteFiles): void => {
  for (const folder of OWNED) {
    let entries: string[] = [];
    try {
      entries = readdirSync(join(dir, folder));
    } catch {
      // nothing there yet
    }
    for (const entry of entries)
      if (!files.has(`${folder}/${entry}`) && /\.(html|png)$/.test(entry)) rmSync(join(dir, folder, entry));
  }
  for (const [path, content] of files) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
};

export type { SiteFiles };
export { buildSite, writeSite };
