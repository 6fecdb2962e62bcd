/**
 * @module preview/brands — which brands and locales to preview a handler in. First, the brand configuration document
 * the handler's environment names (`BRAND_CONFIG_APPCONFIG`, `BRAND_CONFIG_PARAMETER`) when `--parameters FILE` holds
 * it: that document is what the handler then reads, from the local parameter endpoint. Else the first module of the
 * handler's own files that exports `bundledBrands` (a brand configuration) or `brands` (brand id → brand), run with
 * the handler's environment. Else none: the handler runs once per event, in the brand it
 * picks itself. Each brand's `locales` are its locales; `displayName` or `name` labels it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BRAND_CONFIG_APPCONFIG, BRAND_CONFIG_PARAMETER } from '../brand/environment.js';
import type { HandlerModule } from './discover.js';
import type { BrandEnumeration } from './model.js';

type Brands = BrandEnumeration['brands'];

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const label = (brand: Record<string, unknown>): string | undefined =>
  typeof brand.displayName === 'string'
    ? brand.displayName
    : typeof brand.name === 'string'
      ? brand.name
      : undefined;

/**
 * The brands of a configuration (`{ brands: { id: brand } }`) or of a brand record (`{ id: brand }`), each brand with
 * a list of locales; undefined when the value is neither.
 *
 * @example
 * ```ts
 * brandsIn({ brands: { acme: { locales: ['en', 'fr'], defaultLocale: 'en' } } }); // [{ id: 'acme', locales: ['en', 'fr'], … }]
 * ```
 */
const brandsIn = (value: unknown): Brands | undefined => {
  if (!isObject(value)) return undefined;
  const record = isObject(value.brands) ? value.brands : value;
  const brands = Object.entries(record).map(([id, brand]) => {
    if (!isObject(brand) || !Array.isArray(brand.locales)) return undefined;
    const locales = brand.locales.filter((locale): locale is string => typeof locale === 'string');
    const name = label(brand);
    return {
      id,
      locales,
      ...(typeof brand.defaultLocale === 'string' ? { defaultLocale: brand.defaultLocale } : {}),
      ...(name === undefined ? {} : { name }),
    };
  });
  if (brands.length === 0 || brands.some((brand) => brand === undefined || brand.locales.length === 0))
    return undefined;
  return brands as Brands;
};

/** A parameter's value as the handler would parse it: objects as they are, strings as JSON. */
const parsed = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
};

/**
 * The document a handler's environment names, from the `--parameters` map: an AppConfig profile, a parameter, or a
 * path (`/brands/`: one parameter per brand under it), as `brandsFromEnvironment` reads them.
 */
const fromParameters = (
  environment: Readonly<Record<string, string | undefined>>,
  parameters: Readonly<Record<string, unknown>> | undefined,
): BrandEnumeration | undefined => {
  const name = environment[BRAND_CONFIG_APPCONFIG] || environment[BRAND_CONFIG_PARAMETER];
  if (!name) return undefined;
  if (!parameters)
    return {
      source: 'none',
      from: name,
      brands: [],
      problem: `the handler's environment names ${name}; give --parameters FILE with it to preview those brands`,
    };
  const document =
    name.endsWith('/') && name.length > 1
      ? Object.fromEntries(
          Object.entries(parameters)
            .filter(([key]) => key.startsWith(name) && !key.slice(name.length).includes('/'))
            .map(([key, value]) => [key.slice(name.length), parsed(value)]),
        )
      : parsed(parameters[name]);
  const brands = brandsIn(document);
  return brands
    ? { source: 'parameters', from: name, brands }
    : {
        source: 'none',
        from: name,
        brands: [],
        problem: `--parameters has no brand configuration at ${name}`,
      };
};

type Loaded = Readonly<Record<string, { readonly value?: unknown; readonly error?: string }>>;

/** The kit itself is bundled from its sources; every other package is imported as installed. */
const KIT = /^cognito-trigger-kit(?:\/|$)/;
const externalPackages = {
  name: 'external-packages',
  setup(build: import('esbuild').PluginBuild) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      KIT.test(args.path) || args.path.startsWith('node:') ? undefined : { path: args.path, external: true },
    );
  },
};

/** A folder from which the project's packages resolve: its node_modules/.cache, else the system's temporary folder. */
const scratchFolder = (cwd: string): string => {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules')))
      return join(dir, 'node_modules', '.cache', 'cognito-trigger-preview');
    if (dirname(dir) === dir) return join(tmpdir(), 'cognito-trigger-preview');
  }
};

/**
 * Runs the modules' top level with the handler's environment and reads their exports. They are bundled first, with
 * their own files and the kit, into one module of plain JavaScript: a fresh copy each time, so an edited brand file is
 * read again, and nothing of the kit's TypeScript hooks is needed to run it.
 */
const importBundled = async (
  wanted: readonly { readonly file: string; readonly exportName: string }[],
  cwd: string,
  environment: Readonly<Record<string, string>>,
): Promise<Record<string, unknown>> => {
  const { build } = await import('esbuild');
  const { outputFiles } = await build({
    absWorkingDir: cwd,
    stdin: {
      contents: wanted
        .map((w, i) => `export { ${w.exportName} as e${i} } from ${JSON.stringify(w.file)};`)
        .join('\n'),
      resolveDir: cwd,
      loader: 'js',
      sourcefile: 'preview-brands.js',
    },
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    conditions: ['source'],
    logLevel: 'silent',
    plugins: [externalPackages],
    // Bundled CommonJS calls require() for Node.js built-ins: ESM has none of its own.
    banner: {
      js: `import { createRequire as createRequire$ } from 'node:module'; const require = createRequire$(${JSON.stringify(join(cwd, 'package.json'))});`,
    },
  });
  const folder = scratchFolder(cwd);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `brands-${process.pid}-${randomBytes(6).toString('hex')}.mjs`);
  writeFileSync(file, outputFiles[0]?.text ?? '');
  const saved = Object.keys(environment).map((name) => [name, process.env[name]] as const);
  Object.assign(process.env, environment);
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } finally {
    for (const [name, value] of saved)
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    rmSync(file, { force: true });
  }
};

const keyOf = (w: { readonly file: string; readonly exportName: string }) => `${w.file}#${w.exportName}`;

/** Each export's value, or why its module could not be run; modules are tried one by one when they fail together. */
const loadExports = async (
  wanted: readonly { readonly file: string; readonly exportName: string }[],
  cwd: string,
  environment: Readonly<Record<string, string>>,
): Promise<Loaded> => {
  if (wanted.length === 0) return {};
  try {
    const module = await importBundled(wanted, cwd, environment);
    return Object.fromEntries(wanted.map((w, i) => [keyOf(w), { value: module[`e${i}`] }]));
  } catch (error) {
    if (wanted.length > 1) {
      const each = await Promise.all(wanted.map((w) => loadExports([w], cwd, environment)));
      return Object.assign({}, ...each) as Loaded;
    }
    const reason = (error as { errors?: { text: string }[] }).errors?.[0]?.text ?? (error as Error).message;
    return { [keyOf(wanted[0] as (typeof wanted)[number])]: { error: reason } };
  }
};

/**
 * The brands and locales to preview each handler in, by its label.
 *
 * @example
 * ```ts
 * const brands = await enumerateBrands(modules, { cwd, environment: {}, parameters: undefined });
 * brands.get('handlers/custom-message.ts')?.brands; // [{ id: 'acme', locales: ['en', 'fr'] }, …]
 * ```
 */
const enumerateBrands = async (
  modules: readonly HandlerModule[],
  context: {
    readonly cwd: string;
    /** The handlers' environment (`--env-vars` and the preview's own variables). */
    readonly environment: Readonly<Record<string, string>>;
    /** The `--parameters` map, when given. */
    readonly parameters?: Readonly<Record<string, unknown>> | undefined;
  },
): Promise<Map<string, BrandEnumeration>> => {
  const env = { ...process.env, ...context.environment };
  const remote = fromParameters(env, context.parameters);
  const wanted = [
    ...new Map(
      modules.flatMap((module) => module.brandModules).map((candidate) => [keyOf(candidate), candidate]),
    ).values(),
  ];
  const loaded =
    remote?.source === 'parameters' ? {} : await loadExports(wanted, context.cwd, context.environment);
  const found = new Map<string, BrandEnumeration>();
  for (const module of modules) {
    if (remote?.source === 'parameters') {
      found.set(module.label, remote);
      continue;
    }
    const problems: string[] = remote?.problem ? [remote.problem] : [];
    let enumeration: BrandEnumeration | undefined;
    for (const candidate of module.brandModules) {
      const result = loaded[keyOf(candidate)];
      const brands = result?.error === undefined ? brandsIn(result?.value) : undefined;
      if (brands) {
        enumeration = {
          source: 'exports',
          from: `${candidate.exportName} of ${relative(context.cwd, candidate.file)}`,
          brands,
        };
        break;
      }
      problems.push(
        result?.error
          ? `cannot load ${relative(context.cwd, candidate.file)}: ${result.error}`
          : `${candidate.exportName} of ${relative(context.cwd, candidate.file)} lists no brands with locales`,
      );
    }
    found.set(
      module.label,
      enumeration ?? {
        source: 'none',
        brands: [],
        ...(problems.length > 0 ? { problem: problems.join('; ') } : {}),
      },
    );
  }
  return found;
};

export { brandsIn, enumerateBrands };
