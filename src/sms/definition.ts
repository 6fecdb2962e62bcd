/**
 * @module sms/definition — what `customSmsSender` takes, and the checks it makes when the handler is built, so that a
 * mistake in brands, templates or SMS settings stops the deployment rather than a user's code.
 */
import type { BrandBase } from '../brand/resolve.js';
import { checkSenderDefinition, type SenderDefinition } from '../sender/definition.js';
import type { SnsClientOptions } from './publish.js';
import { checkSmsSettings, type SmsSettings } from './rules.js';

/** A brand that may carry its own SMS settings; brands without `sms` use the definition's. */
interface SmsBrandBase extends BrandBase {
  readonly sms?: SmsSettings | undefined;
}

type CustomSmsSenderDefinition<K extends string, B extends SmsBrandBase> = SenderDefinition<K, B> & {
  /** SMS settings for every brand; a brand's own `sms` fields override these (default: Transactional, no others). */
  readonly sms?: SmsSettings;
} & SnsClientOptions;

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
) =>
  checkSenderDefinition('customSmsSender', definition, {
    settings: () => checkSmsSettings(definition.sms),
    brandSettings: (brand) => checkSmsSettings(brand.sms),
  });

export type { CustomSmsSenderDefinition, SmsBrandBase };
export { validateDefinition };
