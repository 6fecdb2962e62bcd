/** @module cli/brands — `cognito-trigger brands check FILE`, and `--parameters FILE` for offline remote configuration. */
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { checkBrandDocument } from '../brand/config.js';
import { localCredentialVariables } from '../local/listen.js';
import { type ParameterEndpoint, startParameterEndpoint } from '../local/parameter-endpoint.js';
import { type OptionSpec, parseArgs, UsageError } from './args.js';
import type { CliResult } from './main.js';

const readJson = (path: string, what: string): unknown => {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError('', `\ncognito-trigger: cannot read ${what} ${path}: ${(error as Error).message}\n`);
  }
};

/**
 * `brands check FILE`: checks a brand configuration document as the handler checks a remote one, and prints each
 * problem with the brand and field it concerns. Exits 1 when the document would be refused.
 */
const runBrandsCheck = (argv: readonly string[], cwd: string, globals: readonly OptionSpec[]): CliResult => {
  const { positionals } = parseArgs(argv, globals);
  const [verb, file, ...extra] = positionals;
  if (verb !== 'check' || file === undefined || extra.length > 0)
    throw new UsageError('aws: error: usage: cognito-trigger brands check FILE');
  const { config, problems } = checkBrandDocument(
    readJson(resolvePath(cwd, file), 'the brand configuration'),
  );
  if (!config)
    return {
      stdout: '',
      stderr: `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}; the handler would use its bundled brands instead:\n${problems.map((p) => `  ${p}\n`).join('')}`,
      exitCode: 1,
    };
  const clients = Object.entries(config.clientIds).map(([client, brand]) => `${client} → ${brand}`);
  return {
    stdout: '',
    stderr: `${file}: valid. Brands: ${Object.keys(config.brands).join(', ')} (default ${config.defaultBrand})${clients.length ? `; app clients: ${clients.join(', ')}` : ''}\n`,
    exitCode: 0,
  };
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
