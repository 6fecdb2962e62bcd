/**
 * @module preview/watch — `--watch`: fs.watch on the folders of the handlers' own files (handler, templates, brands)
 * and of the files given on the command line; a burst of changes becomes one re-render, and a change during a render
 * one more after it.
 */
import { type FSWatcher, watch } from 'node:fs';
import { dirname, join, resolve as resolvePath, sep } from 'node:path';

/** Changes closer together than this are one edit (editors write a file in several steps). */
const SETTLE_MS = 80;
/** What a handler's code and configuration are written in; other files in its folders (swap files, notes) are not. */
const SOURCE = /\.(?:[cm]?[jt]s|tsx|jsx|json)$/i;

interface Watcher {
  /** Watches these files' folders from now on (a render may have found new ones). */
  update(files: readonly string[]): void;
  close(): void;
}

/**
 * Calls `render` after each change to a source file in the watched folders, never twice at once. `ignore` leaves out
 * paths such as the gallery's own output folder.
 *
 * @example
 * ```ts
 * const watcher = watchSources(run.watched, async (changed) => { await renderAgain(); });
 * ```
 */
const watchSources = (
  files: readonly string[],
  render: (changed: string) => Promise<void>,
  options: { readonly ignore?: (path: string) => boolean; readonly explicit?: readonly string[] } = {},
): Watcher => {
  const watchers = new Map<string, FSWatcher>();
  const explicit = new Set((options.explicit ?? []).map((file) => resolvePath(file)));
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let pending: string | undefined;
  let closed = false;

  const run = (changed: string) => {
    if (running) {
      pending = changed;
      return;
    }
    running = render(changed)
      .catch(() => undefined)
      .finally(() => {
        running = undefined;
        if (pending !== undefined && !closed) {
          const next = pending;
          pending = undefined;
          run(next);
        }
      });
  };

  const changedIn = (dir: string) => (_event: string, name: string | Buffer | null) => {
    if (closed || name === null) return;
    const path = join(dir, name.toString());
    if (options.ignore?.(path)) return;
    if (!explicit.has(path) && !SOURCE.test(path)) return;
    clearTimeout(timer);
    timer = setTimeout(() => run(path), SETTLE_MS);
  };

  const update = (next: readonly string[]) => {
    const dirs = new Set([...next, ...explicit].map((file) => dirname(resolvePath(file))));
    for (const [dir, watcher] of watchers)
      if (!dirs.has(dir)) {
        watcher.close();
        watchers.delete(dir);
      }
    for (const dir of dirs)
      if (!watchers.has(dir))
        try {
          watchers.set(dir, watch(dir, changedIn(dir)));
        } catch {
          // A folder that is gone is watched again once a render finds it.
        }
  };
  update(files);
  return {
    update,
    close: () => {
      closed = true;
      clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
};

/**
 * True for `path` inside `dir` (or `dir` itself).
 *
 * @example
 * ```ts
 * isInside('/p/.cognito-trigger/preview/index.html', '/p/.cognito-trigger/preview'); // true
 * ```
 */
const isInside = (path: string, dir: string): boolean => path === dir || path.startsWith(`${dir}${sep}`);

export type { Watcher };
export { isInside, watchSources };
