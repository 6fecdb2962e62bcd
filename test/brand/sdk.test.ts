import { AppConfigDataClient } from '@aws-sdk/client-appconfigdata';
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { appConfigBrands } from '../../src/brand/appconfig.js';
import { type BrandConfig, requireFields } from '../../src/brand/config.js';
import { ssmBrands } from '../../src/brand/ssm.js';
import { type ParameterEndpoint, startParameterEndpoint } from '../../src/local/parameter-endpoint.js';

type Brand = { defaultLocale: string; locales: string[]; displayName: string };
const bundled: BrandConfig<Brand> = {
  brands: { acme: { defaultLocale: 'en', locales: ['en'], displayName: 'Acme (bundled)' } },
  defaultBrand: 'acme',
  clientIds: {},
};
const document = {
  defaultBrand: 'acme',
  brands: {
    acme: { defaultLocale: 'en', locales: ['en', 'fr'], displayName: 'Acme' },
    globex: { defaultLocale: 'fr', locales: ['fr'], displayName: 'Globex', clientIds: ['globexclient'] },
  },
};
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

/** Every way the store can fail, the reason the warning gives, and for each the bundled brands answer. */
const FAILURES = [
  ['a missing parameter', undefined, 'unavailable'],
  [
    'access denied',
    { error: 'AccessDeniedException', message: 'User is not authorized to perform: ssm:GetParameter' },
    'unavailable',
  ],
  ['a throttled store', { error: 'ThrottlingException', message: 'Rate exceeded' }, 'unavailable'],
  ['a response that is not JSON', { malformed: true as const }, 'unavailable'],
  ['a value that is not JSON', { value: '{"brands": ' }, 'unavailable'],
  [
    'an invalid document',
    { value: JSON.stringify({ defaultBrand: 'acme', brands: { acme: { locales: [] } } }) },
    'invalid',
  ],
  ['a stall past the deadline', { stallMs: 60_000, value: JSON.stringify(document) }, 'deadline'],
] as const;
/** Only a stall reaches it: a slow first import of an SDK client on a busy machine does not. */
const DEADLINE_MS = 30_000;
/** The deadline for the stalled store: the stall outlasts it whatever the machine's load. */
const STALL_DEADLINE_MS = 300;
/** A first fetch may import an SDK client. */
const SDK_TIMEOUT_MS = 60_000;

let endpoint: ParameterEndpoint;
beforeAll(async () => {
  endpoint = await startParameterEndpoint();
});
afterAll(async () => {
  await endpoint.close();
});

/** The real SDK clients, pointed at the local endpoint through their endpoint configuration. */
const ssm = (name: string, deadlineMs = DEADLINE_MS) =>
  ssmBrands<Brand>({
    name,
    fallback: bundled,
    validateBrand: requireFields({ displayName: 'string' }),
    deadlineMs,
    clientConfig: { endpoint: endpoint.url, region: 'us-west-2', credentials },
  });

/**
 * The store behaves so; the source must answer from the bundled brands, saying why. A stalled store answers after the
 * deadline: a `deadline` warning shows the source did not wait for it.
 */
const expectBundled = async (
  name: string,
  behaviour: (typeof FAILURES)[number][1],
  reason: string,
  source: (name: string, deadlineMs: number) => ReturnType<typeof ssmBrands<Brand>>,
) => {
  if (behaviour) endpoint.set(name, behaviour);
  const deadlineMs = behaviour && 'stallMs' in behaviour ? STALL_DEADLINE_MS : DEADLINE_MS;
  const result = await source(name, deadlineMs).current();
  expect(result).toMatchObject({ origin: 'bundled', warning: { reason, using: 'bundled' } });
  expect(result.config).toBe(bundled);
};

describe('ssmBrands, with the real SSMClient over HTTP', () => {
  it('sends nothing to Parameter Store before the first fetch', async () => {
    const before = endpoint.requests.length;
    ssm('/brands/never-fetched');
    expect(endpoint.requests.length).toBe(before);
  });

  it(
    'loads a JSON document from one parameter, SecureString included',
    async () => {
      endpoint.set('/brands/one', { value: JSON.stringify(document), type: 'SecureString' });
      const { config, origin } = await ssm('/brands/one').current();
      expect(origin).toBe('remote');
      expect(config.brands.globex?.displayName).toBe('Globex');
      expect(config.clientIds).toEqual({ globexclient: 'globex' });
    },
    SDK_TIMEOUT_MS,
  );

  it(
    'loads one parameter per brand under a path',
    async () => {
      endpoint.set('/per-brand/acme', { value: JSON.stringify(document.brands.acme) });
      endpoint.set('/per-brand/globex', { value: JSON.stringify(document.brands.globex) });
      const source = ssmBrands<Brand>({
        path: '/per-brand',
        fallback: bundled,
        deadlineMs: DEADLINE_MS,
        clientConfig: { endpoint: endpoint.url, region: 'us-west-2', credentials },
      });
      const { config } = await source.current();
      expect(Object.keys(config.brands).sort()).toEqual(['acme', 'globex']);
      expect(config.defaultBrand).toBe('acme');
    },
    SDK_TIMEOUT_MS,
  );

  it.each(FAILURES)(
    'answers from the bundled brands, within the deadline, on %s',
    (label, behaviour, reason) =>
      expectBundled(`/brands/${label.replaceAll(' ', '-')}`, behaviour, reason, ssm),
    SDK_TIMEOUT_MS,
  );
});

describe('ssmBrands, with credentials in the environment as Lambda gives them (one signed request)', () => {
  beforeEach(() => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'token');
    vi.stubEnv('AWS_REGION', 'us-west-2');
    vi.stubEnv('AWS_ENDPOINT_URL_SSM', endpoint.url);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });
  const signed = (name: string, deadlineMs = DEADLINE_MS) =>
    ssmBrands<Brand>({
      name,
      fallback: bundled,
      validateBrand: requireFields({ displayName: 'string' }),
      deadlineMs,
    });

  it(
    'loads the JSON document',
    async () => {
      endpoint.set('/signed/one', { value: JSON.stringify(document), type: 'SecureString' });
      const before = endpoint.requests.length;
      const { config, origin } = await signed('/signed/one').current();
      expect(origin).toBe('remote');
      expect(config.brands.globex?.displayName).toBe('Globex');
      expect(endpoint.requests.slice(before)).toEqual(['GetParameter /signed/one WithDecryption']);
    },
    SDK_TIMEOUT_MS,
  );

  it.each(FAILURES)(
    'answers from the bundled brands, within the deadline, on %s',
    (label, behaviour, reason) =>
      expectBundled(`/signed/${label.replaceAll(' ', '-')}`, behaviour, reason, signed),
    SDK_TIMEOUT_MS,
  );
});

describe('appConfigBrands, with the real AppConfigDataClient over HTTP', () => {
  it(
    'loads the document from a configuration profile',
    async () => {
      endpoint.set('kit/prod/brands', { value: JSON.stringify(document) });
      const source = appConfigBrands<Brand>({
        application: 'kit',
        environment: 'prod',
        profile: 'brands',
        fallback: bundled,
        deadlineMs: DEADLINE_MS,
        clientConfig: { endpoint: endpoint.url, region: 'us-west-2', credentials },
      });
      const { config, origin } = await source.current();
      expect(origin).toBe('remote');
      expect(config.brands.globex?.locales).toEqual(['fr']);
    },
    SDK_TIMEOUT_MS,
  );

  it(
    'answers from the bundled brands when the profile does not exist',
    async () => {
      const source = appConfigBrands<Brand>({
        application: 'kit',
        environment: 'prod',
        profile: 'missing',
        fallback: bundled,
        deadlineMs: DEADLINE_MS,
        clientConfig: { endpoint: endpoint.url, region: 'us-west-2', credentials },
      });
      expect(await source.current()).toMatchObject({ origin: 'bundled', warning: { reason: 'unavailable' } });
    },
    SDK_TIMEOUT_MS,
  );

  it(
    'creates no client before the first fetch, and can use one handed in',
    async () => {
      const client = new AppConfigDataClient({ endpoint: endpoint.url, region: 'us-west-2', credentials });
      const sent: string[] = [];
      client.middlewareStack.add((next, context) => async (args) => {
        sent.push(String(context.commandName));
        return next(args);
      });
      const source = appConfigBrands<Brand>({
        application: 'kit',
        environment: 'prod',
        profile: 'brands',
        fallback: bundled,
        deadlineMs: DEADLINE_MS,
        client,
      });
      expect(sent).toEqual([]);
      await source.current();
      expect(sent).toEqual(['StartConfigurationSessionCommand', 'GetLatestConfigurationCommand']);
    },
    SDK_TIMEOUT_MS,
  );
});

describe('SSMClient handed in', () => {
  it(
    'is used as it is',
    async () => {
      endpoint.set('/brands/injected', { value: JSON.stringify(document) });
      const client = new SSMClient({ endpoint: endpoint.url, region: 'us-west-2', credentials });
      const before = endpoint.requests.length;
      const { origin } = await ssmBrands<Brand>({
        name: '/brands/injected',
        fallback: bundled,
        deadlineMs: DEADLINE_MS,
        client,
      }).current();
      expect(origin).toBe('remote');
      expect(endpoint.requests.slice(before)).toEqual(['GetParameter /brands/injected WithDecryption']);
    },
    SDK_TIMEOUT_MS,
  );
});
