/** @module email/events — Custom email sender events shaped as Cognito sends them, for tests and local runs. */
import { customMessageEvent, SAMPLE } from '../events/factory.js';
import { type CustomSenderEventOptions, senderEventFrom } from '../sender/events.js';
import { NOTICE_ATTRIBUTES } from './notice.js';
import {
  type CustomEmailSenderEventOf,
  type CustomEmailSenderTriggerSource,
  customMessageSourceOf,
  isCodeEmailSource,
} from './trigger-sources.js';

/** What a sample event can be given; everything else takes the same sample defaults as Custom message events. */
type CustomEmailSenderEventOptions = CustomSenderEventOptions;

/**
 * The request type Cognito names in every Custom email sender event.
 *
 * @example
 * ```ts
 * if (event.request.type !== CUSTOM_EMAIL_SENDER_REQUEST_TYPE) logger.warn('unexpected request type');
 * ```
 */
const CUSTOM_EMAIL_SENDER_REQUEST_TYPE = 'customEmailSenderRequestV1';

/** A sample account takeover notice's attributes, as threat protection sends them for a blocked sign-in. */
const SAMPLE_NOTICE: Readonly<Record<string, string>> = {
  [NOTICE_ATTRIBUTES.action]: 'BLOCK',
  [NOTICE_ATTRIBUTES.eventId]: '6f1a7c2e-4b3d-4e8f-9a0b-1c2d3e4f5a6b',
  [NOTICE_ATTRIBUTES.loginTime]: 'Friday, March 19, 2021 02:25 PM UTC',
  [NOTICE_ATTRIBUTES.ipAddress]: '203.0.113.42',
  [NOTICE_ATTRIBUTES.city]: 'Lyon',
  [NOTICE_ATTRIBUTES.country]: 'France',
  [NOTICE_ATTRIBUTES.deviceName]: 'Firefox 128, Linux',
  [NOTICE_ATTRIBUTES.oneClickLinkValid]: 'https://auth.example.com/feedback?token=valid-6f1a7c2e',
  [NOTICE_ATTRIBUTES.oneClickLinkInvalid]: 'https://auth.example.com/feedback?token=invalid-6f1a7c2e',
  [NOTICE_ATTRIBUTES.feedbackToken]: 'feedback-6f1a7c2e',
  [NOTICE_ATTRIBUTES.userName]: SAMPLE.sub,
};

/**
 * Builds a Custom email sender event as Cognito would send it: `request.type` `customEmailSenderRequestV1`, the
 * encrypted `code`, and the same user, attributes, app client and client metadata as the Custom message event for the
 * matching source, so that one test can feed both triggers the same request. An account takeover notice carries the
 * sign-in's details as its attributes (a blocked sign-in by default; `userAttributes` are merged over them).
 *
 * @example
 * ```ts
 * const keyring = localKeyring();
 * const event = customEmailSenderEvent('CustomEmailSender_ForgotPassword', {
 *   code: await keyring.encrypt('482916'),
 *   clientMetadata: { brand: 'globex' },
 * });
 * ```
 */
const customEmailSenderEvent = <S extends CustomEmailSenderTriggerSource>(
  triggerSource: S,
  options: CustomEmailSenderEventOptions,
): CustomEmailSenderEventOf<S> => {
  const { code, ...rest } = options;
  const base = isCodeEmailSource(triggerSource)
    ? customMessageEvent(customMessageSourceOf(triggerSource), rest)
    : customMessageEvent('CustomMessage_Authentication', rest);
  const userAttributes = isCodeEmailSource(triggerSource)
    ? { ...base.request.userAttributes }
    : Object.fromEntries(
        Object.entries({ ...SAMPLE_NOTICE, ...rest.userAttributes }).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
      );
  return senderEventFrom(base, {
    triggerSource,
    type: CUSTOM_EMAIL_SENDER_REQUEST_TYPE,
    code,
    userAttributes,
  }) as unknown as CustomEmailSenderEventOf<S>;
};

export type { CustomEmailSenderEventOptions };
export { CUSTOM_EMAIL_SENDER_REQUEST_TYPE, customEmailSenderEvent, SAMPLE_NOTICE };
