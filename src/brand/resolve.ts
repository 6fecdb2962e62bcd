/** @module brand/resolve — which brand and locale a Custom message is for. */

/** What every brand declares; teams add their own fields (names, colours, strings per locale, …). */
interface BrandBase {
  /** The locale used when the request names none the brand has. */
  readonly defaultLocale: string;
  /** Every locale the brand has messages for, as BCP 47 tags (`en`, `fr`, `pt-BR`). */
  readonly locales: readonly string[];
}

/** Where the brand came from, first match wins in this order. */
type BrandFoundIn = 'clientMetadata' | 'clientId' | 'userAttribute' | 'default';
/** Where the locale came from, first match wins in this order. */
type LocaleSource = 'clientMetadata' | 'userAttribute' | 'default';

/** How brand and locale are looked up. Set a key to `false` to skip that step. */
interface ResolutionOptions {
  /** The `clientMetadata` key naming the brand (default: `'brand'`). */
  readonly brandMetadataKey?: string | false;
  /** App client id (`callerContext.clientId`) to brand id. Admin API calls carry `CLIENT_ID_NOT_APPLICABLE`. */
  readonly clientIds?: Readonly<Record<string, string>>;
  /** The user attribute naming the brand (default: `'custom:brand'`). */
  readonly brandAttribute?: string | false;
  /** The `clientMetadata` key naming the locale (default: `'locale'`). */
  readonly localeMetadataKey?: string | false;
  /** The user attribute naming the locale (default: `'locale'`, the OIDC standard attribute). */
  readonly localeAttribute?: string | false;
}

/** What resolution needs from the event. */
interface ResolutionInput {
  readonly clientId?: string | undefined;
  readonly userAttributes?: Readonly<Record<string, string | undefined>> | undefined;
  readonly clientMetadata?: Readonly<Record<string, string | undefined>> | undefined;
}

interface Resolution<B extends BrandBase> {
  readonly brandId: string;
  readonly brand: B;
  readonly brandSource: BrandFoundIn;
  readonly locale: string;
  readonly localeSource: LocaleSource;
  /** Why a requested brand or locale was not used; empty when every request was honoured. */
  readonly warnings: readonly string[];
}

const DEFAULTS = {
  brandMetadataKey: 'brand',
  brandAttribute: 'custom:brand',
  localeMetadataKey: 'locale',
  localeAttribute: 'locale',
} as const;

const NO_WARNINGS: readonly string[] = Object.freeze([]);

/** Requested values are untrusted: show them short and as data. */
const quote = (value: string): string => JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);

/** A record's own value for a key, when it is a string: a test event may hold numbers, arrays or null. */
const own = (
  record: Readonly<Record<string, string | undefined>> | undefined,
  key: string | false | undefined,
): string | undefined => {
  if (!record || key === false || key === undefined || !Object.hasOwn(record, key)) return undefined;
  const value: unknown = record[key];
  return typeof value === 'string' ? value : undefined;
};

const kindOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;

/**
 * The string values of a request's clientMetadata, as Cognito sends them, and a warning for each value that is not a
 * string (a Lambda console test event can hold numbers, arrays or null): such values are left out. The record itself
 * comes back when every value is a string.
 *
 * @example
 * ```ts
 * stringValues({ brand: 'globex', retries: 5 }, 'clientMetadata');
 * // { values: { brand: 'globex' }, warnings: ['clientMetadata."retries" is a number, not a string: ignored'] }
 * ```
 */
const stringValues = (
  record: unknown,
  name: string,
): { values: Readonly<Record<string, string>>; warnings: readonly string[] } => {
  if (record === undefined || record === null) return { values: {}, warnings: NO_WARNINGS };
  if (typeof record !== 'object' || Array.isArray(record))
    return { values: {}, warnings: [`${name} is ${kindOf(record)}, not an object of strings: ignored`] };
  const entries = Object.entries(record);
  const warnings = entries
    .filter(([, value]) => typeof value !== 'string')
    .map(([key, value]) => `${name}.${quote(key)} is ${kindOf(value)}, not a string: ignored`);
  return {
    values:
      warnings.length > 0
        ? Object.fromEntries(entries.filter(([, value]) => typeof value === 'string'))
        : (record as Record<string, string>),
    warnings,
  };
};

const normalizeTag = (tag: string): string => tag.trim().replace(/_/g, '-').toLowerCase();

/** Normalised tag to the brand's own spelling, for every locale a brand has. */
const localeIndex = (locales: readonly string[]): ReadonlyMap<string, string> =>
  new Map(locales.map((locale) => [normalizeTag(locale), locale]));

const matchIndexed = (requested: string, index: ReadonlyMap<string, string>): string | undefined => {
  let tag = normalizeTag(requested);
  for (;;) {
    const match = index.get(tag);
    if (match !== undefined) return match;
    const cut = tag.lastIndexOf('-');
    if (cut <= 0) return undefined;
    tag = tag.slice(0, cut);
  }
};

/**
 * Matches a requested locale to one the brand has: the exact tag (case and `_` vs `-` ignored), then the tag with
 * its last subtag removed, and so on: `fr-CA` → `fr`, `zh-Hant-TW` → `zh-Hant` → `zh`.
 *
 * @example
 * ```ts
 * matchLocale('fr_CA', ['en', 'fr']); // 'fr'
 * ```
 */
const matchLocale = (requested: string, locales: readonly string[]): string | undefined =>
  matchIndexed(requested, localeIndex(locales));

/**
 * Prepares brand and locale resolution for a set of brands, once, and returns the function that resolves each
 * request. Brand: `clientMetadata.brand`, then the app client's brand, then the `custom:brand` attribute, then
 * `defaultBrand`. Locale: `clientMetadata.locale`, then the `locale` attribute, then the brand's `defaultLocale`. An
 * unknown brand or locale never throws: the next step is tried and a warning says why.
 *
 * @example
 * ```ts
 * const resolve = createResolver(brands, 'acme', { clientIds: { '7qp3s1lm9d2k8x4c6v0b5n7h3j': 'globex' } });
 * const { brandId, locale } = resolve({ clientMetadata: { brand: 'globex', locale: 'fr-CA' } });
 * ```
 */
const createResolver = <B extends BrandBase>(
  brands: Readonly<Record<string, B>>,
  defaultBrand: string,
  options: ResolutionOptions = {},
): ((input: ResolutionInput) => Resolution<B>) => {
  const { brandMetadataKey, brandAttribute, localeMetadataKey, localeAttribute } = {
    ...DEFAULTS,
    ...options,
  };
  const clientIds = options.clientIds;
  const ids = new Map(Object.keys(brands).map((id) => [id.toLowerCase(), id]));
  const locales = new Map(Object.keys(brands).map((id) => [id, localeIndex((brands[id] as B).locales)]));
  if (!Object.hasOwn(brands, defaultBrand))
    throw new TypeError(`defaultBrand ${quote(defaultBrand)} is not one of the configured brands`);
  /** A brand id, exactly or ignoring case, and never through the prototype chain. */
  const findBrandId = (requested: string): string | undefined =>
    Object.hasOwn(brands, requested) ? requested : ids.get(requested.trim().toLowerCase());

  return (input) => {
    let warnings: string[] | undefined;
    const warn = (warning: string) => {
      warnings ??= [];
      warnings.push(warning);
    };

    let brandId = defaultBrand;
    let brandSource: BrandFoundIn = 'default';
    const fromMetadata = own(input.clientMetadata, brandMetadataKey);
    const fromClient = input.clientId === undefined ? undefined : own(clientIds, input.clientId);
    const fromAttribute = own(input.userAttributes, brandAttribute);
    if (fromMetadata) {
      const found = findBrandId(fromMetadata);
      if (found !== undefined) [brandId, brandSource] = [found, 'clientMetadata'];
      else
        warn(
          `clientMetadata.${brandMetadataKey} names brand ${quote(fromMetadata)}, which is not configured`,
        );
    }
    if (brandSource === 'default' && fromClient) {
      const found = findBrandId(fromClient);
      if (found !== undefined) [brandId, brandSource] = [found, 'clientId'];
      else warn(`app client names brand ${quote(fromClient)}, which is not configured`);
    }
    if (brandSource === 'default' && fromAttribute) {
      const found = findBrandId(fromAttribute);
      if (found !== undefined) [brandId, brandSource] = [found, 'userAttribute'];
      else warn(`attribute ${brandAttribute} names brand ${quote(fromAttribute)}, which is not configured`);
    }
    const brand = brands[brandId] as B;
    const index = locales.get(brandId) as ReadonlyMap<string, string>;

    let locale = brand.defaultLocale;
    let localeSource: LocaleSource = 'default';
    const localeFromMetadata = own(input.clientMetadata, localeMetadataKey);
    const localeFromAttribute = own(input.userAttributes, localeAttribute);
    if (localeFromMetadata) {
      const found = matchIndexed(localeFromMetadata, index);
      if (found !== undefined) [locale, localeSource] = [found, 'clientMetadata'];
      else
        warn(
          `clientMetadata.${localeMetadataKey} asks for locale ${quote(localeFromMetadata)}, which brand ${quote(brandId)} does not have`,
        );
    }
    if (localeSource === 'default' && localeFromAttribute) {
      const found = matchIndexed(localeFromAttribute, index);
      if (found !== undefined) [locale, localeSource] = [found, 'userAttribute'];
      else
        warn(
          `attribute ${localeAttribute} asks for locale ${quote(localeFromAttribute)}, which brand ${quote(brandId)} does not have`,
        );
    }
    return { brandId, brand, brandSource, locale, localeSource, warnings: warnings ?? NO_WARNINGS };
  };
};

/**
 * Picks the brand and locale for one request: {@link createResolver} for a single use. Prefer `createResolver` when
 * resolving many requests against the same brands.
 *
 * @example
 * ```ts
 * const { brandId, locale } = resolveBrandAndLocale({ clientMetadata: { brand: 'globex', locale: 'fr-CA' } },
 *   brands, 'acme');
 * ```
 */
const resolveBrandAndLocale = <B extends BrandBase>(
  input: ResolutionInput,
  brands: Readonly<Record<string, B>>,
  defaultBrand: string,
  options: ResolutionOptions = {},
): Resolution<B> => createResolver(brands, defaultBrand, options)(input);

export type { BrandBase, BrandFoundIn, LocaleSource, Resolution, ResolutionInput, ResolutionOptions };
export { createResolver, matchLocale, resolveBrandAndLocale, stringValues };
