import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BrandConfig } from '../../src/brand/config.js';
import { brandsFromEnvironment } from '../../src/brand/environment.js';
import { type ParameterEndpoint, startParameterEndpoint } from '../../src/local/parameter-endpoint.js';

type Brand = { defaultLocale: string; locales: string[] };
const bundled: BrandConfig<Brand> = {
  brands: { acme: { defaultLocale: 'en', locales: ['en'] } },
  defaultBrand: 'acme',
  clientIds: {},
};
const document = { defaultBrand: 'globex', brands: { globex: { defaultLocale: 'fr', locales: ['fr'] } } };

let endpoint: ParameterEndpoint;
beforeAll(async () => {
  endpoint = await startParameterEndpoint({
    '/brands': { value: JSON.stringify(document) },
    '/per-brand/globex': { value: JSON.stringify(document.brands.globex) },
    'kit/prod/brands': { value: JSON.stringify(document) },
  });
});
afterAll(() => endpoint.close());

afterEach(() => {
  vi.unstubAllEnvs();
});

/** Lambda's environment, pointed at the local endpoint, with the variables under test. */
const lambda = (extra: Record<string, string>) => {
  for (const [name, value] of Object.entries({
    AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_SESSION_TOKEN: 'token',
    AWS_REGION: 'us-west-2',
    AWS_ENDPOINT_URL_SSM: endpoint.url,
    AWS_ENDPOINT_URL_APPCONFIGDATA: endpoint.url,
    BRAND_CONFIG_PARAMETER: '',
    BRAND_CONFIG_APPCONFIG: '',
    POWERTOOLS_PARAMETERS_MAX_AGE: '',
    ...extra,
  }))
    vi.stubEnv(name, value);
};

const fetched = async (extra: Record<string, string>) => {
  lambda(extra);
  const before = endpoint.requests.length;
  const source = brandsFromEnvironment({ fallback: bundled });
  const result = await source?.current();
  return { source, result, requests: endpoint.requests.slice(before) };
};

describe('Function: brandsFromEnvironment', () => {
  it('gives no source when neither variable is set: the bundled brands are used as they are', () => {
    lambda({});
    expect(brandsFromEnvironment({ fallback: bundled })).toBeUndefined();
  });

  it('reads the document in the parameter BRAND_CONFIG_PARAMETER names', async () => {
    const { source, result, requests } = await fetched({ BRAND_CONFIG_PARAMETER: '/brands' });
    expect(source?.description).toBe('SSM parameter /brands');
    expect(result).toMatchObject({ origin: 'remote', config: { defaultBrand: 'globex' } });
    expect(requests).toEqual(['GetParameter /brands WithDecryption']);
  });

  it('reads one parameter per brand when BRAND_CONFIG_PARAMETER ends with a slash', async () => {
    const { source, result, requests } = await fetched({ BRAND_CONFIG_PARAMETER: '/per-brand/' });
    expect(source?.description).toBe('SSM parameters under /per-brand');
    // The default brand is the bundled one's: here it is not among the stored brands, so the document is refused.
    expect(result).toMatchObject({ origin: 'bundled', warning: { reason: 'invalid' } });
    expect(requests).toEqual(['GetParametersByPath /per-brand/']);
  });

  it('reads AppConfig when BRAND_CONFIG_APPCONFIG is set, even with BRAND_CONFIG_PARAMETER set too', async () => {
    const { source, result, requests } = await fetched({
      BRAND_CONFIG_APPCONFIG: 'kit/prod/brands',
      BRAND_CONFIG_PARAMETER: '/brands',
    });
    expect(source?.description).toBe('AppConfig kit/prod/brands');
    expect(result).toMatchObject({ origin: 'remote', config: { defaultBrand: 'globex' } });
    expect(requests).toEqual([
      'StartConfigurationSession kit/prod/brands',
      'GetLatestConfiguration kit/prod/brands',
    ]);
  });

  it.each(['kit/prod', 'kit/prod/brands/extra', 'kit//brands'])(
    'answers from the bundled brands, saying why, when BRAND_CONFIG_APPCONFIG is %j',
    async (value) => {
      const { result, requests } = await fetched({ BRAND_CONFIG_APPCONFIG: value });
      expect(requests).toEqual([]);
      expect(result?.config).toBe(bundled);
      expect(result?.warning).toMatchObject({
        reason: 'unavailable',
        error: `RangeError: BRAND_CONFIG_APPCONFIG must be application/environment/profile, not ${JSON.stringify(value)}`,
      });
    },
  );

  it('keeps a loaded document for POWERTOOLS_PARAMETERS_MAX_AGE seconds when set', async () => {
    const count = async (extra: Record<string, string>) => {
      lambda(extra);
      const before = endpoint.requests.length;
      const source = brandsFromEnvironment({ fallback: bundled });
      await source?.current();
      await source?.current();
      return endpoint.requests.length - before;
    };
    expect(await count({ BRAND_CONFIG_PARAMETER: '/brands' })).toBe(1);
    expect(await count({ BRAND_CONFIG_PARAMETER: '/brands', POWERTOOLS_PARAMETERS_MAX_AGE: '0' })).toBe(2);
  });
});
