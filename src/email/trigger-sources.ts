/**
 * @module email/trigger-sources — the Custom email sender trigger sources: seven paired with the Custom message source
 * whose template writes their email, and the account takeover notice, which has none.
 */
import type { CustomEmailSenderTriggerEvent } from 'aws-lambda';
import type { CustomMessageTriggerSource } from '../cognito/trigger-sources.js';

/**
 * The eight `triggerSource` values Cognito sends to a Custom email sender trigger.
 *
 * @example
 * ```ts
 * if (event.triggerSource === CustomEmailSenderTriggerSource.AccountTakeOverNotification) { … }
 * ```
 */
const CustomEmailSenderTriggerSource = {
  SignUp: 'CustomEmailSender_SignUp',
  AdminCreateUser: 'CustomEmailSender_AdminCreateUser',
  ResendCode: 'CustomEmailSender_ResendCode',
  ForgotPassword: 'CustomEmailSender_ForgotPassword',
  UpdateUserAttribute: 'CustomEmailSender_UpdateUserAttribute',
  VerifyUserAttribute: 'CustomEmailSender_VerifyUserAttribute',
  Authentication: 'CustomEmailSender_Authentication',
  /** Advanced security (threat protection) detected a risky sign-in; the event has no code. */
  AccountTakeOverNotification: 'CustomEmailSender_AccountTakeOverNotification',
} as const satisfies Record<string, CustomEmailSenderTriggerEvent['triggerSource']>;

type CustomEmailSenderTriggerSource =
  (typeof CustomEmailSenderTriggerSource)[keyof typeof CustomEmailSenderTriggerSource];

/** The sources whose email carries a code, each rendered with the template of its Custom message source. */
type CodeEmailSource = Exclude<
  CustomEmailSenderTriggerSource,
  typeof CustomEmailSenderTriggerSource.AccountTakeOverNotification
>;

/**
 * Every Custom email sender trigger source: the seven of the Custom message trigger, in its order, then the account
 * takeover notice.
 *
 * @example
 * ```ts
 * for (const source of CUSTOM_EMAIL_SENDER_TRIGGER_SOURCES) await handler(customEmailSenderEvent(source, { code }));
 * ```
 */
const CUSTOM_EMAIL_SENDER_TRIGGER_SOURCES: readonly CustomEmailSenderTriggerSource[] = Object.values(
  CustomEmailSenderTriggerSource,
);

/** The Custom message source that shares a Custom email sender source's template. */
type CustomMessageSourceOf<S extends CodeEmailSource> = S extends `CustomEmailSender_${infer Name}`
  ? `CustomMessage_${Name}` & CustomMessageTriggerSource
  : never;

/** The event @types/aws-lambda defines for one Custom email sender source. */
type CustomEmailSenderEventOf<S extends CustomEmailSenderTriggerSource> = Extract<
  CustomEmailSenderTriggerEvent,
  { triggerSource: S }
>;

/**
 * True for the eight `CustomEmailSender_*` trigger sources.
 *
 * @example
 * ```ts
 * isCustomEmailSenderTriggerSource('CustomEmailSender_SignUp'); // true
 * isCustomEmailSenderTriggerSource('CustomSMSSender_SignUp'); // false
 * ```
 */
const isCustomEmailSenderTriggerSource = (value: unknown): value is CustomEmailSenderTriggerSource =>
  typeof value === 'string' && (CUSTOM_EMAIL_SENDER_TRIGGER_SOURCES as readonly string[]).includes(value);

/**
 * True for the sources whose email carries a code: all but the account takeover notice.
 *
 * @example
 * ```ts
 * isCodeEmailSource('CustomEmailSender_AccountTakeOverNotification'); // false
 * ```
 */
const isCodeEmailSource = (value: unknown): value is CodeEmailSource =>
  isCustomEmailSenderTriggerSource(value) &&
  value !== CustomEmailSenderTriggerSource.AccountTakeOverNotification;

/**
 * The Custom message source that shares a Custom email sender source's template: `CustomEmailSender_X` →
 * `CustomMessage_X`, so one template serves both triggers.
 *
 * @example
 * ```ts
 * customMessageSourceOf('CustomEmailSender_ForgotPassword'); // 'CustomMessage_ForgotPassword'
 * ```
 */
const customMessageSourceOf = <S extends CodeEmailSource>(source: S): CustomMessageSourceOf<S> =>
  source.replace('CustomEmailSender_', 'CustomMessage_') as CustomMessageSourceOf<S>;

export type { CodeEmailSource, CustomEmailSenderEventOf, CustomMessageSourceOf };
export {
  CUSTOM_EMAIL_SENDER_TRIGGER_SOURCES,
  CustomEmailSenderTriggerSource,
  customMessageSourceOf,
  isCodeEmailSource,
  isCustomEmailSenderTriggerSource,
};
