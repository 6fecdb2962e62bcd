import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type BrandConfig,
  checkBrandDocument,
  requireFields,
  toBrandDocument,
} from '../../src/brand/config.js';
import { BRAND_SOURCE_CHANNEL, type BrandSourceAnnouncement, remoteBrands } from '../../src/brand/remote.js';

type Brand = { defaultLocale: string; locales: string[]; displayName: string };
const bundled: BrandConfig<Brand> = {
  brands: { acme: { defaultLocale: 'en', locales: ['en'], displayName: 'Acme (bundled)' } },
  defaultBrand: 'acme',
  clientIds: {},
};
const remoteDocument = {
  defaultBrand: 'acme',
  brands: {
    acme: { defaultLocale: 'en', locales: ['en', 'fr'], displayName: 'Acme' },
    globex: { defaultLocale: 'fr', locales: ['fr'], displayName: 'Globex', clientIds: ['globexclient'] },
  },
};

/** A clock the test moves by hand, and a fetch whose answers the test lines up. */
const setup = (
  answers: (() => Promise<unknown>)[],
  options: { maxAgeSeconds?: number; deadlineMs?: number } = {},
) => {
  let time = 0;
  let calls = 0;
  const source = remoteBrands<Brand>({
    description: 'test store',
    fallback: bundled,
    validateBrand: requireFields({ displayName: 'string' }),
    fetch: () => {
      const answer = answers[Math.min(calls, answers.length - 1)] as () => Promise<unknown>;
      calls++;
      return answer();
    },
    now: () => time,
    maxAgeSeconds: options.maxAgeSeconds ?? 60,
    deadlineMs: options.deadlineMs ?? 50,
  });
  return { source, advance: (seconds: number) => (time += seconds * 1000), calls: () => calls };
};

afterEach(() => {
  vi.useRealTimers();
});

describe('Function: checkBrandDocument', () => {
  it('accepts a document and derives the app client map', () => {
    const { config, problems } = checkBrandDocument<Brand>(remoteDocument);
    expect(problems).toEqual([]);
    expect(config?.clientIds).toEqual({ globexclient: 'globex' });
  });

  it('names the brand, the field and what is wrong, for every problem', () => {
    const { config, problems } = checkBrandDocument(
      {
        defaultBrand: 'initech',
        brands: {
          acme: { defaultLocale: 'de', locales: ['en'], displayName: '' },
          globex: { defaultLocale: 'fr', locales: 'fr', displayName: 'Globex', clientIds: [1] },
        },
      },
      requireFields({ displayName: 'string' }),
    );
    expect(config).toBeUndefined();
    expect(problems).toEqual([
      'brand "acme": field "defaultLocale": "de" is not in locales',
      'brand "acme": field "displayName": must be a non-empty string',
      'brand "globex": field "locales": must be a non-empty list of locale tags such as "en" or "fr-CA"',
      'brand "globex": field "clientIds": must be a list of app client ids',
      'field "defaultBrand": "initech" is not one of the brands',
    ]);
  });

  it('refuses a document that is not an object or has no brands', () => {
    expect(checkBrandDocument('x').problems).toEqual([
      'the document must be a JSON object with "defaultBrand" and "brands"',
    ]);
    expect(checkBrandDocument({ brands: {} }).problems).toEqual([
      'field "brands": must be an object with at least one brand',
    ]);
  });

  it('round-trips a configuration through its document form', () => {
    const { config } = checkBrandDocument<Brand>(remoteDocument);
    expect(checkBrandDocument<Brand>(toBrandDocument(config as BrandConfig<Brand>)).config).toEqual(config);
  });
});

describe('Function: remoteBrands', () => {
  it('answers from the remote document once it is loaded', async () => {
    const { source } = setup([async () => remoteDocument]);
    const first = await source.current();
    expect(first.origin).toBe('remote');
    expect(first.config.brands.globex?.displayName).toBe('Globex');
  });

  it('fetches again only after maxAge', async () => {
    const { source, advance, calls } = setup([async () => remoteDocument]);
    await source.current();
    await source.current();
    advance(59);
    await source.current();
    expect(calls()).toBe(1);
    advance(2);
    await source.current();
    expect(calls()).toBe(2);
  });

  it('never lets an invalid document reach a template: the bundled brands answer, with one warning per period', async () => {
    const { source, advance } = setup([
      async () => ({ defaultBrand: 'acme', brands: { acme: { locales: [] } } }),
    ]);
    const first = await source.current();
    expect(first.config).toBe(bundled);
    expect(first.warning).toMatchObject({ reason: 'invalid', using: 'bundled' });
    expect(first.warning?.problems).toContain(
      'brand "acme": field "locales": must be a non-empty list of locale tags such as "en" or "fr-CA"',
    );
    expect((await source.current()).warning).toBeUndefined();
    advance(61);
    expect((await source.current()).warning?.reason).toBe('invalid');
  });

  it('keeps the last good configuration past maxAge when the store fails', async () => {
    const { source, advance } = setup([
      async () => remoteDocument,
      async () => {
        throw Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' });
      },
    ]);
    await source.current();
    advance(61);
    const failed = await source.current();
    expect(failed).toMatchObject({
      origin: 'last-good',
      warning: { reason: 'unavailable', using: 'last-good' },
    });
    expect(failed.config.brands.globex).toBeDefined();
    expect(failed.warning?.error).toBe('AccessDeniedException: User is not authorized');
  });

  it('caches a miss: a failing store is not asked again within maxAge', async () => {
    const { source, calls } = setup([
      async () => {
        throw new Error('ParameterNotFound');
      },
    ]);
    for (let i = 0; i < 5; i++) await source.current();
    expect(calls()).toBe(1);
  });

  it('answers within its deadline when the store stalls, and takes the late answer on a later call', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let release: (value: unknown) => void = () => undefined;
    const { source, advance } = setup([() => new Promise((resolve) => (release = resolve))], {
      deadlineMs: 20,
    });
    let first: Awaited<ReturnType<typeof source.current>> | undefined;
    const pending = source.current().then((result) => (first = result));
    await vi.advanceTimersByTimeAsync(19);
    expect(first).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    await pending;
    expect(first).toMatchObject({ origin: 'bundled', warning: { reason: 'deadline', using: 'bundled' } });
    release(remoteDocument);
    await vi.advanceTimersByTimeAsync(0);
    advance(1);
    expect((await source.current()).config.brands.globex).toBeDefined();
  });
});

describe(`Channel: ${BRAND_SOURCE_CHANNEL}`, () => {
  it('announces each brand source as it is made, with the checks it applies to every document it loads', async () => {
    const nameless = { defaultBrand: 'acme', brands: { acme: { defaultLocale: 'en', locales: ['en'] } } };
    const announced: BrandSourceAnnouncement[] = [];
    const listen = (message: unknown) => announced.push(message as BrandSourceAnnouncement);
    subscribe(BRAND_SOURCE_CHANNEL, listen);
    const { source } = setup([async () => nameless]);
    unsubscribe(BRAND_SOURCE_CHANNEL, listen);

    const problems = ['brand "acme": field "displayName": must be a non-empty string'];
    expect(announced).toMatchObject([{ description: 'test store', validatesBrand: true }]);
    expect(announced[0]?.check(remoteDocument).problems).toEqual([]);
    expect(announced[0]?.check(nameless)).toEqual({ problems });
    expect((await source.current()).warning?.problems).toEqual(problems);
  });
});
