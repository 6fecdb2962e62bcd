/**
 * @module email/definition — what `customEmailSender` takes, and the checks it makes when the handler is built, so that
 * a mistake in brands, templates or email settings stops the deployment rather than a user's code.
 */
import type { CustomEmailSenderTriggerEvent } from 'aws-lambda';
import type { BrandBase } from '../brand/resolve.js';
import { checkSenderDefinition, type SenderDefinition } from '../sender/definition.js';
import type { AccountTakeOverTemplate } from './notice.js';
import { checkEmailSettings, type EmailSettings } from './rules.js';
import type { SesClientOptions } from './send.js';

/** A brand that may carry its own email settings; brands without `email` use the definition's. */
interface EmailBrandBase extends BrandBase {
  readonly email?: EmailSettings | undefined;
}

type CustomEmailSenderDefinition<K extends string, B extends EmailBrandBase> = SenderDefinition<K, B> & {
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
} & SesClientOptions;

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
) =>
  checkSenderDefinition('customEmailSender', definition, {
    functions: {
      accountTakeOverNotification: definition.accountTakeOverNotification,
      findEmailAddress: definition.findEmailAddress,
    },
    settings: () => checkEmailSettings(definition.email),
    brandSettings: (brand) => {
      const own = checkEmailSettings(brand.email);
      return own.length === 0 && !brand.email?.from && !definition.email?.from
        ? ['no From address: set email.from on the brand or on the definition']
        : own;
    },
  });

export type { CustomEmailSenderDefinition, EmailBrandBase };
export { validateDefinition };
