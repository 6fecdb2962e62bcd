/**
 * @module cognito-trigger-kit/email — Custom email sender triggers: decrypt the code, render it with the Custom message
 * templates, and send it through Amazon SES v2 from each brand's own address.
 */

export { MissingPackageError } from '../aws/optional-package.js';
export type { BrandsDefinition } from '../brand/definition.js';
export type { CodeDecrypter, CommitmentPolicyName, KmsDecrypterOptions } from '../sender/decrypt.js';
export { CodeDecryptionError, kmsDecrypter } from '../sender/decrypt.js';
export type { CodeEncrypter } from '../sender/encrypt.js';
export { kmsCodeEncrypter } from '../sender/encrypt.js';
export type { LocalKeyring } from '../sender/local-keyring.js';
export { localKeyring } from '../sender/local-keyring.js';
export type { RetryOptions } from '../sender/retry.js';
export { RETRY_DEFAULTS } from '../sender/retry.js';
export type { CustomEmailSenderHandler, CustomEmailSenderResult } from './custom-email-sender.js';
export { CustomEmailSenderError, customEmailSender, EmailOutcome } from './custom-email-sender.js';
export type { CustomEmailSenderDefinition, EmailBrandBase } from './definition.js';
export type { CustomEmailSenderEventOptions } from './events.js';
export { CUSTOM_EMAIL_SENDER_REQUEST_TYPE, customEmailSenderEvent } from './events.js';
export type {
  AccountTakeOverContext,
  AccountTakeOverNotice,
  AccountTakeOverTemplate,
} from './notice.js';
export { defaultNotice, noticeOf } from './notice.js';
export type { RenderedEmail } from './render.js';
export { defaultEmail, FallbackReason, PLACEHOLDERS } from './render.js';
export type { EmailSettings, Mailbox } from './rules.js';
export {
  checkEmailSettings,
  formatMailbox,
  mailHeaders,
  messageTags,
  parseMailbox,
  sendableAddress,
  validateEmailSettings,
} from './rules.js';
export type { EmailInput, SendResult, SesClientOptions } from './send.js';
export { classifySesError, EmailDeliveryError, sendEmailRequest, sesRefusalReason } from './send.js';
export type { CustomEmailSenderEventOf, CustomMessageSourceOf } from './trigger-sources.js';
export {
  CUSTOM_EMAIL_SENDER_TRIGGER_SOURCES,
  CustomEmailSenderTriggerSource,
  customMessageSourceOf,
  isCustomEmailSenderTriggerSource,
} from './trigger-sources.js';
