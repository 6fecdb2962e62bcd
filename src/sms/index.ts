/**
 * @module cognito-trigger-kit/sms — Custom SMS sender triggers: decrypt the code, render it with the Custom message
 * templates, and publish it through Amazon SNS with per-brand sender settings.
 */

export { MissingPackageError } from '../aws/optional-package.js';
export type { BrandsDefinition } from '../brand/definition.js';
export type { CustomSmsSenderHandler, CustomSmsSenderResult } from './custom-sms-sender.js';
export { CustomSmsSenderError, customSmsSender, SmsOutcome } from './custom-sms-sender.js';
export type {
  CodeDecrypter,
  CommitmentPolicyName,
  KmsDecrypterOptions,
  LocalKeyring,
} from './decrypt.js';
export { CodeDecryptionError, kmsDecrypter, localKeyring } from './decrypt.js';
export type { CustomSmsSenderDefinition, SmsBrandBase } from './definition.js';
export type { CustomSmsSenderEventOptions } from './events.js';
export { CUSTOM_SMS_SENDER_REQUEST_TYPE, customSmsSenderEvent } from './events.js';
export type { PublishResult, RetryOptions, SnsClientOptions } from './publish.js';
export { classifySnsError, RETRY_DEFAULTS, SmsDeliveryError } from './publish.js';
export { defaultSms, FallbackReason } from './render.js';
export type { SmsAttributeValue, SmsSettings } from './rules.js';
export {
  checkSmsSettings,
  isE164,
  SMS_PUBLISH_MAX_BYTES,
  SmsAttribute,
  SmsType,
  smsAttributes,
  validateSmsSettings,
} from './rules.js';
export type { CustomMessageSourceOf, CustomSmsSenderEventOf } from './trigger-sources.js';
export {
  CUSTOM_SMS_SENDER_TRIGGER_SOURCES,
  CustomSmsSenderTriggerSource,
  customMessageSourceOf,
  isCustomSmsSenderTriggerSource,
} from './trigger-sources.js';
