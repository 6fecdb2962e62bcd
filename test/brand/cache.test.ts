import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { appConfigBrands } from '../../src/brand/appconfig.js';
import type { BrandConfig } from '../../src/brand/config.js';
import type { BrandSource } from '../../src/brand/remote.js';
import { ssmBrands } from '../../src/brand/ssm.js';
import { type ParameterEndpoint, startParameterEndpoint } from '../../src/local/parameter-endpoint.js';

type Brand = { defaultLocale: string; locales: string[]; displayName: string };
const bundled: BrandConfig<Brand> = {
  brands: { acme: { defaultLocale: 'en', locales: ['en'], displayName: 'Acme (bundled)' } },
  defaultBrand: 'acme',
  clientIds: {},
};
/** The document as the store holds it in its `version`-th second. */
const documentAt = (version: number) =>
  JSON.stringify({
    defaultBrand: 'acme',
    brands: { acme: { defaultLocale: 'en', locales: ['en'], displayName: `Acme v${version}` } },
  });
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
/** Only a stall reaches it: a slow first import of an SDK client on a busy machine does not. */
const DEADLINE_MS = 30_000;
/** A first fetch may import an SDK client. */
const SDK_TIMEOUT_MS = 60_000;

let endpoint: ParameterEndpoint;
beforeAll(async () => {
  endpoint = await startParameterEndpoint();
});
afterAll(() => endpoint.close());

beforeEach(() => {
  // The clock the brand source and Powertools Parameters both read; timers and I/O stay real.
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

/**
 * Steady traffic: an invocation every 250 ms for 6 seconds, while the store's document changes every second. Returns
 * the requests the store saw and the displayName each invocation got.
 */
/** What every source here is given: the bundled brands, a one-second cache, a deadline no test reaches. */
const cachedFromEnvironment = { fallback: bundled, maxAgeSeconds: 1, deadlineMs: DEADLINE_MS } as const;
/** The same, with a client for the local endpoint. */
const cached = () => ({
  ...cachedFromEnvironment,
  clientConfig: { endpoint: endpoint.url, region: 'us-west-2', credentials },
});

const steadyTraffic = async (name: string, source: BrandSource<Brand>) => {
  const start = Date.now();
  const before = endpoint.requests.length;
  const seen: string[] = [];
  for (let tick = 0; tick < 24; tick++) {
    if (tick % 4 === 0) endpoint.set(name, { value: documentAt(tick / 4) });
    vi.setSystemTime(start + tick * 250);
    const { config, origin } = await source.current();
    expect(origin).toBe('remote');
    seen.push(config.brands.acme?.displayName ?? '');
  }
  return { requests: endpoint.requests.slice(before), seen };
};

/** Each second's four invocations see that second's document: none sees an earlier one. */
const FRESH = Array.from({ length: 24 }, (_, tick) => `Acme v${Math.floor(tick / 4)}`);

describe('One cache: a brand source asks the store once per maxAgeSeconds, and gets the current document', () => {
  it(
    'ssmBrands, through the signed request Lambda uses',
    async () => {
      for (const [variable, value] of Object.entries({
        AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 'token',
        AWS_REGION: 'us-west-2',
        AWS_ENDPOINT_URL_SSM: endpoint.url,
      }))
        vi.stubEnv(variable, value);
      const source = ssmBrands<Brand>({
        name: '/cache/signed',
        ...cachedFromEnvironment,
      });
      const { requests, seen } = await steadyTraffic('/cache/signed', source);
      expect(requests).toEqual(Array(6).fill('GetParameter /cache/signed WithDecryption'));
      expect(seen).toEqual(FRESH);
    },
    SDK_TIMEOUT_MS,
  );

  it(
    'ssmBrands, through the SSM client',
    async () => {
      const source = ssmBrands<Brand>({
        name: '/cache/sdk',
        ...cached(),
      });
      const { requests, seen } = await steadyTraffic('/cache/sdk', source);
      expect(requests).toEqual(Array(6).fill('GetParameter /cache/sdk WithDecryption'));
      expect(seen).toEqual(FRESH);
    },
    SDK_TIMEOUT_MS,
  );

  it(
    'ssmBrands, one parameter per brand under a path',
    async () => {
      const source = ssmBrands<Brand>({
        path: '/cache/path',
        ...cached(),
      });
      const start = Date.now();
      const before = endpoint.requests.length;
      const seen: string[] = [];
      for (let tick = 0; tick < 24; tick++) {
        const brand = JSON.parse(documentAt(Math.floor(tick / 4))).brands.acme;
        if (tick % 4 === 0) endpoint.set('/cache/path/acme', { value: JSON.stringify(brand) });
        vi.setSystemTime(start + tick * 250);
        seen.push((await source.current()).config.brands.acme?.displayName ?? '');
      }
      expect(endpoint.requests.slice(before)).toEqual(Array(6).fill('GetParametersByPath /cache/path/'));
      expect(seen).toEqual(FRESH);
    },
    SDK_TIMEOUT_MS,
  );

  it(
    'appConfigBrands',
    async () => {
      const source = appConfigBrands<Brand>({
        application: 'kit',
        environment: 'cache',
        profile: 'brands',
        ...cached(),
      });
      const { requests, seen } = await steadyTraffic('kit/cache/brands', source);
      expect(requests.filter((r) => r.startsWith('GetLatestConfiguration'))).toHaveLength(6);
      expect(seen).toEqual(FRESH);
    },
    SDK_TIMEOUT_MS,
  );

  it(
    'keeps a failed attempt for maxAgeSeconds too, and answers from the bundled brands meanwhile',
    async () => {
      const source = ssmBrands<Brand>({
        name: '/cache/missing',
        ...cached(),
      });
      const start = Date.now();
      const before = endpoint.requests.length;
      for (let tick = 0; tick < 8; tick++) {
        vi.setSystemTime(start + tick * 250);
        expect((await source.current()).config).toBe(bundled);
      }
      expect(endpoint.requests.slice(before)).toEqual(
        Array(2).fill('GetParameter /cache/missing WithDecryption'),
      );
    },
    SDK_TIMEOUT_MS,
  );
});
