/**
 * @module preview/discover — which handlers to preview and what each is made of: every module directly in handlers/
 * that exports `handler` (as `build` picks them), or those named with `--handler`; the local files each one imports
 * (what `--watch` watches), and the modules among them that export the brands (`bundledBrands`, `brands`).
 */
import { existsSync } from 'node:fs';
import { relative, resolve as resolvePath } from 'node:path';
import { findHandlers } from '../build/build.js';
import { resolveHandlerSpec } from '../local/handler-process.js';

/** The exports the preview reads brands from, the first found winning: a whole configuration, then brands alone. */
const BRAND_EXPORTS = ['bundledBrands', 'brands'] as const;
type BrandExport = (typeof BRAND_EXPORTS)[number];

/** A module to preview, before its graph is read. */
interface HandlerCandidate {
  /** As given: `FILE[:export]`. */
  readonly spec: string;
  /** The module, absolute. */
  readonly file: string;
  readonly exportName: string;
  /** How the gallery names it: the file relative to the working directory, with `:export` when not `handler`. */
  readonly label: string;
  /** Given with `--sms-sender`: run as a Custom SMS sender whatever it answers to a sample event. */
  readonly sender: boolean;
}

interface HandlerModule extends HandlerCandidate {
  /** It imports what Custom SMS senders import: worth encrypting a code for before it is run. */
  readonly mayBeSender: boolean;
  /** The module's own local files, itself first, then what it imports, breadth first. */
  readonly files: readonly string[];
  /** Modules among `files` that export brands, nearest first. */
  readonly brandModules: readonly { readonly file: string; readonly exportName: BrandExport }[];
}

type Metafile = import('esbuild').Metafile;

/** esbuild reads the module graph without running it; packages are not read at all. */
const graphOf = async (entries: readonly string[], cwd: string): Promise<Metafile | undefined> => {
  const { build } = await import('esbuild');
  try {
    const { metafile } = await build({
      absWorkingDir: cwd,
      entryPoints: [...entries],
      entryNames: '[dir]/[name]-[hash]',
      bundle: true,
      packages: 'external',
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      conditions: ['source'],
      outdir: resolvePath(cwd, '.preview-graph'),
      logLevel: 'silent',
    });
    return metafile;
  } catch {
    return undefined;
  }
};

/** Each entry's exports, re-exports included, keyed by the entry's path relative to `cwd`. */
const exportsByEntry = (metafile: Metafile | undefined): Map<string, readonly string[]> =>
  new Map(
    Object.values(metafile?.outputs ?? {})
      .filter((output) => output.entryPoint !== undefined)
      .map((output) => [output.entryPoint as string, output.exports]),
  );

/** The local files reachable from `entry` (relative to `cwd`), breadth first. */
const reachable = (metafile: Metafile, entry: string): string[] => {
  const order = [entry];
  const seen = new Set(order);
  for (let i = 0; i < order.length; i++)
    for (const imported of metafile.inputs[order[i] as string]?.imports ?? [])
      if (!imported.external && metafile.inputs[imported.path] && !seen.has(imported.path)) {
        seen.add(imported.path);
        order.push(imported.path);
      }
  return order;
};

/** Packages a Custom SMS sender imports: a hint to start encrypting the code before the sender is found. */
const SENDER_PACKAGES = /^(?:cognito-trigger-kit\/sms|@aws-crypto\/|@aws-sdk\/client-(?:sns|kms))/;

/**
 * The modules to preview: those named (`--handler`, `--sms-sender`), else every module directly in `handlersDir`,
 * which {@link discoverHandlers} keeps when it exports `handler`. Reads the folder only: fast enough to start the
 * functions while esbuild reads their graphs.
 *
 * @example
 * ```ts
 * const { candidates, named } = handlerCandidates(process.cwd());
 * ```
 */
const handlerCandidates = (
  cwd: string,
  options: {
    readonly handlers?: readonly string[];
    readonly senders?: readonly string[];
    /** Where handlers are found when none is named (default: handlers). */
    readonly handlersDir?: string;
  } = {},
): { readonly candidates: readonly HandlerCandidate[]; readonly named: boolean } => {
  const given = [
    ...(options.handlers ?? []).map((spec) => ({ spec, sender: false })),
    ...(options.senders ?? []).map((spec) => ({ spec, sender: true })),
  ];
  const dir = resolvePath(cwd, options.handlersDir ?? 'handlers');
  const specs =
    given.length > 0
      ? given
      : findHandlers(dir).map((name) => ({
          spec: relative(cwd, resolvePath(dir, `${name}.ts`)),
          sender: false,
        }));
  return {
    named: given.length > 0,
    candidates: specs.map(({ spec, sender }) => {
      const { file, exportName } = resolveHandlerSpec(spec, cwd);
      const entry = relative(cwd, file);
      return {
        spec,
        sender,
        file,
        exportName,
        label: exportName === 'handler' ? entry : `${entry}:${exportName}`,
      };
    }),
  };
};

/**
 * Reads each candidate's module graph: two esbuild passes in all, one over the handlers and one over their own files.
 * A module esbuild cannot read (a syntax error, a missing import) keeps only its own file: running it then says what
 * is wrong. Unless the candidates were `named`, a module that does not export `handler` is no handler (as `build`
 * decides) and is left out.
 *
 * @example
 * ```ts
 * const { candidates, named } = handlerCandidates(process.cwd());
 * const modules = await discoverHandlers(process.cwd(), candidates, named);
 * ```
 */
const discoverHandlers = async (
  cwd: string,
  candidates: readonly HandlerCandidate[],
  named: boolean,
): Promise<HandlerModule[]> => {
  const entries = [...new Set(candidates.map((c) => c.file).filter((file) => existsSync(file)))];
  const graph = entries.length > 0 ? await graphOf(entries, cwd) : undefined;
  const entryExports = exportsByEntry(graph);
  const chosen = named
    ? candidates
    : candidates.filter((c) => entryExports.get(relative(cwd, c.file))?.includes('handler') ?? true);
  const locals = new Map(
    chosen.map((c) => {
      const entry = relative(cwd, c.file);
      return [c.file, graph?.inputs[entry] ? reachable(graph, entry) : [entry]] as const;
    }),
  );
  const allLocal = [...new Set([...locals.values()].flat())].filter((path) => graph?.inputs[path]);
  const exported = exportsByEntry(
    allLocal.length > 0
      ? await graphOf(
          allLocal.map((path) => resolvePath(cwd, path)),
          cwd,
        )
      : undefined,
  );
  return chosen.map((candidate) => {
    const entry = relative(cwd, candidate.file);
    const local = locals.get(candidate.file) ?? [entry];
    const brandModules = BRAND_EXPORTS.flatMap((name) =>
      local
        .filter((path) => exported.get(path)?.includes(name))
        .map((path) => ({ file: resolvePath(cwd, path), exportName: name })),
    );
    const packages = local.flatMap((path) =>
      (graph?.inputs[path]?.imports ?? []).filter((i) => i.external).map((i) => i.path),
    );
    return {
      ...candidate,
      mayBeSender: candidate.sender || packages.some((name) => SENDER_PACKAGES.test(name)),
      files: local.map((path) => resolvePath(cwd, path)),
      brandModules,
    };
  });
};

export type { BrandExport, HandlerCandidate, HandlerModule };
export { BRAND_EXPORTS, discoverHandlers, handlerCandidates };
