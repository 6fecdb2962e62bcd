/** @module cognito-trigger-kit/appconfig — brand configuration from an AWS AppConfig JSON configuration profile. */
import type { AppConfigDataClient, AppConfigDataClientConfig } from '@aws-sdk/client-appconfigdata';
import { LazyAppConfigProvider, UNCACHED } from './providers.js';
import {
  type AwsBrandSourceOptions,
  type BrandSource,
  DEFAULT_DEADLINE_MS,
  DEFAULT_MAX_AGE_SECONDS,
  deadlineClientConfig,
  remoteBrands,
} from './remote.js';
import type { BrandBase } from './resolve.js';

type AppConfigBrandsOptions<B extends BrandBase> = {
  readonly application: string;
  readonly environment: string;
  /** The configuration profile holding the document `{ "defaultBrand": …, "brands": { … } }`. */
  readonly profile: string;
} & AwsBrandSourceOptions<B, AppConfigDataClient, AppConfigDataClientConfig>;

/**
 * Brands from an AppConfig configuration profile, loaded through Powertools Parameters (`transform: 'json'`), checked
 * before use and kept for `maxAgeSeconds`; the client is imported and created on the first fetch.
 *
 * @example
 * ```ts
 * const [application, environment, profile] = process.env.BRAND_CONFIG_APPCONFIG.split('/');
 * const brands = appConfigBrands({ application, environment, profile, fallback: bundledBrands });
 * ```
 */
const appConfigBrands = <B extends BrandBase>(options: AppConfigBrandsOptions<B>): BrandSource<B> => {
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const appConfig = new LazyAppConfigProvider(
    async () => {
      if (options.client) return options.client;
      const { AppConfigDataClient } = await import('@aws-sdk/client-appconfigdata');
      return new AppConfigDataClient({ ...deadlineClientConfig(deadlineMs), ...options.clientConfig });
    },
    options.application,
    options.environment,
  );
  return remoteBrands({
    description: `AppConfig ${options.application}/${options.environment}/${options.profile}`,
    fallback: options.fallback,
    ...(options.validateBrand ? { validateBrand: options.validateBrand } : {}),
    maxAgeSeconds: options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS,
    deadlineMs,
    fetch: () => appConfig.get(options.profile, { transform: 'json', ...UNCACHED }),
  });
};

export type { AppConfigBrandsOptions };
export { appConfigBrands };
