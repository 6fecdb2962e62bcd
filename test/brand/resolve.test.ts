import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchLocale, resolveBrandAndLocale } from '../../src/brand/resolve.js';

const brands = {
  acme: { defaultLocale: 'en', locales: ['en', 'fr'] },
  globex: { defaultLocale: 'fr', locales: ['fr', 'en', 'pt-BR', 'zh-Hant'] },
};
const clientIds = { acmeclient: 'acme', globexclient: 'globex' };

describe('Function: resolveBrandAndLocale', () => {
  it('takes the brand from clientMetadata.brand first', () => {
    const resolved = resolveBrandAndLocale(
      {
        clientId: 'acmeclient',
        clientMetadata: { brand: 'globex' },
        userAttributes: { 'custom:brand': 'acme' },
      },
      brands,
      'acme',
      { clientIds },
    );
    expect(resolved).toMatchObject({ brandId: 'globex', brandSource: 'clientMetadata', warnings: [] });
  });

  it("then from the app client's brand", () => {
    const resolved = resolveBrandAndLocale(
      { clientId: 'globexclient', userAttributes: { 'custom:brand': 'acme' } },
      brands,
      'acme',
      { clientIds },
    );
    expect(resolved).toMatchObject({ brandId: 'globex', brandSource: 'clientId' });
  });

  it('then from the custom:brand attribute, as admin API calls carry no app client', () => {
    const resolved = resolveBrandAndLocale(
      { clientId: 'CLIENT_ID_NOT_APPLICABLE', userAttributes: { 'custom:brand': 'globex' } },
      brands,
      'acme',
      { clientIds },
    );
    expect(resolved).toMatchObject({ brandId: 'globex', brandSource: 'userAttribute' });
  });

  it('then the default brand', () => {
    expect(resolveBrandAndLocale({}, brands, 'globex')).toMatchObject({
      brandId: 'globex',
      brandSource: 'default',
    });
  });

  it('falls back past an unknown brand with a warning, never an error', () => {
    const resolved = resolveBrandAndLocale(
      { clientMetadata: { brand: 'initech' }, userAttributes: { 'custom:brand': 'globex' } },
      brands,
      'acme',
    );
    expect(resolved).toMatchObject({ brandId: 'globex', brandSource: 'userAttribute' });
    expect(resolved.warnings).toEqual([
      'clientMetadata.brand names brand "initech", which is not configured',
    ]);
  });

  it('matches brand ids regardless of case', () => {
    expect(resolveBrandAndLocale({ clientMetadata: { brand: 'GLOBEX' } }, brands, 'acme').brandId).toBe(
      'globex',
    );
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'does not take %s for a brand through the prototype chain',
    (name) => {
      const resolved = resolveBrandAndLocale(
        { clientMetadata: { brand: name, locale: name } },
        brands,
        'acme',
      );
      expect(resolved).toMatchObject({ brandId: 'acme', brandSource: 'default', locale: 'en' });
    },
  );

  it('uses the keys and attributes it is told to, and skips steps set to false', () => {
    const resolved = resolveBrandAndLocale(
      { clientMetadata: { brand: 'globex', tenant: 'globex', lang: 'en' }, userAttributes: { locale: 'fr' } },
      brands,
      'acme',
      { brandMetadataKey: 'tenant', localeMetadataKey: 'lang', localeAttribute: false },
    );
    expect(resolved).toMatchObject({ brandId: 'globex', locale: 'en', localeSource: 'clientMetadata' });
    const skipped = resolveBrandAndLocale({ clientMetadata: { brand: 'globex' } }, brands, 'acme', {
      brandMetadataKey: false,
    });
    expect(skipped.brandSource).toBe('default');
  });

  it('takes the locale from clientMetadata.locale first, then the locale attribute, then the brand default', () => {
    const both = { clientMetadata: { locale: 'en' }, userAttributes: { locale: 'fr' } };
    expect(resolveBrandAndLocale(both, brands, 'globex')).toMatchObject({
      locale: 'en',
      localeSource: 'clientMetadata',
    });
    expect(resolveBrandAndLocale({ userAttributes: { locale: 'en' } }, brands, 'globex')).toMatchObject({
      locale: 'en',
      localeSource: 'userAttribute',
    });
    expect(resolveBrandAndLocale({}, brands, 'globex')).toMatchObject({
      locale: 'fr',
      localeSource: 'default',
    });
  });

  it('falls back from fr-CA to fr', () => {
    expect(resolveBrandAndLocale({ clientMetadata: { locale: 'fr-CA' } }, brands, 'acme')).toMatchObject({
      locale: 'fr',
      localeSource: 'clientMetadata',
      warnings: [],
    });
  });

  it('falls back from an unknown locale to the next source, then the default, with a warning', () => {
    const resolved = resolveBrandAndLocale(
      { clientMetadata: { locale: 'de-DE' }, userAttributes: { locale: 'ja' } },
      brands,
      'acme',
    );
    expect(resolved).toMatchObject({ locale: 'en', localeSource: 'default' });
    expect(resolved.warnings).toEqual([
      'clientMetadata.locale asks for locale "de-DE", which brand "acme" does not have',
      'attribute locale asks for locale "ja", which brand "acme" does not have',
    ]);
  });

  it('shortens a long requested value in its warning', () => {
    const resolved = resolveBrandAndLocale(
      { clientMetadata: { brand: 'x'.repeat(131_072) } },
      brands,
      'acme',
    );
    expect(resolved.warnings[0]?.length).toBeLessThan(140);
  });
});

describe('Function: matchLocale', () => {
  it.each([
    ['fr_CA', 'fr'],
    ['PT-br', 'pt-BR'],
    ['pt-BR-x-private', 'pt-BR'],
    ['zh-Hant-TW', 'zh-Hant'],
    ['en-GB', 'en'],
  ])('matches %s to %s', (requested, expected) => {
    expect(matchLocale(requested, brands.globex.locales)).toBe(expected);
  });

  it('matches nothing for a language the brand lacks', () => {
    expect(matchLocale('de', brands.globex.locales)).toBeUndefined();
  });
});

describe('Property: resolveBrandAndLocale', () => {
  it('always picks a configured brand and one of its locales, whatever the request says', () => {
    const values = fc.dictionary(
      fc.oneof(fc.constantFrom('brand', 'locale', 'custom:brand'), fc.string()),
      fc.oneof(fc.constantFrom('globex', 'GLOBEX', 'fr-CA', 'pt_br', '__proto__', ''), fc.string()),
    );
    fc.assert(
      fc.property(fc.option(fc.string()), values, values, (clientId, clientMetadata, userAttributes) => {
        const resolved = resolveBrandAndLocale(
          { clientId: clientId ?? undefined, clientMetadata, userAttributes },
          brands,
          'acme',
          { clientIds },
        );
        expect(Object.keys(brands)).toContain(resolved.brandId);
        expect(resolved.brand.locales).toContain(resolved.locale);
      }),
    );
  });
});
