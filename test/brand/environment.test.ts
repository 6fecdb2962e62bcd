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
/** Only a stall reaches it: a slow first import of an SDK client on a busy machine does not. */
const DEADLINE_MS = 30_000;
/** A first fetch may import an SDK client. */
const SDK_TIMEOUT_MS = 60_000;

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
  vi.useRealTimers();
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
    BRAND_CONFIG_DEADLINE_MS: '',
    POWERTOOLS_PARAMETERS_MAX_AGE: '',
    ...extra,
  }))
    vi.stubEnv(name, value);
};

const fetched = async (extra: Record<string, string>) => {
  lambda(extra);
  const before = endpoint.requests.length;
  const source = brandsFromEnvironment({ fallback: bundled, deadlineMs: DEADLINE_MS });
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

  it(
    'reads AppConfig when BRAND_CONFIG_APPCONFIG is set, even with BRAND_CONFIG_PARAMETER set too',
    async () => {
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
    },
    SDK_TIMEOUT_MS,
  );

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
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const requestsAt = async (extra: Record<string, string>, seconds: readonly number[]) => {
      lambda(extra);
      const before = endpoint.requests.length;
      const source = brandsFromEnvironment({ fallback: bundled, deadlineMs: DEADLINE_MS });
      const counts: number[] = [];
      for (const second of seconds) {
        vi.setSystemTime(start + second * 1000);
        await source?.current();
        counts.push(endpoint.requests.length - before);
      }
      return counts;
    };
    expect(await requestsAt({ BRAND_CONFIG_PARAMETER: '/brands' }, [0, 299, 301])).toEqual([1, 1, 2]);
    expect(
      await requestsAt(
        { BRAND_CONFIG_PARAMETER: '/brands', POWERTOOLS_PARAMETERS_MAX_AGE: '2' },
        [0, 1.9, 2.1],
      ),
    ).toEqual([1, 1, 2]);
    expect(
      await requestsAt({ BRAND_CONFIG_PARAMETER: '/brands', POWERTOOLS_PARAMETERS_MAX_AGE: '0' }, [0, 0]),
    ).toEqual([1, 2]);
  });

  it('waits BRAND_CONFIG_DEADLINE_MS for the store when set, and 400 ms otherwise', async () => {
    endpoint.set('/stalled', { stallMs: 60_000, value: JSON.stringify(document) });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const answerAt = async (extra: Record<string, string>, milliseconds: number) => {
      lambda({ BRAND_CONFIG_PARAMETER: '/stalled', ...extra });
      let answered: unknown;
      const pending = brandsFromEnvironment({ fallback: bundled })
        ?.current()
        .then((result) => (answered = result));
      await vi.advanceTimersByTimeAsync(milliseconds - 1);
      const early = answered;
      await vi.advanceTimersByTimeAsync(1);
      await pending;
      return { early, answered };
    };
    expect(await answerAt({ BRAND_CONFIG_DEADLINE_MS: '2500' }, 2_500)).toMatchObject({
      early: undefined,
      answered: { origin: 'bundled', warning: { reason: 'deadline', error: 'no answer within 2500 ms' } },
    });
    expect(await answerAt({}, 400)).toMatchObject({
      early: undefined,
      answered: { warning: { reason: 'deadline', error: 'no answer within 400 ms' } },
    });
  });
});
