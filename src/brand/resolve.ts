/** @module brand/resolve — which brand and locale a Custom message is for. */

/** What every brand declares; teams add their own fields (names, colours, strings per locale, …). */
interface BrandBase {
  /** The locale used when the request names none the brand has. */
  readonly defaultLocale: string;
  /** Every locale the brand has messages for, as BCP 47 tags (`en`, `fr`, `pt-BR`). */
  readonly locales: readonly string[];
}

/** Where the brand came from, first match wins in this order. */
type BrandSource = 'clientMetadata' | 'clientId' | 'userAttribute' | 'default';
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
  readonly brandSource: BrandSource;
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

/** Requested values are untrusted: show them short and as data. */
const quote = (value: string): string => JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);

const own = (
  record: Readonly<Record<string, string | undefined>> | undefined,
  key: string | false | undefined,
) => (record && key !== false && key !== undefined && Object.hasOwn(record, key) ? record[key] : undefined);

/** Finds a brand id, exactly or ignoring case, and never through the prototype chain. */
const findBrandId = (brands: Readonly<Record<string, unknown>>, requested: string): string | undefined => {
  if (Object.hasOwn(brands, requested)) return requested;
  const wanted = requested.trim().toLowerCase();
  return Object.keys(brands).find((id) => id.toLowerCase() === wanted);
};

const normalizeTag = (tag: string): string => tag.trim().replace(/_/g, '-').toLowerCase();

/**
 * Matches a requested locale to one the brand has: the exact tag (case and `_` vs `-` ignored), then the tag with
 * its last subtag removed, and so on: `fr-CA` → `fr`, `zh-Hant-TW` → `zh-Hant` → `zh`.
 *
 * @example
 * ```ts
 * matchLocale('fr_CA', ['en', 'fr']); // 'fr'
 * ```
 */
const matchLocale = (requested: string, locales: readonly string[]): string | undefined => {
  const byTag = new Map(locales.map((locale) => [normalizeTag(locale), locale]));
  const subtags = normalizeTag(requested).split('-');
  for (let n = subtags.length; n > 0; n--) {
    const match = byTag.get(subtags.slice(0, n).join('-'));
    if (match !== undefined) return match;
  }
  return undefined;
};

/**
 * Picks the brand and locale for a message. Brand: `clientMetadata.brand`, then the app client's brand, then the
 * `custom:brand` attribute, then `defaultBrand`. Locale: `clientMetadata.locale`, then the `locale` attribute, then
 * the brand's `defaultLocale`. An unknown brand or locale never throws: the next step is tried and a warning says
 * why.
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
): Resolution<B> => {
  const settings = { ...DEFAULTS, ...options };
  const warnings: string[] = [];

  const brandCandidates: [BrandSource, string | undefined, string][] = [
    [
      'clientMetadata',
      own(input.clientMetadata, settings.brandMetadataKey),
      `clientMetadata.${settings.brandMetadataKey}`,
    ],
    [
      'clientId',
      input.clientId === undefined ? undefined : own(settings.clientIds, input.clientId),
      'app client',
    ],
    [
      'userAttribute',
      own(input.userAttributes, settings.brandAttribute),
      `attribute ${settings.brandAttribute}`,
    ],
  ];
  let brandId = defaultBrand;
  let brandSource: BrandSource = 'default';
  for (const [source, requested, label] of brandCandidates) {
    if (requested === undefined || requested === '') continue;
    const found = findBrandId(brands, requested);
    if (found !== undefined) {
      brandId = found;
      brandSource = source;
      break;
    }
    warnings.push(`${label} names brand ${quote(requested)}, which is not configured`);
  }
  const brand = brands[brandId];
  if (brand === undefined)
    throw new Error(`defaultBrand ${quote(defaultBrand)} is not one of the configured brands`);

  const localeCandidates: [LocaleSource, string | undefined, string][] = [
    [
      'clientMetadata',
      own(input.clientMetadata, settings.localeMetadataKey),
      `clientMetadata.${settings.localeMetadataKey}`,
    ],
    [
      'userAttribute',
      own(input.userAttributes, settings.localeAttribute),
      `attribute ${settings.localeAttribute}`,
    ],
  ];
  for (const [source, requested, label] of localeCandidates) {
    if (requested === undefined || requested === '') continue;
    const locale = matchLocale(requested, brand.locales);
    if (locale !== undefined) return { brandId, brand, brandSource, locale, localeSource: source, warnings };
    warnings.push(
      `${label} asks for locale ${quote(requested)}, which brand ${quote(brandId)} does not have`,
    );
  }
  return { brandId, brand, brandSource, locale: brand.defaultLocale, localeSource: 'default', warnings };
};

export type { BrandBase, BrandSource, LocaleSource, Resolution, ResolutionInput, ResolutionOptions };
export { matchLocale, resolveBrandAndLocale };
