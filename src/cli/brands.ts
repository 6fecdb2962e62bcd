/**
 * @module cli/brands — `cognito-trigger brands check FILE [--handler FILE]`, and `--parameters FILE` for offline remote
 * configuration.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrandConfig, checkBrandDocument } from '../brand/config.js';
import { BRAND_CONFIG_APPCONFIG, BRAND_CONFIG_PARAMETER } from '../brand/environment.js';
import { BRAND_SOURCE_CHANNEL, type BrandSourceAnnouncement } from '../brand/remote.js';
import type { BrandBase } from '../brand/resolve.js';
import { resolveHandlerSpec } from '../local/handler-process.js';
import { localCredentialVariables } from '../local/listen.js';
import { type ParameterEndpoint, startParameterEndpoint } from '../local/parameter-endpoint.js';
import { type OptionSpec, parseArgs, UsageError } from './aws/args.js';
import type { CliResult } from './result.js';
import { DEFAULT_HANDLER, readEnvVars } from './session.js';

const readJson = (path: string, what: string): unknown => {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError('', `\ncognito-trigger: cannot read ${what} ${path}: ${(error as Error).message}\n`);
  }
};

/** The parameter name a handler is shown while it is loaded, when its environment names no brand configuration. */
const PLACEHOLDER_PARAMETER = '/cognito-trigger/brands-check';

/**
 * The brand sources a handler module makes as it is loaded, each with its checks. The module is loaded with
 * `variables` (from `--env-vars`) in the environment and, unless they or the environment name one, a brand parameter,
 * so that a handler choosing its source from the environment (`brandsFromEnvironment`) makes one; nothing is fetched.
 * A module is evaluated once per process: the sources its first load made are kept for later checks of the same file.
 */
const sourcesByHandler = new Map<string, readonly BrandSourceAnnouncement[]>();
const brandSourcesOf = async (
  file: string,
  variables: Readonly<Record<string, string>>,
): Promise<readonly BrandSourceAnnouncement[]> => {
  const known = sourcesByHandler.get(file);
  if (known) return known;
  const loading: Record<string, string> = { ...variables };
  const named = (name: string) => Boolean(loading[name] ?? process.env[name]);
  if (!named(BRAND_CONFIG_PARAMETER) && !named(BRAND_CONFIG_APPCONFIG))
    loading[BRAND_CONFIG_PARAMETER] = PLACEHOLDER_PARAMETER;
  const saved = Object.keys(loading).map((name) => [name, process.env[name]] as const);
  const made: BrandSourceAnnouncement[] = [];
  const listen = (message: unknown) => made.push(message as BrandSourceAnnouncement);
  Object.assign(process.env, loading);
  subscribe(BRAND_SOURCE_CHANNEL, listen);
  try {
    await import(pathToFileURL(file).href);
  } finally {
    unsubscribe(BRAND_SOURCE_CHANNEL, listen);
    for (const [name, value] of saved)
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
  }
  sourcesByHandler.set(file, made);
  return made;
};

/** The verdict of every check that applies, and which checks those were. */
const checkAsHandler = async (
  document: unknown,
  handler:
    | { readonly file: string; readonly label: string; readonly variables: Readonly<Record<string, string>> }
    | undefined,
): Promise<{ config?: BrandConfig<BrandBase>; problems: readonly string[]; checks: string }> => {
  if (!handler)
    return {
      ...checkBrandDocument(document),
      checks: `the kit's only (no --handler and no ${DEFAULT_HANDLER} here)`,
    };
  const sources = await brandSourcesOf(handler.file, handler.variables);
  if (sources.length === 0)
    return {
      ...checkBrandDocument(document),
      checks: `the kit's only (${handler.label} makes no brand source when ${BRAND_CONFIG_PARAMETER} is set)`,
    };
  // Every source the handler makes must accept the document; each problem is listed once.
  const verdicts = sources.map((source) => source.check(document));
  const problems = [...new Set(verdicts.flatMap((verdict) => verdict.problems))];
  const config = problems.length === 0 ? verdicts[0]?.config : undefined;
  const checks = sources.some((source) => source.validatesBrand)
    ? `the kit's and the validateBrand of ${handler.label}`
    : `the kit's only (${handler.label} passes no validateBrand)`;
  return { ...(config ? { config } : {}), problems, checks };
};

const report = (
  file: string,
  { config, problems, checks }: Awaited<ReturnType<typeof checkAsHandler>>,
): CliResult => {
  if (!config)
    return {
      stdout: '',
      stderr: `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}; the handler would use its bundled brands instead:\n${problems.map((p) => `  ${p}\n`).join('')}checks: ${checks}\n`,
      exitCode: 1,
    };
  const clients = Object.entries(config.clientIds).map(([client, brand]) => `${client} → ${brand}`);
  return {
    stdout: '',
    stderr: `${file}: valid. Brands: ${Object.keys(config.brands).join(', ')} (default ${config.defaultBrand})${clients.length ? `; app clients: ${clients.join(', ')}` : ''}\nchecks: ${checks}\n`,
    exitCode: 0,
  };
};

/**
 * `brands check FILE [--handler FILE[:export]] [--env-vars FILE]`: checks a brand configuration document exactly as the handler checks
 * a remote one (the kit's checks and the `validateBrand` its brand source is given), prints each problem with the
 * brand and field it concerns, and says which checks applied. The handler is `--handler`, else
 * handlers/custom-message.ts when it exists; `--env-vars` sets what it needs to load. Exits 1 when the document would
 * be refused.
 */
const runBrandsCheck = (
  argv: readonly string[],
  cwd: string,
  globals: readonly OptionSpec[],
): Promise<CliResult> => {
  const { positionals, options } = parseArgs(argv, globals);
  const [verb, file, ...extra] = positionals;
  if (verb !== 'check' || file === undefined || extra.length > 0)
    throw new UsageError(
      'aws: error: usage: cognito-trigger brands check FILE [--handler FILE] [--env-vars FILE]',
    );
  const document = readJson(resolvePath(cwd, file), 'the brand configuration');
  const spec =
    options.get('--handler')?.[0] ??
    (existsSync(resolvePath(cwd, DEFAULT_HANDLER)) ? DEFAULT_HANDLER : undefined);
  const handler = spec === undefined ? undefined : resolveHandlerSpec(spec, cwd).file;
  if (handler !== undefined && !existsSync(handler))
    throw new UsageError(
      '',
      `\ncognito-trigger: cannot load the handler ${spec}: ${handler} does not exist\n`,
    );
  // Returned rather than awaited by the caller: a failure to load the handler is answered here, as a usage error.
  const envVars = options.get('--env-vars')?.[0];
  const variables = envVars === undefined ? {} : readEnvVars(resolvePath(cwd, envVars));
  const chosen =
    handler === undefined ? undefined : { file: handler, label: relative(cwd, handler), variables };
  return checkAsHandler(document, chosen).then(
    (verdict) => report(file, verdict),
    (error: unknown) => ({
      stdout: '',
      stderr: `\ncognito-trigger: cannot load the handler ${spec}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`,
      exitCode: 252,
    }),
  );
};

/**
 * `--parameters FILE`: a JSON map of Parameter Store names (`/brands`) or AppConfig profiles
 * (`application/environment/profile`) to values (objects are written as JSON). Starts the local endpoint with them
 * and points the function's SDK clients at it through the SDK's endpoint variables.
 */
const serveParameters = async (path: string): Promise<ParameterEndpoint> => {
  const document = readJson(path, 'the parameters file');
  if (document === null || typeof document !== 'object' || Array.isArray(document))
    throw new UsageError('', `\ncognito-trigger: ${path} must map parameter names to values\n`);
  const endpoint = await startParameterEndpoint(
    Object.fromEntries(
      Object.entries(document).map(([name, value]) => [
        name,
        { value: typeof value === 'string' ? value : JSON.stringify(value) },
      ]),
    ),
  );
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SSM: endpoint.url,
    AWS_ENDPOINT_URL_APPCONFIGDATA: endpoint.url,
    ...localCredentialVariables(),
  });
  return endpoint;
};

export { runBrandsCheck, serveParameters };
