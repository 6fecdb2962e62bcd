/**
 * @module local/operations/update-user-attributes — AdminUpdateUserAttributes and UpdateUserAttributes: the change
 * planned under the pool's rules, the verification message through the Custom message trigger (or the Custom SMS
 * sender), the code kept for VerifyUserAttribute, and the change committed last.
 */
import { CognitoServiceError, Exceptions, Messages } from '../../cognito/errors.js';
import { ATTRIBUTE_CODE_VALIDITY_MS } from '../../cognito/limits.js';
import { CLIENT_ID_NOT_APPLICABLE } from '../../cognito/trigger-sources.js';
import { planAttributeUpdate } from '../attribute-update.js';
import { withCodesSent } from '../codes.js';
import type { MessageSubject } from '../compose.js';
import { customSmsSenderKey, runCustomSmsSender, type SenderInvocationTrace } from '../custom-sender.js';
import type { ComposedMessage, Engine } from '../engine.js';
import { findUser, type PoolDocument, type User } from '../pool.js';
import {
  type AdminUpdateUserAttributesRequest,
  type UpdateUserAttributesRequest,
  validateAdminUpdateUserAttributes,
  validateUpdateUserAttributes,
} from '../requests.js';
import type { InvocationTrace, Outcome } from '../trace.js';
import { maskDestination, stamp } from '../users.js';

const applyUpdate = async (
  engine: Engine,
  pool: PoolDocument,
  user: User,
  request: AdminUpdateUserAttributesRequest | UpdateUserAttributesRequest,
  caller: Parameters<typeof planAttributeUpdate>[3],
  clientId: string,
  notes: string[],
): Promise<Outcome> => {
  const plan = planAttributeUpdate(pool, user, request.UserAttributes, caller);
  notes.push(...plan.notes);
  const codes = new Map(plan.deliveries.map((delivery) => [delivery.attribute, engine.code()]));
  const subject: MessageSubject = {
    triggerSource: 'CustomMessage_UpdateUserAttribute',
    userName: plan.user.Username,
    eventAttributes: plan.eventAttributes,
  };
  const invocations: InvocationTrace[] = [];
  const messages: ComposedMessage[] = [];
  const sender = engine.options.customSmsSender;
  const senderKey = customSmsSenderKey(pool);
  const toSender = plan.deliveries.filter((d) => senderKey !== undefined && d.medium === 'SMS');
  for (const delivery of plan.deliveries) {
    if (toSender.includes(delivery)) continue;
    const message = await engine.message(
      pool,
      subject,
      delivery,
      request.ClientMetadata,
      clientId,
      invocations,
      notes,
      codes.get(delivery.attribute) as string,
    );
    if (message instanceof CognitoServiceError) {
      notes.push(
        '[UNC] AWS documents that a failed Custom message trigger fails the API call, not whether the attribute change is undone; the simulator leaves the attribute unchanged (docs/cognito-behaviour.md#failed-trigger)',
      );
      throw Object.assign(message, { trace: { invocations } });
    }
    messages.push(message);
  }
  // Every check passed: the messages are written first, so that a failure to write them changes nothing, and the
  // pool is changed last, as the only writer of the state.
  const deliveries = messages.map((message, index) => engine.deliver(message, index));
  let nextPool: PoolDocument;
  try {
    nextPool = engine.commit(pool.UserPool.Id, (current) => {
      // Another process may have changed the pool since it was read: the update applies to the user as now saved.
      const fresh = current === pool ? user : findUser(current, user.Username);
      if (!fresh) throw Exceptions.UserNotFound(Messages.userNotFound);
      const applied =
        fresh === user ? plan.user : planAttributeUpdate(current, fresh, request.UserAttributes, caller).user;
      const withCodes = withCodesSent(applied, codes, Date.now() + ATTRIBUTE_CODE_VALIDITY_MS);
      return {
        ...current,
        Users: (current.Users ?? []).map((u) => (u.Username === fresh.Username ? stamp(withCodes) : u)),
      };
    });
  } catch (error) {
    engine.undeliver(deliveries);
    throw error;
  }
  // Cognito invokes the sender asynchronously: the call's outcome no longer depends on it.
  const senderInvocations: SenderInvocationTrace[] = [];
  for (const delivery of toSender) {
    if (!sender) {
      notes.push(
        `the pool sends SMS codes through its Custom SMS sender (LambdaConfig.CustomSMSSender), and no sender function was given: nothing reaches ${delivery.destination}`,
      );
      continue;
    }
    const trace = await runCustomSmsSender(sender, {
      pool: nextPool,
      keyArn: senderKey as string,
      userName: plan.user.Username,
      userAttributes: plan.eventAttributes,
      clientMetadata: request.ClientMetadata,
      clientId,
      code: codes.get(delivery.attribute) as string,
    });
    senderInvocations.push(trace);
    if (trace.published.length === 0)
      notes.push(
        `the Custom SMS sender ${trace.outcome === 'returned' ? 'returned without publishing' : trace.outcome === 'threw' ? 'threw' : 'timed out'}: no SMS reaches ${delivery.destination} (Lambda retries asynchronous invocations that fail)`,
      );
    for (const { phoneNumber, text, ...sns } of trace.published) {
      const message = {
        medium: 'SMS',
        attribute: delivery.attribute,
        destination: phoneNumber,
        source: 'sender',
        text,
        sns,
        code: codes.get(delivery.attribute) as string,
        triggerSource: 'CustomSMSSender_UpdateUserAttribute',
        userPoolId: pool.UserPool.Id,
        username: plan.user.Username,
      } as const;
      try {
        deliveries.push(engine.deliver(message, deliveries.length));
      } catch (error) {
        // The call has succeeded already (Cognito does not wait for its sender): the SMS is reported, not filed.
        deliveries.push(message);
        notes.push(`the SMS the sender published was not written to the outbox: ${(error as Error).message}`);
      }
    }
  }
  const response: Record<string, unknown> =
    caller.admin || plan.deliveries.length === 0
      ? {}
      : {
          CodeDeliveryDetailsList: plan.deliveries.map((d) => ({
            Destination: maskDestination(d.medium, d.destination),
            DeliveryMedium: d.medium,
            AttributeName: d.attribute,
          })),
        };
  return {
    invocations,
    ...(senderInvocations.length > 0 ? { senderInvocations } : {}),
    deliveries,
    result: { response },
  };
};

/** AdminUpdateUserAttributes: IAM-authorised; the event's clientId is `CLIENT_ID_NOT_APPLICABLE`. */
const adminUpdateUserAttributes = async (
  engine: Engine,
  request: AdminUpdateUserAttributesRequest,
  notes: string[],
): Promise<Outcome> => {
  validateAdminUpdateUserAttributes(request);
  const pool = engine.pool(request.UserPoolId);
  const user = findUser(pool, request.Username);
  if (!user) throw Exceptions.UserNotFound(Messages.userNotFound);
  return applyUpdate(engine, pool, user, request, { admin: true }, CLIENT_ID_NOT_APPLICABLE, notes);
};

/** UpdateUserAttributes: the user's access token; the event carries the token's app client. */
const updateUserAttributes = async (
  engine: Engine,
  request: UpdateUserAttributesRequest,
  notes: string[],
): Promise<Outcome> => {
  validateUpdateUserAttributes(request);
  const { pool, user, client } = engine.fromToken(request.AccessToken);
  return applyUpdate(engine, pool, user, request, { admin: false, client }, client.ClientId, notes);
};

export { adminUpdateUserAttributes, updateUserAttributes };
