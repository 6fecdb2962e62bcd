/**
 * @module email/definition — what `customEmailSender` takes, and the checks it makes when the handler is built, so that
 * a mistake in brands, templates or email settings stops the deployment rather than a user's code.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { CustomEmailSenderTriggerEvent } from 'aws-lambda';
import { type BrandsDefinition, checkBrandsDefinition, isBrandSource } from '../brand/definition.js';
import type { BrandBase } from '../brand/resolve.js';
import { isCustomMessageTriggerSource } from '../cognito/trigger-sources.js';
import type { CustomMessageTemplates } from '../handler/types.js';
import type { CodeDecrypter } from '../sender/decrypt.js';
import type { RetryOptions } from '../sender/retry.js';
import type { AccountTakeOverTemplate } from './notice.js';
import { checkEmailSettings, type EmailSettings } from './rules.js';
import type { SesClientOptions } from './send.js';

/** A brand that may carry its own email settings; brands without `email` use the definition's. */
interface EmailBrandBase extends BrandBase {
  readonly email?: EmailSettings | undefined;
}

type CustomEmailSenderDefinition<K extends string, B extends EmailBrandBase> = BrandsDefinition<K, B> & {
  /** The same templates `customMessage` takes: `CustomEmailSender_X` sends the `.email` of `CustomMessage_X`. */
  readonly templates: CustomMessageTemplates<B>;
  /** Decrypts `request.code`: `kmsDecrypter({ keyArn })` when deployed, `localKeyring()` in tests. */
  readonly decrypter: CodeDecrypter;
  /** Email settings for every brand; a brand's own `email` fields override these. `from` must come from one. */
  readonly email?: EmailSettings;
  /** Writes the account takeover notice (default: a plain notice in English). */
  readonly accountTakeOverNotification?: AccountTakeOverTemplate<B>;
  /**
   * Finds the user's address when the event's attributes have no `email`, as in account takeover notices, whose
   * attributes describe the sign-in (e.g. AdminGetUser with `event.userName`). Default: none, and such an event is
   * refused.
   */
  readonly findEmailAddress?: (
    event: CustomEmailSenderTriggerEvent,
  ) => string | undefined | Promise<string | undefined>;
  /** How long SES may take and how attempts are spaced; the budget also stays inside the Lambda function's time. */
  readonly retry?: RetryOptions;
  /**
   * When `true`, a template that throws, times out, returns no email or breaks Cognito's rules makes the handler
   * throw. By default Cognito's own wording is sent instead, so the user still gets the code (default: false).
   */
  readonly strict?: boolean;
  /** How long an async template may take, in milliseconds (default: 3000). */
  readonly templateTimeoutMs?: number;
  /** A Powertools Logger of your own (default: one created here; level from POWERTOOLS_LOG_LEVEL and friends). */
  readonly logger?: Logger;
  /** Log the event, personal data and the encrypted code redacted (default: POWERTOOLS_LOGGER_LOG_EVENT, else false). */
  readonly logEvent?: boolean;
} & SesClientOptions;

const fail = (text: string): never => {
  throw new TypeError(`customEmailSender: ${text}`);
};

/**
 * Checks a definition and throws a TypeError naming the brand and field of the first kind of problem: brands and
 * locales as `customMessage` checks them, template keys, the decrypter, every email setting (the definition's and
 * each inline brand's), a `from` for every inline brand, and the time limits.
 *
 * @example
 * ```ts
 * validateDefinition({ brands: { acme: { …, email: { from: 'Acme' } } }, … });
 * // TypeError: customEmailSender: brand "acme": field "email.from": "Acme" must be "Name <address>" or an address
 * ```
 */
const validateDefinition = <K extends string, B extends EmailBrandBase>(
  definition: CustomEmailSenderDefinition<K, B>,
) => {
  checkBrandsDefinition('customEmailSender', definition);
  for (const [source, template] of Object.entries(definition.templates ?? fail('templates is required')))
    if (!isCustomMessageTriggerSource(source))
      fail(`"${source}" is not a Custom message trigger source: templates are keyed CustomMessage_X`);
    else if (template !== undefined && typeof template !== 'function')
      fail(`the template for ${source} must be a function`);
  if (typeof definition.decrypter?.decrypt !== 'function')
    fail('decrypter is required: kmsDecrypter({ keyArn }) or localKeyring()');
  for (const name of ['accountTakeOverNotification', 'findEmailAddress'] as const)
    if (definition[name] !== undefined && typeof definition[name] !== 'function')
      fail(`${name} must be a function`);
  const problems = checkEmailSettings(definition.email);
  if (!isBrandSource(definition.brands))
    for (const [id, brand] of Object.entries<B>(definition.brands)) {
      const own = checkEmailSettings(brand.email);
      problems.push(...own.map((problem) => `brand "${id}": ${problem}`));
      if (own.length === 0 && !brand.email?.from && !definition.email?.from)
        problems.push(`brand "${id}": no From address: set email.from on the brand or on the definition`);
    }
  if (problems.length > 0) fail(problems.join('; '));
  for (const [name, value] of Object.entries({
    ...definition.retry,
    templateTimeoutMs: definition.templateTimeoutMs,
  }))
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0))
      fail(`${name} must be a number of milliseconds greater than 0`);
};

export type { CustomEmailSenderDefinition, EmailBrandBase };
export { validateDefinition };
