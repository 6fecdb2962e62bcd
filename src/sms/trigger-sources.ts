/** @module sms/trigger-sources — the Custom SMS sender trigger sources, each paired with its Custom message source. */
import type { CustomSMSSenderTriggerEvent } from 'aws-lambda';
import type { CustomMessageTriggerSource } from '../cognito/trigger-sources.js';

/**
 * The seven `triggerSource` values Cognito sends to a Custom SMS sender trigger.
 *
 * @example
 * ```ts
 * if (event.triggerSource === CustomSmsSenderTriggerSource.Authentication) { … }
 * ```
 */
const CustomSmsSenderTriggerSource = {
  SignUp: 'CustomSMSSender_SignUp',
  AdminCreateUser: 'CustomSMSSender_AdminCreateUser',
  ResendCode: 'CustomSMSSender_ResendCode',
  ForgotPassword: 'CustomSMSSender_ForgotPassword',
  UpdateUserAttribute: 'CustomSMSSender_UpdateUserAttribute',
  VerifyUserAttribute: 'CustomSMSSender_VerifyUserAttribute',
  Authentication: 'CustomSMSSender_Authentication',
} as const satisfies Record<
  keyof typeof CustomMessageTriggerSource,
  CustomSMSSenderTriggerEvent['triggerSource']
>;

type CustomSmsSenderTriggerSource =
  (typeof CustomSmsSenderTriggerSource)[keyof typeof CustomSmsSenderTriggerSource];

/**
 * Every Custom SMS sender trigger source, in the order of the Custom message ones.
 *
 * @example
 * ```ts
 * for (const source of CUSTOM_SMS_SENDER_TRIGGER_SOURCES) await handler(customSmsSenderEvent(source, { code }));
 * ```
 */
const CUSTOM_SMS_SENDER_TRIGGER_SOURCES: readonly CustomSmsSenderTriggerSource[] = Object.values(
  CustomSmsSenderTriggerSource,
);

/** The Custom message source whose template renders the SMS for a Custom SMS sender source. */
type CustomMessageSourceOf<S extends CustomSmsSenderTriggerSource> = S extends `CustomSMSSender_${infer Name}`
  ? `CustomMessage_${Name}`
  : never;

/** The event @types/aws-lambda defines for one Custom SMS sender source. */
type CustomSmsSenderEventOf<S extends CustomSmsSenderTriggerSource> = Extract<
  CustomSMSSenderTriggerEvent,
  { triggerSource: S }
>;

/**
 * True for the seven `CustomSMSSender_*` trigger sources.
 *
 * @example
 * ```ts
 * isCustomSmsSenderTriggerSource('CustomSMSSender_SignUp'); // true
 * isCustomSmsSenderTriggerSource('CustomEmailSender_SignUp'); // false
 * ```
 */
const isCustomSmsSenderTriggerSource = (value: unknown): value is CustomSmsSenderTriggerSource =>
  typeof value === 'string' && (CUSTOM_SMS_SENDER_TRIGGER_SOURCES as readonly string[]).includes(value);

/**
 * The Custom message source that shares a Custom SMS sender source's template: `CustomSMSSender_X` →
 * `CustomMessage_X`, so one template serves both triggers.
 *
 * @example
 * ```ts
 * customMessageSourceOf('CustomSMSSender_Authentication'); // 'CustomMessage_Authentication'
 * ```
 */
const customMessageSourceOf = <S extends CustomSmsSenderTriggerSource>(source: S): CustomMessageSourceOf<S> =>
  source.replace('CustomSMSSender_', 'CustomMessage_') as CustomMessageSourceOf<S>;

export type { CustomMessageSourceOf, CustomSmsSenderEventOf };
export {
  CUSTOM_SMS_SENDER_TRIGGER_SOURCES,
  CustomSmsSenderTriggerSource,
  customMessageSourceOf,
  isCustomSmsSenderTriggerSource,
};
