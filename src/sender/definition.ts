/**
 * @module sender/definition — what every custom sender builder takes (brands, templates, a decrypter, retries, a
 * logger), and the checks each makes when its handler is built, so that a mistake stops the deployment rather than a
 * user's code.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type BrandsDefinition, checkBrandsDefinition, isBrandSource } from '../brand/definition.js';
import type { BrandBase } from '../brand/resolve.js';
import { isCustomMessageTriggerSource } from '../cognito/trigger-sources.js';
import type { CustomMessageTemplates } from '../handler/types.js';
import type { CodeDecrypter } from './decrypt.js';
import type { RetryOptions } from './retry.js';

/** What every custom sender builder takes, besides its own delivery settings and client. */
type SenderDefinition<K extends string, B extends BrandBase> = BrandsDefinition<K, B> & {
  /**
   * The same templates `customMessage` takes: `CustomSMSSender_X` sends the `.sms` of `CustomMessage_X`, and
   * `CustomEmailSender_X` its `.email`.
   */
  readonly templates: CustomMessageTemplates<B>;
  /** Decrypts `request.code`: `kmsDecrypter({ keyArn })` when deployed, `localKeyring()` in tests. */
  readonly decrypter: CodeDecrypter;
  /** How long the service may take and how attempts are spaced; the budget also stays inside the Lambda function's time. */
  readonly retry?: RetryOptions;
  /**
   * When `true`, a template that can't serve (it throws, times out, returns no message, leaves the code out or breaks
   * Cognito's rules) makes the handler throw. By default Cognito's own wording is sent instead, so the user still gets
   * the code (default: false).
   */
  readonly strict?: boolean;
  /** How long an async template may take, in milliseconds (default: 3000). */
  readonly templateTimeoutMs?: number;
  /** A Powertools Logger of your own (default: one created here; level from POWERTOOLS_LOG_LEVEL and friends). */
  readonly logger?: Logger;
  /** Log the event, personal data and the encrypted code redacted (default: POWERTOOLS_LOGGER_LOG_EVENT, else false). */
  readonly logEvent?: boolean;
};

/** The checks of a builder's own options, made where every sender's checks leave off. */
interface SenderChecks<B extends BrandBase> {
  /** Options that must be functions when set, by name. */
  readonly functions?: Readonly<Record<string, unknown>>;
  /** The problems of the definition's own delivery settings. */
  readonly settings: () => string[];
  /** The problems of one inline brand's delivery settings. */
  readonly brandSettings: (brand: B) => readonly string[];
}

/**
 * Checks a custom sender's definition and throws a TypeError, its message starting with the builder's name, for the
 * first kind of problem: brands and locales as `customMessage` checks them, template keys, the decrypter, the
 * builder's function options, every delivery setting (the definition's and each inline brand's, all at once), and
 * the time limits.
 *
 * @example
 * ```ts
 * checkSenderDefinition('customSmsSender', definition, {
 *   settings: () => checkSmsSettings(definition.sms),
 *   brandSettings: (brand) => checkSmsSettings(brand.sms),
 * });
 * ```
 */
const checkSenderDefinition = <K extends string, B extends BrandBase>(
  builder: string,
  definition: SenderDefinition<K, B>,
  checks: SenderChecks<B>,
): void => {
  const fail = (text: string): never => {
    throw new TypeError(`${builder}: ${text}`);
  };
  checkBrandsDefinition(builder, definition);
  for (const [source, template] of Object.entries(definition.templates ?? fail('templates is required')))
    if (!isCustomMessageTriggerSource(source))
      fail(`"${source}" is not a Custom message trigger source: templates are keyed CustomMessage_X`);
    else if (template !== undefined && typeof template !== 'function')
      fail(`the template for ${source} must be a function`);
  if (typeof definition.decrypter?.decrypt !== 'function')
    fail('decrypter is required: kmsDecrypter({ keyArn }) or localKeyring()');
  for (const [name, value] of Object.entries(checks.functions ?? {}))
    if (value !== undefined && typeof value !== 'function') fail(`${name} must be a function`);
  const problems = checks.settings();
  if (!isBrandSource(definition.brands))
    for (const [id, brand] of Object.entries<B>(definition.brands))
      problems.push(...checks.brandSettings(brand).map((problem) => `brand "${id}": ${problem}`));
  if (problems.length > 0) fail(problems.join('; '));
  for (const [name, value] of Object.entries({
    ...definition.retry,
    templateTimeoutMs: definition.templateTimeoutMs,
  }))
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0))
      fail(`${name} must be a number of milliseconds greater than 0`);
};

export type { SenderChecks, SenderDefinition };
export { checkSenderDefinition };
