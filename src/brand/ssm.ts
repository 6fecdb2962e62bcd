/** @module cognito-trigger-kit/ssm — brand configuration from AWS Systems Manager Parameter Store. */
import type { SSMClient, SSMClientConfig } from '@aws-sdk/client-ssm';
import { environmentParameterStore } from '../aws/parameter-store.js';
import { LazySsmProvider, sdkParameterStore, UNCACHED } from './providers.js';
import {
  type AwsBrandSourceOptions,
  type BrandSource,
  DEFAULT_DEADLINE_MS,
  DEFAULT_MAX_AGE_SECONDS,
  deadlineClientConfig,
  remoteBrands,
} from './remote.js';
import type { BrandBase } from './resolve.js';

type SsmBrandsOptions<B extends BrandBase> = (
  | {
      /** One parameter holding the whole document: `{ "defaultBrand": …, "brands": { … } }`. */
      readonly name: string;
      readonly path?: never;
    }
  | {
      /** One parameter per brand under this path (`/brands/acme`, `/brands/globex`); the default brand is the bundled one's. */
      readonly path: string;
      readonly name?: never;
    }
) & {
  /** Decrypt SecureString parameters (default: true). */
  readonly decrypt?: boolean;
} & AwsBrandSourceOptions<B, SSMClient, SSMClientConfig>;

/**
 * Brands from Parameter Store, loaded with Powertools Parameters (`transform: 'json'`), checked before use and kept
 * for `maxAgeSeconds`. Nothing is loaded before the first fetch. Where the environment holds credentials and a
 * region, as Lambda's always does, the fetch is one request signed with Signature Version 4 and sent by Node.js
 * itself: loading the SSM client would cost a cold start several times what the request does. Elsewhere (a profile,
 * SSO, FIPS endpoints), and whenever you pass `client` or `clientConfig`, the SSM client is used, imported and created
 * on the first fetch with one attempt and timeouts at the deadline. `AWS_ENDPOINT_URL_SSM` and `AWS_ENDPOINT_URL`
 * are honoured either way.
 *
 * @example
 * ```ts
 * const brands = ssmBrands({ name: process.env.BRAND_CONFIG_PARAMETER, fallback: bundledBrands });
 * export const handler = customMessage({ brands, templates });
 * ```
 */
const ssmBrands = <B extends BrandBase>(options: SsmBrandsOptions<B>): BrandSource<B> => {
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const decrypt = options.decrypt ?? true;
  const sdk = () =>
    sdkParameterStore(async () => {
      if (options.client) return options.client;
      const { SSMClient } = await import('@aws-sdk/client-ssm');
      return new SSMClient({ ...deadlineClientConfig(deadlineMs), ...options.clientConfig });
    });
  const ssm = new LazySsmProvider(
    options.client || options.clientConfig ? sdk() : environmentParameterStore(deadlineMs, sdk),
  );
  return remoteBrands({
    description:
      options.name !== undefined ? `SSM parameter ${options.name}` : `SSM parameters under ${options.path}`,
    fallback: options.fallback,
    ...(options.validateBrand ? { validateBrand: options.validateBrand } : {}),
    maxAgeSeconds: options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS,
    deadlineMs,
    fetch: async () => {
      if (options.name !== undefined)
        return ssm.get(options.name, {
          transform: 'json',
          ...UNCACHED,
          sdkOptions: { WithDecryption: decrypt },
        });
      const brands = await ssm.getMultiple(options.path as string, {
        transform: 'json',
        ...UNCACHED,
        sdkOptions: { WithDecryption: decrypt },
        throwOnTransformError: true,
      });
      return { defaultBrand: options.fallback.defaultBrand, brands };
    },
  });
};

export type { SsmBrandsOptions };
export { ssmBrands };
