/** @module brand/remote — brand configuration fetched at run time, never making Cognito wait or fail. */
import { channel } from 'node:diagnostics_channel';
import { type BrandConfig, type BrandValidator, checkBrandDocument } from './config.js';
import type { BrandBase } from './resolve.js';

/** Where the configuration an invocation uses came from. */
type BrandOrigin = 'remote' | 'last-good' | 'bundled';

/** What a warning about the remote configuration says; the handler logs it, once per cache period. */
interface BrandSourceWarning {
  readonly source: string;
  readonly reason: 'invalid' | 'unavailable' | 'deadline';
  readonly problems?: readonly string[];
  readonly error?: string;
  /** What the handler uses instead. */
  readonly using: Exclude<BrandOrigin, 'remote'>;
}

/**
 * A source of brand configuration for `customMessage`. `K` is the brand ids its configurations hold: `string` (the
 * default) for a document loaded at run time, so that `resolution.clientIds` may name any brand.
 */
interface BrandSource<B extends BrandBase, K extends string = string> {
  /** Describes the source for logs, e.g. `SSM parameter /brands`. */
  readonly description: string;
  /** The configuration to use now; never rejects. `warning` is set at most once per cache period. */
  current(): Promise<{ config: BrandConfig<B, K>; origin: BrandOrigin; warning?: BrandSourceWarning }>;
}

interface RemoteBrandsOptions<B extends BrandBase> {
  readonly description: string;
  /** Fetches the document (parsed JSON). May reject; a result after the deadline still refreshes the cache. */
  readonly fetch: () => Promise<unknown>;
  /** The bundled configuration, used until a remote one has been loaded and when none can be. */
  readonly fallback: BrandConfig<B>;
  /** Checks your own brand fields, e.g. {@link requireFields}. */
  readonly validateBrand?: BrandValidator;
  /**
   * How long a loaded configuration, or a failed attempt, is kept before fetching again (default: 300 s). This is the
   * only cache: `fetch` must ask the store every time it is called.
   */
  readonly maxAgeSeconds?: number;
  /** How long one invocation waits for a fetch (default: 400 ms, well inside Cognito's 5 seconds). */
  readonly deadlineMs?: number;
  /** The clock, in milliseconds (default: `Date.now`). */
  readonly now?: () => number;
}

const DEFAULT_MAX_AGE_SECONDS = 300;
const DEFAULT_DEADLINE_MS = 400;

/**
 * What every AWS-backed brand source takes: the bundled fallback, your field checks, the cache period, the deadline,
 * and either your own SDK client or configuration for the one created on the first fetch.
 */
type AwsBrandSourceOptions<B extends BrandBase, Client, ClientConfig> = {
  /** The bundled configuration: used until the store answers, and whenever it can't. */
  readonly fallback: BrandConfig<B>;
  readonly validateBrand?: BrandValidator;
  /** How long a loaded configuration, or a failed attempt, is kept before the store is asked again (default: 300 s). */
  readonly maxAgeSeconds?: number;
  /** How long one invocation waits for the store (default: 400 ms). */
  readonly deadlineMs?: number;
} & (
  | { readonly client?: Client; readonly clientConfig?: never }
  | { readonly clientConfig?: ClientConfig; readonly client?: never }
);

/** The SDK client settings for a fetch that must end by the deadline: one attempt, timeouts at the deadline. */
const deadlineClientConfig = (deadlineMs: number) => ({
  maxAttempts: 1,
  requestHandler: { requestTimeout: deadlineMs, connectionTimeout: deadlineMs },
});

class Deadline {}

/**
 * The diagnostics channel on which every brand source is announced as it is made, with the checks it applies. A named
 * channel is shared by every copy of the kit in a process, a handler's bundle included: `cognito-trigger brands check
 * --handler` loads the handler and applies exactly the checks its sources announce.
 */
const BRAND_SOURCE_CHANNEL = 'cognito-trigger-kit:brand-source';

/** What {@link BRAND_SOURCE_CHANNEL} carries for one brand source. */
interface BrandSourceAnnouncement {
  readonly description: string;
  /** Whether the source checks fields of its own (`validateBrand`) on top of the kit's. */
  readonly validatesBrand: boolean;
  /** Checks a document exactly as the source checks each one it loads. */
  check(document: unknown): { config?: BrandConfig<BrandBase>; problems: string[] };
}

const announcements = /* @__PURE__ */ channel(BRAND_SOURCE_CHANNEL);

/**
 * A brand source around any fetch: configuration is loaded when first needed and again once `maxAgeSeconds` has
 * passed; each fetch has its own deadline; a document that fails the checks is refused whole. When a fetch fails,
 * passes the deadline or returns an invalid document, the last good configuration (kept past `maxAgeSeconds`), else
 * the bundled one, answers, and the miss is cached like a success so that a broken source is not fetched on every
 * invocation. The source is announced on {@link BRAND_SOURCE_CHANNEL} as it is made.
 *
 * @example
 * ```ts
 * const source = remoteBrands({ description: 'my store', fetch: () => loadJson(), fallback: bundled });
 * const { config, origin } = await source.current();
 * ```
 */
const remoteBrands = <B extends BrandBase>(options: RemoteBrandsOptions<B>): BrandSource<B> => {
  const now = options.now ?? Date.now;
  const maxAgeMs = (options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS) * 1000;
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  let lastGood: BrandConfig<B> | undefined;
  let nextFetchAt = 0;
  let inflight: Promise<void> | undefined;
  let pending: BrandSourceWarning | undefined;
  const check = (document: unknown) => checkBrandDocument<B>(document, options.validateBrand);
  if (announcements.hasSubscribers)
    announcements.publish({
      description: options.description,
      validatesBrand: options.validateBrand !== undefined,
      check,
    } satisfies BrandSourceAnnouncement);

  const using = (): Exclude<BrandOrigin, 'remote'> => (lastGood ? 'last-good' : 'bundled');
  const answer = (): Awaited<ReturnType<BrandSource<B>['current']>> => {
    const warning = pending;
    pending = undefined;
    const config = lastGood ?? options.fallback;
    const origin: BrandOrigin = lastGood ? (warning ? 'last-good' : 'remote') : 'bundled';
    return warning ? { config, origin, warning } : { config, origin };
  };

  const refresh = (): Promise<void> =>
    options.fetch().then(
      (document) => {
        const { config, problems } = check(document);
        if (config) lastGood = config;
        else pending = { source: options.description, reason: 'invalid', problems, using: using() };
      },
      (error: unknown) => {
        pending = {
          source: options.description,
          reason: 'unavailable',
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          using: using(),
        };
      },
    );

  return {
    description: options.description,
    async current() {
      if (now() < nextFetchAt) return answer();
      nextFetchAt = now() + maxAgeMs;
      inflight ??= refresh().finally(() => {
        inflight = undefined;
      });
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        inflight,
        new Promise<Deadline>((resolve) => {
          timer = setTimeout(() => resolve(new Deadline()), deadlineMs);
        }),
      ]);
      clearTimeout(timer);
      if (outcome instanceof Deadline)
        pending = {
          source: options.description,
          reason: 'deadline',
          error: `no answer within ${deadlineMs} ms`,
          using: using(),
        };
      return answer();
    },
  };
};

/**
 * A source whose code is loaded on first use: `import()` the module that makes it (e.g. `cognito-trigger-kit/ssm`)
 * inside `load`, and a bundle split at dynamic imports keeps that code, and the SDK it needs, out of the cold start.
 *
 * @example
 * ```ts
 * const brands = lazyBrands('SSM parameter /brands', async () =>
 *   (await import('cognito-trigger-kit/ssm')).ssmBrands({ name: '/brands', fallback: bundled }));
 * ```
 */
const lazyBrands = <B extends BrandBase>(
  description: string,
  load: () => Promise<BrandSource<B>>,
): BrandSource<B> => {
  let source: Promise<BrandSource<B>> | undefined;
  return {
    description,
    current: async () => {
      source ??= load();
      return (await source).current();
    },
  };
};

export type {
  AwsBrandSourceOptions,
  BrandOrigin,
  BrandSource,
  BrandSourceAnnouncement,
  BrandSourceWarning,
  RemoteBrandsOptions,
};
export {
  BRAND_SOURCE_CHANNEL,
  DEFAULT_DEADLINE_MS,
  DEFAULT_MAX_AGE_SECONDS,
  deadlineClientConfig,
  lazyBrands,
  remoteBrands,
};
