/** @module events/factory — Custom message events shaped as Cognito sends them, for tests and local runs. */
import {
  CLIENT_ID_NOT_APPLICABLE,
  type CustomMessageEventOf,
  CustomMessageTriggerSource,
} from '../cognito/trigger-sources.js';

/** Defaults shared by every sample event: the user pool of the AWS CLI's admin-update-user-attributes example. */
const SAMPLE = {
  region: 'us-west-2',
  userPoolId: 'us-west-2_aaaaaaaaa',
  clientId: '4fk0g8ht3nq2r7m9v6c1b5d8e2',
  sub: '5b1f2d3e-7a8c-4e9f-b0a1-c2d3e4f5a6b7',
  email: 'diego@example.com',
  phoneNumber: '+14325551212',
  awsSdkVersion: 'aws-sdk-unknown-unknown',
  codeParameter: '{####}',
  linkParameter: '{##Click Here##}',
  usernameParameter: '{username}',
} as const;

/** Which API the sample event pretends called Cognito, and the user's state at that moment. */
const CALLERS: Readonly<
  Record<
    CustomMessageTriggerSource,
    { admin: boolean; status: string; attributes: Readonly<Record<string, string>> }
  >
> = {
  CustomMessage_SignUp: { admin: false, status: 'UNCONFIRMED', attributes: { email_verified: 'false' } },
  CustomMessage_AdminCreateUser: {
    admin: true,
    status: 'FORCE_CHANGE_PASSWORD',
    attributes: { email_verified: 'true' },
  },
  CustomMessage_ResendCode: { admin: false, status: 'UNCONFIRMED', attributes: { email_verified: 'false' } },
  CustomMessage_ForgotPassword: { admin: false, status: 'CONFIRMED', attributes: { email_verified: 'true' } },
  // AdminUpdateUserAttributes, with "keep original attribute value active" off: the new address, not yet verified.
  CustomMessage_UpdateUserAttribute: {
    admin: true,
    status: 'CONFIRMED',
    attributes: { email: 'diego.new@example.com', email_verified: 'false' },
  },
  CustomMessage_VerifyUserAttribute: {
    admin: false,
    status: 'CONFIRMED',
    attributes: { email_verified: 'false' },
  },
  CustomMessage_Authentication: {
    admin: false,
    status: 'CONFIRMED',
    attributes: { email_verified: 'true', phone_number_verified: 'true' },
  },
};

/** What a sample event can be given; everything else takes the sample defaults. */
interface CustomMessageEventOptions {
  readonly region?: string;
  readonly userPoolId?: string;
  readonly userName?: string;
  /** `callerContext.clientId` (default: `CLIENT_ID_NOT_APPLICABLE` for admin APIs, else a sample app client). */
  readonly clientId?: string;
  readonly awsSdkVersion?: string;
  /** Merged over the sample attributes; `undefined` removes one. */
  readonly userAttributes?: Readonly<Record<string, string | undefined>>;
  /** Present in the event only when given, as Cognito includes it only when the API call sent ClientMetadata. */
  readonly clientMetadata?: Readonly<Record<string, string>>;
  readonly codeParameter?: string;
  readonly linkParameter?: string;
  /** Only AdminCreateUser events carry a username placeholder; others have `null`. */
  readonly usernameParameter?: string | null;
}

/**
 * Builds a Custom message trigger event as Cognito would send it: `version` "1", string-valued attributes with `sub`
 * and `cognito:user_status`, `CLIENT_ID_NOT_APPLICABLE` for admin API callers, `linkParameter` present,
 * `usernameParameter` null except for AdminCreateUser, `clientMetadata` only when given, and a null response.
 *
 * @example
 * ```ts
 * const event = customMessageEvent('CustomMessage_UpdateUserAttribute', { clientMetadata: { brand: 'globex' } });
 * ```
 */
const customMessageEvent = <S extends CustomMessageTriggerSource>(
  triggerSource: S,
  options: CustomMessageEventOptions = {},
): CustomMessageEventOf<S> => {
  const caller = CALLERS[triggerSource];
  const merged: Record<string, string | undefined> = {
    sub: SAMPLE.sub,
    'cognito:user_status': caller.status,
    email: SAMPLE.email,
    phone_number: SAMPLE.phoneNumber,
    phone_number_verified: 'false',
    given_name: 'Diego',
    family_name: 'Ramirez',
    ...caller.attributes,
    ...options.userAttributes,
  };
  const userAttributes = Object.fromEntries(
    Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const usernameParameter =
    triggerSource === CustomMessageTriggerSource.AdminCreateUser
      ? (options.usernameParameter ?? SAMPLE.usernameParameter)
      : (options.usernameParameter ?? null);
  return {
    version: '1',
    triggerSource,
    region: options.region ?? SAMPLE.region,
    userPoolId: options.userPoolId ?? SAMPLE.userPoolId,
    userName: options.userName ?? userAttributes.sub ?? SAMPLE.sub,
    callerContext: {
      awsSdkVersion: options.awsSdkVersion ?? SAMPLE.awsSdkVersion,
      clientId: options.clientId ?? (caller.admin ? CLIENT_ID_NOT_APPLICABLE : SAMPLE.clientId),
    },
    request: {
      userAttributes,
      codeParameter: options.codeParameter ?? SAMPLE.codeParameter,
      linkParameter: options.linkParameter ?? SAMPLE.linkParameter,
      usernameParameter,
      ...(options.clientMetadata === undefined ? {} : { clientMetadata: { ...options.clientMetadata } }),
    },
    response: { smsMessage: null, emailMessage: null, emailSubject: null },
  } as CustomMessageEventOf<S>;
};

type Factory<S extends CustomMessageTriggerSource> = (
  options?: CustomMessageEventOptions,
) => CustomMessageEventOf<S>;
const factory =
  <S extends CustomMessageTriggerSource>(source: S): Factory<S> =>
  (options) =>
    customMessageEvent(source, options);

/**
 * One factory per trigger source.
 *
 * @example
 * ```ts
 * const event = events.updateUserAttribute({ userAttributes: { given_name: '<script>' } });
 * ```
 */
const events = {
  signUp: factory(CustomMessageTriggerSource.SignUp),
  adminCreateUser: factory(CustomMessageTriggerSource.AdminCreateUser),
  resendCode: factory(CustomMessageTriggerSource.ResendCode),
  forgotPassword: factory(CustomMessageTriggerSource.ForgotPassword),
  updateUserAttribute: factory(CustomMessageTriggerSource.UpdateUserAttribute),
  verifyUserAttribute: factory(CustomMessageTriggerSource.VerifyUserAttribute),
  authentication: factory(CustomMessageTriggerSource.Authentication),
} as const;

export type { CustomMessageEventOptions };
export { customMessageEvent, events, SAMPLE };
