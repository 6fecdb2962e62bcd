/** @module sms/events — Custom SMS sender events shaped as Cognito sends them, for tests and local runs. */
import { customMessageEvent } from '../events/factory.js';
import { type CustomSenderEventOptions, senderEventFrom } from '../sender/events.js';
import {
  type CustomSmsSenderEventOf,
  type CustomSmsSenderTriggerSource,
  customMessageSourceOf,
} from './trigger-sources.js';

/** What a sample event can be given; everything else takes the same sample defaults as Custom message events. */
type CustomSmsSenderEventOptions = CustomSenderEventOptions;

/**
 * The request type Cognito names in every Custom SMS sender event.
 *
 * @example
 * ```ts
 * if (event.request.type !== CUSTOM_SMS_SENDER_REQUEST_TYPE) logger.warn('unexpected request type');
 * ```
 */
const CUSTOM_SMS_SENDER_REQUEST_TYPE = 'customSMSSenderRequestV1';

/**
 * Builds a Custom SMS sender event as Cognito would send it: `request.type` `customSMSSenderRequestV1`, the encrypted
 * `code`, and the same user, attributes, app client and client metadata as the Custom message event for the matching
 * source, so that one test can feed both triggers the same request.
 *
 * @example
 * ```ts
 * const keyring = localKeyring();
 * const event = customSmsSenderEvent('CustomSMSSender_UpdateUserAttribute', {
 *   code: await keyring.encrypt('123456'),
 *   clientMetadata: { brand: 'globex' },
 * });
 * ```
 */
const customSmsSenderEvent = <S extends CustomSmsSenderTriggerSource>(
  triggerSource: S,
  options: CustomSmsSenderEventOptions,
): CustomSmsSenderEventOf<S> => {
  const { code, ...rest } = options;
  return senderEventFrom(customMessageEvent(customMessageSourceOf(triggerSource), rest), {
    triggerSource,
    type: CUSTOM_SMS_SENDER_REQUEST_TYPE,
    code,
  }) as CustomSmsSenderEventOf<S>;
};

export type { CustomSmsSenderEventOptions };
export { CUSTOM_SMS_SENDER_REQUEST_TYPE, customSmsSenderEvent };
