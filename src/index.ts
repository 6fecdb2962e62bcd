/** @module cognito-trigger-kit — build Custom message triggers that carry your brand. */

export type {
  BrandConfig,
  BrandDocument,
  BrandValidator,
  ConfiguredBrand,
  FieldKind,
} from './brand/config.js';
export { checkBrandDocument, requireFields, toBrandDocument } from './brand/config.js';
export type { BrandOrigin, BrandSource, BrandSourceWarning, RemoteBrandsOptions } from './brand/remote.js';
export { lazyBrands, remoteBrands } from './brand/remote.js';
export type {
  BrandBase,
  BrandFoundIn,
  LocaleSource,
  Resolution,
  ResolutionOptions,
} from './brand/resolve.js';
export { matchLocale, resolveBrandAndLocale } from './brand/resolve.js';
export type { EmailSendingAccount, Finding } from './cognito/rules.js';
export { CLIENT_ID_NOT_APPLICABLE, CustomMessageTriggerSource } from './cognito/trigger-sources.js';
export type { CustomMessageDefinition } from './handler/custom-message.js';
export { CustomMessageError, customMessage, Outcome } from './handler/custom-message.js';
export type {
  CustomMessageHandler,
  CustomMessageTemplate,
  CustomMessageTemplates,
  EmailMessage,
  RenderedMessage,
  TemplateContext,
} from './handler/types.js';
export { format } from './message/format.js';
export type { HtmlValue } from './message/html.js';
export { escapeHtml, html, raw, SafeHtml } from './message/html.js';
export type { SmsAnalysis, SmsEncoding } from './message/sms.js';
export { analyzeSms } from './message/sms.js';
export { emailSubject, truncate } from './message/subject.js';
