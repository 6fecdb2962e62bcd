/**
 * @module sms/rules — Amazon SNS's rules for publishing an SMS: phone numbers, sender IDs, origination numbers, SMS
 * types and prices, each written once, and the message attributes a brand's settings become.
 */
import type { BrandValidator } from '../brand/config.js';
import { checkSettings, shown } from '../sender/settings.js';

/** E.164: `+`, then 1–15 digits, the first not 0 (the country code never starts with 0). */
const E164 = /^\+[1-9]\d{0,14}$/;
/** `AWS.SNS.SMS.SenderID`: 3–11 letters and digits, at least one letter, no spaces. */
const SENDER_ID = /^(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{3,11}$/;
/** `AWS.MM.SMS.OriginationNumber`: 5–14 digits (short codes to long codes), with an optional leading `+`. */
const ORIGINATION_NUMBER = /^\+?\d{5,14}$/;
/**
 * SNS takes at most this many bytes in one SMS publish, and splits them into as many messages as it needs.
 *
 * @example
 * ```ts
 * Buffer.byteLength(text) <= SMS_PUBLISH_MAX_BYTES;
 * ```
 */
const SMS_PUBLISH_MAX_BYTES = 1_600;

/**
 * `AWS.SNS.SMS.SMSType`: `Transactional` for codes (SNS routes them for reliability), `Promotional` for marketing.
 *
 * @example
 * ```ts
 * const settings: SmsSettings = { smsType: SmsType.Transactional };
 * ```
 */
const SmsType = { Transactional: 'Transactional', Promotional: 'Promotional' } as const;
type SmsType = (typeof SmsType)[keyof typeof SmsType];

/**
 * The names of the SNS message attributes an SMS publish takes.
 *
 * @example
 * ```ts
 * attributes[SmsAttribute.SenderId]?.StringValue; // 'ACME'
 * ```
 */
const SmsAttribute = {
  SenderId: 'AWS.SNS.SMS.SenderID',
  OriginationNumber: 'AWS.MM.SMS.OriginationNumber',
  SmsType: 'AWS.SNS.SMS.SMSType',
  MaxPrice: 'AWS.SNS.SMS.MaxPrice',
} as const;

/** How one brand's SMS leave SNS. Every field is optional; a brand's own fields override the definition's. */
interface SmsSettings {
  /** Shown as the sender where the country supports sender IDs (never for US numbers). */
  readonly senderId?: string;
  /** A number configured in the account (AWS End User Messaging SMS), E.164 or a short code. */
  readonly originationNumber?: string;
  /** Default: `Transactional`, the right type for verification codes. */
  readonly smsType?: SmsType;
  /** The most you will pay for one SMS, in USD; SNS does not send a message that would cost more. */
  readonly maxPrice?: number;
}

/** One SNS message attribute, as `Publish` takes it. */
interface SmsAttributeValue {
  readonly DataType: 'String' | 'Number';
  readonly StringValue: string;
}

const SETTING_FIELDS = ['senderId', 'originationNumber', 'smsType', 'maxPrice'] as const;
const SMS_TYPES: readonly string[] = Object.values(SmsType);

/**
 * True when a phone number is in E.164 form, as SNS needs it: `+`, then 1–15 digits, the first not 0.
 *
 * @example
 * ```ts
 * isE164('+14325551212'); // true
 * isE164('4325551212'); // false
 * ```
 */
const isE164 = (value: unknown): value is string => typeof value === 'string' && E164.test(value);

/**
 * Checks SMS settings, and returns one problem per broken field in the form `field "<path>.<field>": <what is wrong>`,
 * the form brand validators use. Unknown fields are problems too, so that a misspelt `senderID` is not ignored.
 *
 * @example
 * ```ts
 * checkSmsSettings({ senderId: 'Acme Cloud' });
 * // ['field "sms.senderId": "Acme Cloud" must be 3–11 letters and digits with at least one letter, no spaces']
 * ```
 */
const checkSmsSettings = (value: unknown, path = 'sms'): string[] =>
  checkSettings(
    value,
    path,
    SETTING_FIELDS,
    ({ senderId, originationNumber, smsType, maxPrice }, problem) => {
      if (senderId !== undefined && !(typeof senderId === 'string' && SENDER_ID.test(senderId)))
        problem(
          'senderId',
          `${shown(senderId)} must be 3–11 letters and digits with at least one letter, no spaces`,
        );
      if (
        originationNumber !== undefined &&
        !(typeof originationNumber === 'string' && ORIGINATION_NUMBER.test(originationNumber))
      )
        problem(
          'originationNumber',
          `${shown(originationNumber)} must be 5–14 digits, with an optional leading +`,
        );
      if (smsType !== undefined && !(typeof smsType === 'string' && SMS_TYPES.includes(smsType)))
        problem('smsType', `${shown(smsType)} must be ${SMS_TYPES.join(' or ')}`);
      if (
        maxPrice !== undefined &&
        !(typeof maxPrice === 'number' && Number.isFinite(maxPrice) && maxPrice > 0)
      )
        problem('maxPrice', `${shown(maxPrice)} must be a number of US dollars greater than 0`);
    },
  );

/**
 * A brand validator for the `sms` field of brands loaded at run time: pass it, with your own checks, as
 * `validateBrand`, and a document with broken SMS settings is refused whole.
 *
 * @example
 * ```ts
 * const validateBrand: BrandValidator = (brand, id) => [...validateSmsSettings(brand, id), ...mine(brand, id)];
 * ```
 */
const validateSmsSettings: BrandValidator = (brand) => checkSmsSettings(brand.sms);

/**
 * The message attributes for a publish: `AWS.SNS.SMS.SMSType` always (default `Transactional`), the others when set.
 *
 * @example
 * ```ts
 * smsAttributes({ senderId: 'ACME', maxPrice: 0.5 });
 * // { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
 * //   'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'ACME' },
 * //   'AWS.SNS.SMS.MaxPrice': { DataType: 'Number', StringValue: '0.5' } }
 * ```
 */
const smsAttributes = (settings: SmsSettings): Record<string, SmsAttributeValue> => {
  const attributes: Record<string, SmsAttributeValue> = {
    [SmsAttribute.SmsType]: { DataType: 'String', StringValue: settings.smsType ?? SmsType.Transactional },
  };
  if (settings.senderId !== undefined)
    attributes[SmsAttribute.SenderId] = { DataType: 'String', StringValue: settings.senderId };
  if (settings.originationNumber !== undefined)
    attributes[SmsAttribute.OriginationNumber] = {
      DataType: 'String',
      StringValue: settings.originationNumber,
    };
  if (settings.maxPrice !== undefined)
    attributes[SmsAttribute.MaxPrice] = { DataType: 'Number', StringValue: String(settings.maxPrice) };
  return attributes;
};

/**
 * True when a text fits in one SMS publish ({@link SMS_PUBLISH_MAX_BYTES} bytes of UTF-8).
 *
 * @example
 * ```ts
 * fitsOnePublish('Your code is 482916'); // true
 * ```
 */
const fitsOnePublish = (text: string): boolean => Buffer.byteLength(text, 'utf8') <= SMS_PUBLISH_MAX_BYTES;

export type { SmsAttributeValue, SmsSettings };
export {
  checkSmsSettings,
  E164,
  fitsOnePublish,
  isE164,
  ORIGINATION_NUMBER,
  SENDER_ID,
  SMS_PUBLISH_MAX_BYTES,
  SmsAttribute,
  SmsType,
  smsAttributes,
  validateSmsSettings,
};
