/**
 * @module build — one Lambda bundle per handler: every module directly in `handlers/` that exports `handler` (or that
 * package.json lists), bundled with esbuild for the Lambda Node.js runtime into `dist/<handler>/index.mjs` (+ source
 * map), zipped into `dist/<handler>.zip`, and measured against a size budget.
 */
import { randomBytes } from 'node:crypto';
import {
  type Dirent,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { zip } from './zip.js';

/** The Lambda runtime the bundles are built for (and the infrastructure template names). */
const RUNTIME = 'nodejs22.x';
const TARGET = 'node22';
/** What a handler's `index.mjs` may weigh unless configured otherwise: parsing more costs every cold start. */
const DEFAULT_BUDGET_BYTES = 1024 * 1024;
/**
 * ESM output has no `require`; a bundled CommonJS dependency (the Encryption SDK, parts of Powertools) calls it for
 * Node.js built-ins, so each bundle makes one.
 */
const REQUIRE_BANNER =
  "import { createRequire as __kitCreateRequire } from 'node:module'; const require = __kitCreateRequire(import.meta.url);";

interface BuildOptions {
  /** The project: where `handlers/` and `package.json` are (default: the current directory). */
  readonly root?: string;
  readonly handlersDir?: string;
  readonly outDir?: string;
  /** Build only these handlers (file names without `.ts`); default: all. */
  readonly only?: readonly string[];
  /**
   * Budget for every `index.mjs`, in bytes, over any in package.json (default: `cognitoTrigger.build.budgets.<name>`,
   * then `cognitoTrigger.build.budget`, else 1 MiB).
   */
  readonly budgetBytes?: number;
  /** Write the zip files (default: true). */
  readonly zip?: boolean;
}

interface HandlerBuild {
  readonly name: string;
  /** The source file, relative to the project. */
  readonly entry: string;
  /** `dist/<name>/index.mjs`, relative to the project. */
  readonly outfile: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly zipFile?: string;
  readonly zipBytes?: number;
  readonly budgetBytes: number;
  /** The inputs that weigh most in the bundle, largest first. */
  readonly largest: readonly { readonly input: string; readonly bytes: number }[];
}

/** A module in the handlers folder that was not built, and why. */
interface SkippedModule {
  /** The source file, relative to the project. */
  readonly entry: string;
  readonly reason: string;
}

interface BuildReport {
  readonly handlers: readonly HandlerBuild[];
  readonly overBudget: readonly HandlerBuild[];
  /** The modules beside the handlers that are not handlers (or not listed in package.json). */
  readonly skipped: readonly SkippedModule[];
}

/** The export the Lambda runtime calls: the templates' `Handler: index.handler`. */
const HANDLER_EXPORT = 'handler';

type Esbuild = typeof import('esbuild');

/**
 * What a module exports, read by esbuild without running it: its own exports and those it re-exports from other
 * files, as the bundle's entry would have them. Undefined when esbuild cannot read it; the build then reports why.
 */
const exportsOf = async (
  build: Esbuild['build'],
  entry: string,
  root: string,
  conditions: readonly string[],
): Promise<readonly string[] | undefined> => {
  try {
    const { metafile } = await build({
      absWorkingDir: root,
      entryPoints: [entry],
      bundle: true,
      // Only the module's own files decide what it exports; packages are not read at all.
      packages: 'external',
      write: false,
      metafile: true,
      platform: 'node',
      target: TARGET,
      format: 'esm',
      conditions: [...conditions],
      outdir: root,
      logLevel: 'silent',
    });
    return Object.values(metafile.outputs).find((output) => output.entryPoint !== undefined)?.exports;
  } catch {
    return undefined;
  }
};

/**
 * Which modules are handlers: those package.json lists in `cognitoTrigger.build.handlers` when it lists them, else
 * those that export `handler`. The others are returned as skipped, with the reason.
 */
const selectHandlers = async (
  modules: readonly string[],
  listed: readonly string[] | undefined,
  entryOf: (name: string) => string,
  exportsOfModule: (name: string) => Promise<readonly string[] | undefined>,
): Promise<{ handlers: string[]; skipped: SkippedModule[] }> => {
  if (listed !== undefined)
    return {
      handlers: [...listed],
      skipped: modules
        .filter((name) => !listed.includes(name))
        .map((name) => ({
          entry: entryOf(name),
          reason: 'not listed in cognitoTrigger.build.handlers in package.json',
        })),
    };
  const exported = await Promise.all(modules.map(exportsOfModule));
  const handlers: string[] = [];
  const skipped: SkippedModule[] = [];
  modules.forEach((name, i) => {
    const names = exported[i];
    if (names === undefined || names.includes(HANDLER_EXPORT)) handlers.push(name);
    else
      skipped.push({
        entry: entryOf(name),
        reason: `exports no ${HANDLER_EXPORT}${names.length > 0 ? ` (exports: ${names.join(', ')})` : ''}`,
      });
  });
  return { handlers, skipped };
};

/** Reads a size: a number of bytes, or `512KB`, `1.5MB`, `300 KiB` (K and M are 1,024-based). */
const parseSize = (value: unknown, what: string): number => {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  const match =
    typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB)?\s*$/i.exec(value) : null;
  if (!match)
    throw new RangeError(`${what} must be a size such as 512KB or 1MB, not ${JSON.stringify(value)}`);
  const unit = (match[2] ?? 'B').toUpperCase();
  const factor = unit.startsWith('M') ? 1024 * 1024 : unit.startsWith('K') ? 1024 : 1;
  const bytes = Math.round(Number(match[1]) * factor);
  if (bytes <= 0)
    throw new RangeError(`${what} must be a size such as 512KB or 1MB, not ${JSON.stringify(value)}`);
  return bytes;
};

/**
 * The build's settings in package.json: `"cognitoTrigger": { "build": { "budget": "512KB", "budgets": { "name": "1MB" },
 * "handlers": ["custom-message"] } }`.
 */
const readBuildConfig = (root: string) => {
  const file = join(root, 'package.json');
  if (!existsSync(file)) return { budgets: {} as Record<string, number> };
  const config = (
    JSON.parse(readFileSync(file, 'utf8')) as { cognitoTrigger?: { build?: Record<string, unknown> } }
  ).cognitoTrigger?.build;
  const budgets: Record<string, number> = {};
  for (const [name, size] of Object.entries((config?.budgets as Record<string, unknown> | undefined) ?? {}))
    budgets[name] = parseSize(size, `cognitoTrigger.build.budgets.${name} in package.json`);
  const handlers = config?.handlers;
  if (handlers !== undefined && !(Array.isArray(handlers) && handlers.every((h) => typeof h === 'string')))
    throw new RangeError(
      `cognitoTrigger.build.handlers in package.json must list handler names (file names without .ts), not ${JSON.stringify(handlers)}`,
    );
  return {
    budgets,
    ...(config?.budget === undefined
      ? {}
      : { budget: parseSize(config.budget, 'cognitoTrigger.build.budget in package.json') }),
    ...(handlers === undefined ? {} : { handlers: handlers as readonly string[] }),
  };
};

/** A regular file, or a symlink to one: a handler linked in from elsewhere is built like any other. */
const isFile = (dir: string, entry: Dirent) => {
  if (entry.isFile()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return statSync(join(dir, entry.name)).isFile();
  } catch {
    // A link to nothing (or to itself) is no handler.
    return false;
  }
};

/**
 * The modules that may be handlers: each `.ts` file directly in the handlers folder (modules they share live in
 * subfolders, or beside them and export no handler).
 */
const findHandlers = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter(
          (entry) =>
            isFile(dir, entry) &&
            entry.name.endsWith('.ts') &&
            !entry.name.endsWith('.d.ts') &&
            !entry.name.startsWith('.') &&
            !/\.(test|spec)\.ts$/.test(entry.name),
        )
        .map((entry) => entry.name.slice(0, -'.ts'.length))
        .sort()
    : [];

/**
 * Writes a build output whole or not at all: into a new temporary file beside it, then renamed over it. A symlink at
 * `file` is replaced by the output, never written through, so a link in dist/ cannot make the build overwrite its
 * target.
 *
 * @example
 * ```ts
 * writeOutput('dist/custom-message.zip', archive);
 * ```
 */
const writeOutput = (file: string, data: Uint8Array) => {
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // `wx` creates the file or fails: it never opens an existing file, nor follows a link planted at that name.
    writeFileSync(temporary, data, { flag: 'wx' });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
};

/**
 * Builds every handler and returns what was built; a handler over its budget is reported in `overBudget` (the
 * command fails on it), and the modules beside the handlers that are not built in `skipped`. Throws an Error naming
 * the handler when esbuild cannot bundle it, and a RangeError for a name that is no handler.
 *
 * @example
 * ```ts
 * const { handlers, overBudget } = await buildHandlers({ root: process.cwd() });
 * ```
 */
const buildHandlers = async (options: BuildOptions = {}): Promise<BuildReport> => {
  const root = options.root ?? process.cwd();
  const handlersDir = resolve(root, options.handlersDir ?? 'handlers');
  const outDir = resolve(root, options.outDir ?? 'dist');
  const configured = readBuildConfig(root);
  const modules = findHandlers(handlersDir);
  const shownDir = relative(root, handlersDir) || '.';
  const notFound = (configured.handlers ?? []).filter((name) => !modules.includes(name));
  if (notFound.length > 0)
    throw new RangeError(
      `cognitoTrigger.build.handlers in package.json names ${notFound.join(', ')}, not in ${shownDir} (modules: ${modules.join(', ') || 'none'})`,
    );
  const { build } = await import('esbuild');
  // This package's own sources stand in for its compiled lib/ when that has not been built (a checkout of the kit).
  const kitRoot = fileURLToPath(new URL('../..', import.meta.url));
  const conditions = existsSync(join(kitRoot, 'lib')) ? [] : ['source'];
  const entryOf = (name: string) => join(handlersDir, `${name}.ts`);
  const selected = await selectHandlers(
    modules,
    configured.handlers,
    (name) => relative(root, entryOf(name)),
    (name) => exportsOf(build, entryOf(name), root, conditions),
  );
  const only = options.only ?? [];
  const refused = only.filter((name) => !selected.handlers.includes(name));
  if (refused.length > 0) {
    const listing = `(handlers: ${selected.handlers.join(', ') || 'none'})`;
    const notModules = refused.filter((name) => !modules.includes(name));
    const notHandlers = selected.skipped.filter((s) =>
      refused.some((name) => s.entry === relative(root, entryOf(name))),
    );
    throw new RangeError(
      [
        ...(notModules.length > 0
          ? [`no handler named ${notModules.join(', ')} in ${shownDir} ${listing}`]
          : []),
        ...notHandlers.map((s) => `${s.entry} is not built: ${s.reason} ${listing}`),
      ].join('\n'),
    );
  }
  const names = only.length > 0 ? [...only] : selected.handlers;
  const handlers: HandlerBuild[] = [];
  for (const name of names) {
    const entry = entryOf(name);
    const dir = join(outDir, name);
    // A symlink here is removed, not followed: rmSync unlinks the link and leaves what it points to.
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, 'index.mjs');
    let result: Awaited<ReturnType<typeof build>>;
    try {
      result = await build({
        absWorkingDir: root,
        entryPoints: [entry],
        outfile,
        bundle: true,
        minify: true,
        sourcemap: 'linked',
        sourcesContent: false,
        platform: 'node',
        target: TARGET,
        format: 'esm',
        conditions,
        // The Lambda Node.js runtime has the AWS SDK for JavaScript v3: bundling it would only add to the cold start.
        external: ['@aws-sdk/*'],
        banner: { js: REQUIRE_BANNER },
        legalComments: 'none',
        metafile: true,
        // The outputs are written here, atomically (see writeOutput), rather than by esbuild.
        write: false,
        logLevel: 'silent',
      });
    } catch (error) {
      const errors = (error as { errors?: { text: string; location?: { file: string; line: number } }[] })
        .errors;
      const detail = errors
        ?.map((e) => (e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text))
        .join('\n  ');
      throw new Error(`cannot build ${name}: ${detail ?? (error as Error).message}`);
    }
    for (const file of result.outputFiles ?? []) writeOutput(file.path, file.contents);
    const code = readFileSync(outfile);
    const output = Object.values(result.metafile?.outputs ?? {}).find((o) => o.entryPoint !== undefined);
    const largest = Object.entries(output?.inputs ?? {})
      .map(([input, { bytesInOutput }]) => ({ input, bytes: bytesInOutput }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 3);
    // The command line wins, then the handler's own budget, then the project's, then the default.
    const budgetBytes =
      options.budgetBytes ?? configured.budgets[name] ?? configured.budget ?? DEFAULT_BUDGET_BYTES;
    let zipped: { zipFile: string; zipBytes: number } | undefined;
    if (options.zip !== false) {
      const archive = zip([
        { name: 'index.mjs', data: code },
        { name: 'index.mjs.map', data: readFileSync(`${outfile}.map`) },
      ]);
      const zipFile = join(outDir, `${name}.zip`);
      writeOutput(zipFile, archive);
      zipped = { zipFile: relative(root, zipFile), zipBytes: archive.length };
    }
    handlers.push({
      name,
      entry: relative(root, entry),
      outfile: relative(root, outfile),
      bytes: code.length,
      gzipBytes: gzipSync(code).length,
      ...zipped,
      budgetBytes,
      largest,
    });
  }
  return {
    handlers,
    overBudget: handlers.filter((h) => h.bytes > h.budgetBytes),
    // Named on the command line, the others are not skipped but left for another time.
    skipped: only.length > 0 ? [] : selected.skipped,
  };
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** The size report the command prints: one line per handler, then what fails the build. */
const formatReport = (report: BuildReport): string => {
  const lines = [
    `built for the Lambda ${RUNTIME} runtime (ESM, minified, source maps; @aws-sdk/* from the runtime)`,
  ];
  const width = Math.max(...report.handlers.map((h) => h.name.length), 'handler'.length);
  lines.push(`${'handler'.padEnd(width)}  index.mjs     gzip        zip         budget`);
  for (const h of report.handlers) {
    const verdict = h.bytes <= h.budgetBytes ? 'ok' : 'OVER';
    lines.push(
      `${h.name.padEnd(width)}  ${kb(h.bytes).padEnd(12)}  ${kb(h.gzipBytes).padEnd(10)}  ${(h.zipBytes === undefined ? '-' : kb(h.zipBytes)).padEnd(10)}  ${kb(h.budgetBytes)} ${verdict}`,
    );
  }
  for (const { entry, reason } of report.skipped) lines.push(`skipped ${entry}: ${reason}`);
  for (const h of report.overBudget)
    lines.push(
      `${h.name}: ${kb(h.bytes)} is over its budget of ${kb(h.budgetBytes)}; largest inputs: ${h.largest
        .map((l) => `${l.input} (${kb(l.bytes)})`)
        .join(
          ', ',
        )}. Raise it with --budget or "cognitoTrigger": { "build": { "budgets": { "${h.name}": "1MB" } } } in package.json.`,
    );
  return `${lines.join('\n')}\n`;
};

export type { BuildOptions, BuildReport, HandlerBuild, SkippedModule };
export { buildHandlers, DEFAULT_BUDGET_BYTES, findHandlers, formatReport, parseSize, RUNTIME };
