/**
 * @module local/operations/attribute-verification — GetUserAttributeVerificationCode and VerifyUserAttribute: the
 * second half of an email or phone change, and a fresh code on request.
 */
import { type CognitoServiceError, Exceptions, Messages } from '../../cognito/errors.js';
import { ATTRIBUTE_CODE_VALIDITY_MS } from '../../cognito/limits.js';
import type { Delivery } from '../attribute-update.js';
import { checkCode, verified, withCodesSent } from '../codes.js';
import type { MessageSubject } from '../compose.js';
import type { Engine } from '../engine.js';
import { attributeValue, type VerifiableAttribute } from '../pool.js';
import {
  type GetUserAttributeVerificationCodeRequest,
  type VerifyUserAttributeRequest,
  validateGetUserAttributeVerificationCode,
  validateVerifyUserAttribute,
} from '../requests.js';
import { type Outcome, plainResult } from '../trace.js';
import { changeUser, eventAttributesOf, maskDestination } from '../users.js';

/**
 * GetUserAttributeVerificationCode: a new code for the user's email address or phone number (the pending value,
 * when "keep original attribute value active" holds one), sent as `CustomMessage_VerifyUserAttribute` through the
 * Custom message trigger, or as `Custom…Sender_VerifyUserAttribute` through the pool's custom sender. The new code
 * replaces any earlier one.
 */
const getUserAttributeVerificationCode = async (
  engine: Engine,
  request: GetUserAttributeVerificationCodeRequest,
  notes: string[],
): Promise<Outcome> => {
  validateGetUserAttributeVerificationCode(request);
  const { pool, user, client } = engine.fromToken(request.AccessToken);
  const name = request.AttributeName;
  const destination =
    name === 'email' || name === 'phone_number'
      ? (user.PendingAttributes?.find((a) => a.Name === name)?.Value ?? attributeValue(user, name))
      : undefined;
  if (destination === undefined || destination === '')
    throw Exceptions.InvalidParameter(Messages.noAttributeToVerify(name));
  const delivery: Delivery = {
    attribute: name as VerifiableAttribute,
    medium: name === 'email' ? 'EMAIL' : 'SMS',
    destination,
  };
  const code = engine.code();
  const subject: MessageSubject = {
    triggerSource: 'CustomMessage_VerifyUserAttribute',
    userName: user.Username,
    eventAttributes: eventAttributesOf(pool, user),
  };
  const { sent } = await engine.send(
    [{ pool, subject, delivery, clientMetadata: request.ClientMetadata, clientId: client.ClientId, code }],
    notes,
    () =>
      engine.commit(pool.UserPool.Id, (current) =>
        changeUser(current, user.Username, (fresh) =>
          withCodesSent(fresh, new Map([[name, code]]), Date.now() + ATTRIBUTE_CODE_VALIDITY_MS),
        ),
      ),
  );
  return {
    ...sent,
    result: {
      response: {
        CodeDeliveryDetails: {
          Destination: maskDestination(delivery.medium, destination),
          DeliveryMedium: delivery.medium,
          AttributeName: name,
        },
      },
    },
  };
};

/**
 * VerifyUserAttribute: checks the code sent for the attribute. A wrong code is CodeMismatchException and counts
 * against the code; an expired or superseded one (or none sent) is ExpiredCodeException; past the wrong-code limit,
 * LimitExceededException. The right code marks the attribute verified and, with "keep original attribute value
 * active", replaces the old value with the pending one.
 */
const verifyUserAttribute = async (
  engine: Engine,
  request: VerifyUserAttributeRequest,
  notes: string[],
): Promise<Outcome> => {
  validateVerifyUserAttribute(request);
  const { pool, user } = engine.fromToken(request.AccessToken);
  const name = request.AttributeName;
  let failure: CognitoServiceError | undefined;
  engine.commit(pool.UserPool.Id, (current) =>
    changeUser(current, user.Username, (fresh) => {
      const checked = checkCode(fresh, name, request.Code, Date.now());
      if (checked.error) {
        failure = checked.error;
        if (checked.user === fresh) throw checked.error;
        return checked.user;
      }
      return verified(fresh, name);
    }),
  );
  if (failure) throw failure;
  const keepOriginal: readonly string[] =
    pool.UserPool.UserAttributeUpdateSettings?.AttributesRequireVerificationBeforeUpdate ?? [];
  if (keepOriginal.includes(name))
    notes.push(
      `[UNC] AWS documents that VerifyUserAttribute puts the pending ${name} in place, not that the old ${name} then stops identifying the user; the simulator assumes it does (docs/cognito-behaviour.md#verification-codes)`,
    );
  return plainResult({});
};

export { getUserAttributeVerificationCode, verifyUserAttribute };
