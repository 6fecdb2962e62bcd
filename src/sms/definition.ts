/**
 * @module sms/definition — what `customSmsSender` takes, and the checks it makes when the handler is built, so that a
 * mistake in brands, templates or SMS settings stops the deployment rather than a user's code.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type BrandsDefinition, checkBrandsDefinition, isBrandSource } from '../brand/definition.js';
import type { BrandBase } from '../brand/resolve.js';
import { isCustomMessageTriggerSource } from '../cognito/trigger-sources.js';
import type { CustomMessageTemplates } from '../handler/types.js';
import type { CodeDecrypter } from './decrypt.js';
import type { RetryOptions, SnsClientOptions } from './publish.js';
import { checkSmsSettings, type SmsSettings } from './rules.js';

/** A brand that may carry its own SMS settings; brands without `sms` use the definition's. */
interface SmsBrandBase extends BrandBase {
  readonly sms?: SmsSettings | undefined;
}

type CustomSmsSenderDefinition<K extends string, B extends SmsBrandBase> = BrandsDefinition<K, B> & {
  /** The same templates `customMessage` takes: `CustomSMSSender_X` sends the `.sms` of `CustomMessage_X`. */
  readonly templates: CustomMessageTemplates<B>;
  /** Decrypts `request.code`: `kmsDecrypter({ keyArn })` when deployed, `localKeyring()` in tests. */
  readonly decrypter: CodeDecrypter;
  /** SMS settings for every brand; a brand's own `sms` fields override these (default: Transactional, no others). */
  readonly sms?: SmsSettings;
  /** How long SNS may take and how attempts are spaced; the budget also stays inside the Lambda function's time. */
  readonly retry?: RetryOptions;
  /**
   * When `true`, a template that throws, times out, leaves the code out or returns no SMS makes the handler throw.
   * By default Cognito's own wording is sent instead, so the user still gets the code (default: false).
   */
  readonly strict?: boolean;
  /** How long an async template may take, in milliseconds (default: 3000). */
  readonly templateTimeoutMs?: number;
  /** A Powertools Logger of your own (default: one created here; level from POWERTOOLS_LOG_LEVEL and friends). */
  readonly logger?: Logger;
  /** Log the event, personal data and the encrypted code redacted (default: POWERTOOLS_LOGGER_LOG_EVENT, else false). */
  readonly logEvent?: boolean;
} & SnsClientOptions;

const fail = (text: string): never => {
  throw new TypeError(`customSmsSender: ${text}`);
};

/**
 * Checks a definition and throws a TypeError naming the brand and field of the first kind of problem: brands and
 * locales as `customMessage` checks them, template keys, the decrypter, every SMS setting (the definition's and each
 * inline brand's), and the time limits.
 *
 * @example
 * ```ts
 * validateDefinition({ brands: { acme: { …, sms: { senderId: 'Acme Cloud' } } }, … });
 * // TypeError: customSmsSender: brand "acme": field "sms.senderId": "Acme Cloud" must be 3–11 letters and digits …
 * ```
 */
const validateDefinition = <K extends string, B extends SmsBrandBase>(
  definition: CustomSmsSenderDefinition<K, B>,
) => {
  checkBrandsDefinition('customSmsSender', definition);
  for (const [source, template] of Object.entries(definition.templates ?? fail('templates is required')))
    if (!isCustomMessageTriggerSource(source))
      fail(`"${source}" is not a Custom message trigger source: templates are keyed CustomMessage_X`);
    else if (template !== undefined && typeof template !== 'function')
      fail(`the template for ${source} must be a function`);
  if (typeof definition.decrypter?.decrypt !== 'function')
    fail('decrypter is required: kmsDecrypter({ keyArn }) or localKeyring()');
  const problems = checkSmsSettings(definition.sms);
  if (!isBrandSource(definition.brands))
    for (const [id, brand] of Object.entries<B>(definition.brands))
      problems.push(...checkSmsSettings(brand.sms).map((problem) => `brand "${id}": ${problem}`));
  if (problems.length > 0) fail(problems.join('; '));
  for (const [name, value] of Object.entries({
    ...definition.retry,
    templateTimeoutMs: definition.templateTimeoutMs,
  }))
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0))
      fail(`${name} must be a number of milliseconds greater than 0`);
};

export type { CustomSmsSenderDefinition, SmsBrandBase };
export { validateDefinition };
