/** @module brand/config — a brand configuration document, and checking one before any template sees it. */
import { EMAIL_ADDRESS } from '../cognito/limits.js';
import type { BrandBase } from './resolve.js';

/** What a brand carries in a configuration document: the kit's fields, your own, and the app clients it serves. */
type ConfiguredBrand<B extends BrandBase> = B & {
  /** App client ids (`callerContext.clientId`) whose requests are this brand's. */
  readonly clientIds?: readonly string[];
};

/**
 * A brand configuration document, as kept in Parameter Store or AppConfig:
 * `{ "defaultBrand": "acme", "brands": { "acme": { "defaultLocale": "en", "locales": ["en","fr"], … } } }`.
 */
interface BrandDocument<B extends BrandBase> {
  readonly defaultBrand: string;
  readonly brands: Readonly<Record<string, ConfiguredBrand<B>>>;
}

/**
 * A checked configuration, ready for resolution: brands, the default, and the app client map. `K` is the brand ids it
 * can hold: `string` (the default) for one loaded at run time, whose document may name brands the code has never seen.
 */
interface BrandConfig<B extends BrandBase, K extends string = string> {
  readonly brands: Readonly<Record<K, B>>;
  readonly defaultBrand: K;
  readonly clientIds: Readonly<Record<string, K>>;
}

/**
 * Checks the fields of one brand that are your own (the kit checks `defaultLocale`, `locales` and `clientIds`).
 * Returns one problem per broken field, in the form `field "<path>": <what is wrong>`.
 */
type BrandValidator = (brand: Readonly<Record<string, unknown>>, id: string) => readonly string[];

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const LOCALE = /^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$/;

/**
 * Checks a configuration document and returns the configuration, or every problem, each naming the brand and the
 * field. A document with any problem is refused whole: a partial configuration never reaches a template.
 *
 * @example
 * ```ts
 * const { config, problems } = checkBrandDocument(JSON.parse(text), requireFields({ displayName: 'string' }));
 * // problems: ['brand "globex": field "displayName": must be a non-empty string']
 * ```
 */
const checkBrandDocument = <B extends BrandBase>(
  document: unknown,
  validateBrand?: BrandValidator,
): { config?: BrandConfig<B>; problems: string[] } => {
  const problems: string[] = [];
  if (!isObject(document))
    return { problems: ['the document must be a JSON object with "defaultBrand" and "brands"'] };
  const brands = document.brands;
  if (!isObject(brands) || Object.keys(brands).length === 0)
    return { problems: ['field "brands": must be an object with at least one brand'] };
  const clientIds: Record<string, string> = {};
  for (const [id, brand] of Object.entries(brands)) {
    const problem = (field: string, text: string) =>
      problems.push(`brand "${id}": field "${field}": ${text}`);
    if (!isObject(brand)) {
      problems.push(`brand "${id}": must be an object`);
      continue;
    }
    const locales = brand.locales;
    if (
      !Array.isArray(locales) ||
      locales.length === 0 ||
      !locales.every((l) => typeof l === 'string' && LOCALE.test(l))
    )
      problem('locales', 'must be a non-empty list of locale tags such as "en" or "fr-CA"');
    if (typeof brand.defaultLocale !== 'string') problem('defaultLocale', 'must be a locale tag');
    else if (Array.isArray(locales) && !locales.includes(brand.defaultLocale))
      problem('defaultLocale', `"${brand.defaultLocale}" is not in locales`);
    if (brand.clientIds !== undefined) {
      if (!Array.isArray(brand.clientIds) || !brand.clientIds.every((c) => typeof c === 'string' && c !== ''))
        problem('clientIds', 'must be a list of app client ids');
      else
        for (const clientId of brand.clientIds as string[]) {
          const other = clientIds[clientId];
          if (other !== undefined && other !== id)
            problem('clientIds', `"${clientId}" is already brand "${other}"'s`);
          clientIds[clientId] = id;
        }
    }
    for (const text of validateBrand?.(brand, id) ?? []) problems.push(`brand "${id}": ${text}`);
  }
  if (typeof document.defaultBrand !== 'string')
    problems.push('field "defaultBrand": must name one of the brands');
  else if (!Object.hasOwn(brands, document.defaultBrand))
    problems.push(`field "defaultBrand": "${document.defaultBrand}" is not one of the brands`);
  if (problems.length > 0) return { problems };
  return {
    config: { brands: brands as Record<string, B>, defaultBrand: document.defaultBrand as string, clientIds },
    problems,
  };
};

/** The kind of value a field must hold, for {@link requireFields}. */
type FieldKind = 'string' | 'url' | 'email' | 'color' | 'object';

const FIELD_CHECKS: Readonly<Record<FieldKind, [(value: unknown) => boolean, string]>> = {
  string: [(v) => typeof v === 'string' && v.trim() !== '', 'must be a non-empty string'],
  url: [(v) => typeof v === 'string' && /^https:\/\/[^\s]+$/.test(v), 'must be an https:// URL'],
  email: [(v) => typeof v === 'string' && EMAIL_ADDRESS.test(v), 'must be an email address'],
  color: [
    (v) => typeof v === 'string' && /^#(?:[0-9a-fA-F]{3}){1,2}$/.test(v),
    'must be a colour such as "#0b5fff"',
  ],
  object: [isObject, 'must be an object'],
};

/**
 * A {@link BrandValidator} for the fields your templates read, by kind.
 *
 * @example
 * ```ts
 * const validateBrand = requireFields({ displayName: 'string', logoUrl: 'url', supportEmail: 'email' });
 * ```
 */
const requireFields =
  (fields: Readonly<Record<string, FieldKind>>): BrandValidator =>
  (brand) =>
    Object.entries(fields).flatMap(([field, kind]) => {
      const [valid, text] = FIELD_CHECKS[kind];
      return valid(brand[field]) ? [] : [`field "${field}": ${text}`];
    });

/** Turns a configuration back into the document form, e.g. to publish bundled brands to Parameter Store. */
const toBrandDocument = <B extends BrandBase>(config: BrandConfig<B>): BrandDocument<B> => {
  const served = new Map<string, string[]>();
  for (const [clientId, brandId] of Object.entries(config.clientIds))
    served.set(brandId, [...(served.get(brandId) ?? []), clientId]);
  return {
    defaultBrand: config.defaultBrand,
    brands: Object.fromEntries(
      Object.entries(config.brands).map(([id, brand]) => [
        id,
        served.has(id) ? { ...brand, clientIds: served.get(id) } : brand,
      ]),
    ) as Record<string, ConfiguredBrand<B>>,
  };
};

export type { BrandConfig, BrandDocument, BrandValidator, ConfiguredBrand, FieldKind };
export { checkBrandDocument, requireFields, toBrandDocument };
