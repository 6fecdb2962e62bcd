/**
 * @module preview/command — `cognito-trigger preview`: the gallery of every message the handlers send, written to a
 * folder, served with live reload, looked at in Chromium, and checked as a CI gate. A thin face over
 * preview/gallery: argv in, files and text out.
 */
import { relative, resolve as resolvePath } from 'node:path';
import { MissingPackageError } from '../aws/optional-package.js';
import { type OptionSpec, parseArgs, UsageError } from '../cli/aws/args.js';
import type { CliResult } from '../cli/result.js';
import { BaselineError, type Change } from './baseline.js';
import { ChromiumNotFoundError } from './browser.js';
import { failsCheck, KIND_NAMES, type Problem } from './check.js';
import { type Gallery, makeGallery } from './gallery.js';
import { DEFAULT_OUT, fail, galleryOptions, numberOption, PREVIEW_OPTIONS, previewUsage } from './options.js';
import { DEFAULT_PREVIEW_PORT, type GalleryServer, startGalleryServer } from './serve.js';
import { writeSite } from './site/site.js';
import { isInside, watchSources } from './watch.js';

/** The problems and changes, one line each: what `--check` fails on, and what the baseline says. */
const report = (problems: readonly Problem[], changes: readonly Change[] | undefined): string =>
  [
    ...problems.map((p) => `${p.severity.padEnd(7)} ${p.text}`),
    ...(changes ?? []).map(
      (c) => `${c.kind.padEnd(7)} ${c.label}${c.parts.length > 0 ? `: ${c.parts.join(', ')}` : ''}`,
    ),
  ]
    .map((line) => `${line}\n`)
    .join('');

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const summary = (gallery: Gallery, where: string, checked: boolean): string => {
  const { run, timings } = gallery;
  const outcomes = ['customized', 'unchanged', 'fallback', 'failed']
    .map((outcome) => [outcome, run.messages.filter((m) => m.outcome === outcome).length] as const)
    .filter(([, count]) => count > 0)
    .map(([outcome, count]) => `${count} ${outcome}`)
    .join(', ');
  const lines = [
    `cognito-trigger preview: ${count(run.messages.length, 'message')} from ${count(run.handlers.length, 'handler')} in ${timings.renderMs} ms${outcomes ? ` (${outcomes})` : ''}`,
  ];
  for (const handler of run.handlers) {
    const mine = run.messages.filter((m) => m.handler === handler.handler);
    const sources = new Set(mine.map((m) => m.triggerSource)).size;
    const pairs = handler.brands.brands.reduce((sum, brand) => sum + brand.locales.length, 0);
    const brands =
      handler.brands.brands.length > 0
        ? `${count(pairs, 'brand/locale pair')} from ${handler.brands.from}`
        : 'the brand it picks itself';
    lines.push(
      handler.error || handler.note
        ? `  ${handler.handler}: ${handler.error ?? `not previewed: ${handler.note}`}`
        : `  ${handler.handler}: ${KIND_NAMES[handler.kind]}; ${count(sources, 'trigger source')} × ${brands}${handler.unanswered.length > 0 ? `; left to Cognito: ${handler.unanswered.join(', ')}` : ''}`,
    );
  }
  if (timings.browserMs > 0)
    lines.push(`  Chromium: every email at 375 and 1024 px in ${timings.browserMs} ms`);
  lines.push(`  gallery: ${where}`);
  if (checked) {
    const errors = gallery.problems.filter((p) => p.severity === 'error').length;
    lines.push(errors > 0 ? `check failed: ${count(errors, 'problem')} (listed on stdout)` : 'check passed');
  }
  return `${lines.join('\n')}\n`;
};

interface PreviewEnvironment {
  readonly cwd: string;
  /** Where `--serve` writes its start line and each render's summary (default: stderr). */
  readonly log?: (text: string) => void;
  /** Resolves when `--serve` should stop (default: on SIGINT or SIGTERM). */
  readonly stopped?: Promise<unknown>;
  /** Told the gallery's URL once `--serve` listens. */
  readonly onListening?: (url: string) => void;
  /** Told each time `--watch` has rendered again and the pages were told to reload. */
  readonly onRender?: (gallery: Gallery) => void;
}

const untilSignal = () =>
  new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

/** Failures that are the machine's, not the command line's: one line and 255. */
const operational = (error: unknown): CliResult | undefined =>
  error instanceof ChromiumNotFoundError || error instanceof MissingPackageError
    ? { stdout: '', stderr: `\ncognito-trigger: ${error.message}\n`, exitCode: 255 }
    : undefined;

/**
 * `preview [--handler FILE ...] [--event FILE ...] [--out DIR] [--serve [--port N] [--watch]] [--screenshots]
 * [--check] [--baseline DIR]`. Without `--serve` it renders once, writes the gallery and returns; with it, it serves
 * until stopped.
 *
 * @example
 * ```ts
 * const { stdout, stderr, exitCode } = await runPreview(['--check', '--out', 'preview'], { cwd }, GLOBAL_OPTIONS);
 * ```
 */
const runPreview = async (
  argv: readonly string[],
  environment: PreviewEnvironment,
  globals: readonly OptionSpec[],
): Promise<CliResult> => {
  // The aws CLI's globals a local run ignores are accepted; the kit's own options are the ones listed here.
  const { options, positionals } = parseArgs(argv, [
    ...globals.filter((spec) => spec.help === undefined),
    ...PREVIEW_OPTIONS,
  ]);
  if (positionals.length > 0) throw new UsageError(`Unknown options: ${positionals.join(', ')}`);
  const serve = options.has('--serve');
  if (options.has('--watch') && !serve) throw fail('--watch needs --serve');
  if (options.has('--port') && !serve) throw fail('--port needs --serve');
  const port = numberOption(
    options,
    '--port',
    (n) => Number.isInteger(n) && n >= 0 && n <= 65_535,
    'a port number',
  );
  const { cwd } = environment;
  const quiet = options.has('--quiet');
  const checked = options.has('--check');
  const outOption = options.get('--out')?.[0];
  const out =
    outOption === undefined
      ? serve
        ? undefined
        : resolvePath(cwd, DEFAULT_OUT)
      : resolvePath(cwd, outOption);
  // Read again for each render: --watch also watches the files these options name.
  const make = async () => {
    try {
      const gallery = await makeGallery(galleryOptions(options, cwd));
      if (out) writeSite(out, gallery.files);
      return gallery;
    } catch (error) {
      if (error instanceof BaselineError) throw fail(error.message);
      throw error;
    }
  };
  let gallery: Gallery;
  try {
    gallery = await make();
  } catch (error) {
    const result = operational(error);
    if (result) return result;
    throw error;
  }
  const shown = (dir: string) => {
    const path = relative(cwd, dir);
    return `${path.startsWith('..') ? dir : path || '.'}/index.html`;
  };
  const exitCode = checked && failsCheck(gallery.problems) ? 1 : 0;
  if (!serve)
    return {
      stdout: report(gallery.problems, gallery.changes),
      stderr: quiet ? '' : summary(gallery, shown(out as string), checked),
      exitCode,
    };

  const log = environment.log ?? ((text: string) => process.stderr.write(text));
  let server: GalleryServer;
  try {
    server = await startGalleryServer(gallery.files, { ...(port === undefined ? {} : { port }) });
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
        ? 'the port is in use'
        : (error as Error).message;
    return {
      stdout: '',
      stderr: `\ncognito-trigger: cannot listen on port ${port ?? DEFAULT_PREVIEW_PORT}: ${reason}\n`,
      exitCode: 255,
    };
  }
  if (!quiet) log(summary(gallery, `${server.url}${out ? ` (and ${shown(out)})` : ''}`, checked));
  log(
    `cognito-trigger preview: serving ${server.url}${options.has('--watch') ? ', watching the handlers' : ''}; Ctrl-C stops it\n`,
  );
  environment.onListening?.(server.url);
  const watcher = options.has('--watch')
    ? watchSources(
        gallery.watched,
        async (changed) => {
          try {
            gallery = await make();
          } catch (error) {
            log(
              `cognito-trigger preview: ${relative(cwd, changed)} changed; rendering failed: ${(error as Error).message}\n`,
            );
            return;
          }
          watcher?.update(gallery.watched);
          server.update(gallery.files);
          if (!quiet)
            log(
              `cognito-trigger preview: ${relative(cwd, changed)} changed; ${gallery.run.messages.length} messages rendered again in ${gallery.timings.totalMs} ms\n`,
            );
          environment.onRender?.(gallery);
        },
        {
          explicit: [
            ...(options.get('--event') ?? []),
            ...(options.get('--parameters') ?? []),
            ...(options.get('--env-vars') ?? []),
          ].map((file) => resolvePath(cwd, file)),
          ...(out ? { ignore: (path: string) => isInside(path, out) } : {}),
        },
      )
    : undefined;
  await (environment.stopped ?? untilSignal());
  watcher?.close();
  await server.close();
  return {
    stdout: report(gallery.problems, gallery.changes),
    stderr: '',
    exitCode: checked && failsCheck(gallery.problems) ? 1 : 0,
  };
};

export type { PreviewEnvironment };
export { DEFAULT_OUT, previewUsage, runPreview };
