/**
 * @module cognito-trigger-kit/environment — the brand source a deployed function's environment names, so that one
 * bundle serves bundled brands, Parameter Store or AppConfig by configuration alone.
 */
import { appConfigBrands } from './appconfig.js';
import type { BrandConfig, BrandValidator } from './config.js';
import { type BrandSource, remoteBrands } from './remote.js';
import type { BrandBase } from './resolve.js';
import { ssmBrands } from './ssm.js';

interface EnvironmentBrandsOptions<B extends BrandBase> {
  /** The bundled configuration: used until the store answers, and whenever it can't. */
  readonly fallback: BrandConfig<B>;
  readonly validateBrand?: BrandValidator;
  /** Cache period (default: `POWERTOOLS_PARAMETERS_MAX_AGE` when set, else 300 s). */
  readonly maxAgeSeconds?: number;
  /** How long one invocation waits for the store (default: `BRAND_CONFIG_DEADLINE_MS` when set, else 400 ms). */
  readonly deadlineMs?: number;
}

/** The variables read, as Lambda function configuration sets them. */
const BRAND_CONFIG_PARAMETER = 'BRAND_CONFIG_PARAMETER';
const BRAND_CONFIG_APPCONFIG = 'BRAND_CONFIG_APPCONFIG';
/**
 * How long one invocation waits for the store, in milliseconds: a configuration setting like the cache period, e.g.
 * for a local run whose first fetch also loads the SDK client on a busy machine.
 */
const BRAND_CONFIG_DEADLINE_MS = 'BRAND_CONFIG_DEADLINE_MS';

/** A variable's value as a number of at least `least`, or `undefined` when it is unset or not one. */
const numberFrom = (value: string | undefined, least: number): number | undefined => {
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) && number >= least ? number : undefined;
};

/**
 * Brands from where the environment says:
 * - `BRAND_CONFIG_APPCONFIG=application/environment/profile`: an AppConfig JSON configuration profile;
 * - `BRAND_CONFIG_PARAMETER=/name`: one Parameter Store parameter holding the whole document, or, with a trailing
 *   slash (`/brands/`), one parameter per brand under that path;
 * - neither: `undefined`, and the handler uses its bundled brands as they are.
 * `POWERTOOLS_PARAMETERS_MAX_AGE` sets the cache period and `BRAND_CONFIG_DEADLINE_MS` the deadline, unless the options
 * do.
 * AppConfig wins when both are set. A `BRAND_CONFIG_APPCONFIG` that is not three names never fails an invocation:
 * the bundled brands answer and the warning says what is wrong.
 *
 * @example
 * ```ts
 * const remote = brandsFromEnvironment({ fallback: bundledBrands, validateBrand });
 * export const handler = customMessage(remote ? { brands: remote, templates } : { ...bundledOptions, templates });
 * ```
 */
const brandsFromEnvironment = <B extends BrandBase>(
  options: EnvironmentBrandsOptions<B>,
): BrandSource<B> | undefined => {
  const env = process.env;
  const deadlineMs = options.deadlineMs ?? numberFrom(env[BRAND_CONFIG_DEADLINE_MS], 1);
  const common = {
    fallback: options.fallback,
    ...(options.validateBrand ? { validateBrand: options.validateBrand } : {}),
    ...(deadlineMs === undefined ? {} : { deadlineMs }),
    maxAgeSeconds: options.maxAgeSeconds ?? numberFrom(env.POWERTOOLS_PARAMETERS_MAX_AGE, 0),
  };
  const appConfig = env[BRAND_CONFIG_APPCONFIG];
  if (appConfig) {
    const [application, environment, profile, ...rest] = appConfig.split('/');
    if (application && environment && profile && rest.length === 0)
      return appConfigBrands<B>({ ...common, application, environment, profile });
    return remoteBrands<B>({
      ...common,
      description: `AppConfig ${appConfig}`,
      fetch: () =>
        Promise.reject(
          new RangeError(
            `${BRAND_CONFIG_APPCONFIG} must be application/environment/profile, not ${JSON.stringify(appConfig)}`,
          ),
        ),
    });
  }
  const parameter = env[BRAND_CONFIG_PARAMETER];
  if (parameter)
    return parameter.endsWith('/') && parameter.length > 1
      ? ssmBrands<B>({ ...common, path: parameter.slice(0, -1) })
      : ssmBrands<B>({ ...common, name: parameter });
  return undefined;
};

export type { EnvironmentBrandsOptions };
export { BRAND_CONFIG_APPCONFIG, BRAND_CONFIG_DEADLINE_MS, BRAND_CONFIG_PARAMETER, brandsFromEnvironment };
