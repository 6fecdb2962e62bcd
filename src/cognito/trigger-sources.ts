/** @module cognito/trigger-sources — the Custom message trigger sources and the placeholders each event carries. */
import type { CustomMessageTriggerEvent } from 'aws-lambda';

/**
 * The seven `triggerSource` values Cognito sends to a Custom message trigger.
 *
 * @example
 * ```ts
 * if (event.triggerSource === CustomMessageTriggerSource.UpdateUserAttribute) { … }
 * ```
 */
const CustomMessageTriggerSource = {
  SignUp: 'CustomMessage_SignUp',
  AdminCreateUser: 'CustomMessage_AdminCreateUser',
  ResendCode: 'CustomMessage_ResendCode',
  ForgotPassword: 'CustomMessage_ForgotPassword',
  UpdateUserAttribute: 'CustomMessage_UpdateUserAttribute',
  VerifyUserAttribute: 'CustomMessage_VerifyUserAttribute',
  Authentication: 'CustomMessage_Authentication',
} as const satisfies Record<string, CustomMessageTriggerEvent['triggerSource']>;

type CustomMessageTriggerSource =
  (typeof CustomMessageTriggerSource)[keyof typeof CustomMessageTriggerSource];

/** Every Custom message trigger source, in the order of Cognito's documentation. */
const CUSTOM_MESSAGE_TRIGGER_SOURCES: readonly CustomMessageTriggerSource[] =
  Object.values(CustomMessageTriggerSource);

/** The event @types/aws-lambda defines for one trigger source. */
type CustomMessageEventOf<S extends CustomMessageTriggerSource> = Extract<
  CustomMessageTriggerEvent,
  { triggerSource: S }
>;

/**
 * The value of `callerContext.clientId` when an IAM-authorised admin API (AdminCreateUser,
 * AdminUpdateUserAttributes, …) caused the invocation.
 */
const CLIENT_ID_NOT_APPLICABLE = 'CLIENT_ID_NOT_APPLICABLE';

/**
 * Sources whose message carries a username placeholder that Cognito fills in: only the invitation sent by
 * AdminCreateUser, whose `codeParameter` is the temporary password.
 */
const USERNAME_PARAMETER_SOURCES = [CustomMessageTriggerSource.AdminCreateUser] as const;
type UsernameParameterSource = (typeof USERNAME_PARAMETER_SOURCES)[number];

/**
 * Sources whose email Cognito can send as a confirmation link. Attribute updates and password resets always
 * use the code form, so a link placeholder there would reach the user unreplaced.
 */
const LINK_PARAMETER_SOURCES = [
  CustomMessageTriggerSource.SignUp,
  CustomMessageTriggerSource.ResendCode,
] as const;
type LinkParameterSource = (typeof LINK_PARAMETER_SOURCES)[number];

/**
 * What Cognito does to a message after the function returns: the code (or temporary password) goes where
 * `codeParameter` stands, and the username where `usernameParameter` stands (AdminCreateUser only). The subject is
 * not passed through here: Cognito leaves it as written.
 *
 * @example
 * ```ts
 * substitutePlaceholders(event.response.smsMessage, event.request, { code: '123456', username: event.userName });
 * ```
 */
const substitutePlaceholders = (
  text: string,
  request: { readonly codeParameter: string; readonly usernameParameter?: string | null },
  values: { readonly code: string; readonly username?: string },
): string => {
  const withCode = text.replaceAll(request.codeParameter, values.code);
  return request.usernameParameter && values.username !== undefined
    ? withCode.replaceAll(request.usernameParameter, values.username)
    : withCode;
};

const isCustomMessageTriggerSource = (value: unknown): value is CustomMessageTriggerSource =>
  typeof value === 'string' && (CUSTOM_MESSAGE_TRIGGER_SOURCES as readonly string[]).includes(value);

const hasUsernameParameter = (source: CustomMessageTriggerSource): source is UsernameParameterSource =>
  (USERNAME_PARAMETER_SOURCES as readonly string[]).includes(source);

const hasLinkParameter = (source: CustomMessageTriggerSource): source is LinkParameterSource =>
  (LINK_PARAMETER_SOURCES as readonly string[]).includes(source);

export type { CustomMessageEventOf, LinkParameterSource, UsernameParameterSource };
export {
  CLIENT_ID_NOT_APPLICABLE,
  CUSTOM_MESSAGE_TRIGGER_SOURCES,
  CustomMessageTriggerSource,
  hasLinkParameter,
  hasUsernameParameter,
  isCustomMessageTriggerSource,
  LINK_PARAMETER_SOURCES,
  substitutePlaceholders,
  USERNAME_PARAMETER_SOURCES,
};
