/**
 * @module sender/events — custom sender events shaped as Cognito sends them, each from the Custom message event of
 * the same request, so that one test can feed both triggers the same user, app client and client metadata.
 */
import type { CustomMessageTriggerEvent } from 'aws-lambda';
import type { CustomMessageEventOptions } from '../events/factory.js';

/** What a sample event can be given; everything else takes the same sample defaults as Custom message events. */
interface CustomSenderEventOptions
  extends Omit<CustomMessageEventOptions, 'codeParameter' | 'linkParameter' | 'usernameParameter'> {
  /** `request.code`: the base64 Encryption SDK message (`await localKeyring().encrypt('123456')`), or null. */
  readonly code: string | null;
}

/** What a custom sender's event has of its own: its trigger source, request type and code. */
interface SenderRequestOf {
  readonly triggerSource: string;
  readonly type: string;
  readonly code: string | null;
  /** The attributes, when they are not the user's (default: a copy of the Custom message event's). */
  readonly userAttributes?: Readonly<Record<string, string>>;
}

/**
 * A custom sender event from a Custom message event: its version, region, pool, user, caller and client metadata,
 * copied, with the sender's trigger source and request.
 *
 * @example
 * ```ts
 * const base = customMessageEvent('CustomMessage_SignUp', rest);
 * senderEventFrom(base, { triggerSource: 'CustomSMSSender_SignUp', type: 'customSMSSenderRequestV1', code });
 * ```
 */
const senderEventFrom = (base: CustomMessageTriggerEvent, sender: SenderRequestOf) => {
  const { clientMetadata } = base.request;
  return {
    version: base.version,
    triggerSource: sender.triggerSource,
    region: base.region,
    userPoolId: base.userPoolId,
    userName: base.userName,
    callerContext: { ...base.callerContext },
    request: {
      type: sender.type,
      code: sender.code,
      userAttributes: sender.userAttributes ?? { ...base.request.userAttributes },
      ...(clientMetadata === undefined ? {} : { clientMetadata: { ...clientMetadata } }),
    },
    response: {},
  };
};

export type { CustomSenderEventOptions };
export { senderEventFrom };
