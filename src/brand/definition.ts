/**
 * @module brand/definition — the brand and locale of one invocation, from inline brands or a brand source: the
 * `brands`, `defaultBrand` and `resolution` options every builder takes (`customMessage`, `customSmsSender`), checked
 * the same way.
 */
import type { BrandConfig } from './config.js';
import type { BrandOrigin, BrandSource, BrandSourceWarning } from './remote.js';
import {
  type BrandBase,
  createResolver,
  type Resolution,
  type ResolutionInput,
  type ResolutionOptions,
} from './resolve.js';

/** Where brands come from and how one is picked: the options every builder in the kit shares. */
interface BrandsDefinition<K extends string, B extends BrandBase> {
  // A source gives `K` its own brand ids (`string` for a loaded document), so that `K` is never read from the keys of
  // the source object itself (`current`, `description`), which would refuse every brand in `resolution.clientIds`.
  /**
   * Brand id to brand configuration, or a source that loads it at run time (`ssmBrands`, `appConfigBrands`); a
   * source's document also names the default brand and the app clients of each brand.
   */
  readonly brands: Readonly<Record<K, B>> | BrandSource<B, K>;
  /** The brand used when the request names none that is configured (inline brands only). */
  readonly defaultBrand?: NoInfer<K>;
  /** How brand and locale are looked up (default: `clientMetadata.brand`, app client, `custom:brand`, default). */
  readonly resolution?: ResolutionOptions & { readonly clientIds?: Readonly<Record<string, NoInfer<K>>> };
}

/** The brand and locale of one invocation, and where the configuration came from when a source supplied it. */
interface BrandResolution<B extends BrandBase> extends Resolution<B> {
  /** Set when the brands come from a source. */
  readonly origin?: BrandOrigin;
  /** A warning from the source, at most once per cache period. */
  readonly sourceWarning?: BrandSourceWarning;
}

/**
 * True for a brand source (`ssmBrands`, `appConfigBrands`, `remoteBrands`, …) rather than inline brands.
 *
 * @example
 * ```ts
 * if (!isBrandSource(definition.brands)) checkEveryBrand(definition.brands);
 * ```
 */
const isBrandSource = <B extends BrandBase>(value: unknown): value is BrandSource<B> =>
  typeof (value as { current?: unknown } | undefined)?.current === 'function';

/**
 * Checks inline brands, each message starting with the builder's name: at least one brand,
 * a configured `defaultBrand`, locales that include the default one, `clientIds` naming configured brands.
 *
 * @example
 * ```ts
 * checkBrandsDefinition('customSmsSender', { brands, defaultBrand: 'acme' });
 * ```
 */
const checkBrandsDefinition = <K extends string, B extends BrandBase>(
  builder: string,
  definition: BrandsDefinition<K, B>,
): void => {
  if (isBrandSource(definition.brands)) return;
  const { defaultBrand = '' as K, resolution } = definition;
  const brands = definition.brands;
  const ids = Object.keys(brands ?? {});
  if (ids.length === 0) throw new TypeError(`${builder}: brands must name at least one brand`);
  if (!Object.hasOwn(brands, defaultBrand))
    throw new TypeError(
      `${builder}: defaultBrand "${defaultBrand}" is not one of the brands (${ids.join(', ')})`,
    );
  for (const id of ids) {
    const brand = brands[id as K];
    if (!Array.isArray(brand.locales) || brand.locales.length === 0)
      throw new TypeError(`${builder}: brand "${id}" must list at least one locale in locales`);
    if (!brand.locales.includes(brand.defaultLocale))
      throw new TypeError(
        `${builder}: brand "${id}" has defaultLocale "${brand.defaultLocale}", not in its locales`,
      );
  }
  for (const [clientId, brandId] of Object.entries(resolution?.clientIds ?? {}))
    if (!Object.hasOwn(brands, brandId as string))
      throw new TypeError(
        `${builder}: clientIds maps "${clientId}" to "${brandId}", which is not one of the brands`,
      );
};

/**
 * Prepares resolution once and returns the function each invocation calls. Inline brands get one resolver; a brand
 * source gets one per configuration it loads, built when a new configuration arrives, not per invocation.
 *
 * @example
 * ```ts
 * const resolve = brandResolver({ brands, defaultBrand: 'acme' });
 * const { brandId, locale } = await resolve({ clientMetadata: { brand: 'globex' } });
 * ```
 */
const brandResolver = <K extends string, B extends BrandBase>(
  definition: BrandsDefinition<K, B>,
): ((input: ResolutionInput) => Promise<BrandResolution<B>>) => {
  const { resolution } = definition;
  if (!isBrandSource<B>(definition.brands)) {
    const resolve = createResolver(
      definition.brands as Readonly<Record<string, B>>,
      definition.defaultBrand as string,
      resolution,
    );
    return async (input) => resolve(input);
  }
  const source = definition.brands;
  const resolvers = new WeakMap<BrandConfig<B>, ReturnType<typeof createResolver<B>>>();
  return async (input) => {
    const { config, origin, warning } = await source.current();
    let resolve = resolvers.get(config);
    if (resolve === undefined) {
      resolve = createResolver(config.brands, config.defaultBrand, {
        ...resolution,
        clientIds: { ...config.clientIds, ...resolution?.clientIds },
      });
      resolvers.set(config, resolve);
    }
    const resolved = resolve(input);
    return warning ? { ...resolved, origin, sourceWarning: warning } : { ...resolved, origin };
  };
};

export type { BrandResolution, BrandsDefinition };
export { brandResolver, checkBrandsDefinition, isBrandSource };
