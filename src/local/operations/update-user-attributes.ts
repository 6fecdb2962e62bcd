/**
 * @module local/operations/update-user-attributes — AdminUpdateUserAttributes and UpdateUserAttributes: the change
 * planned under the pool's rules, the verification message sent as the pool sends it (the Custom message trigger or a
 * custom sender), the code kept for VerifyUserAttribute, and the change committed last.
 */
import { Exceptions, Messages } from '../../cognito/errors.js';
import { ATTRIBUTE_CODE_VALIDITY_MS } from '../../cognito/limits.js';
import { CLIENT_ID_NOT_APPLICABLE } from '../../cognito/trigger-sources.js';
import { planAttributeUpdate } from '../attribute-update.js';
import { withCodesSent } from '../codes.js';
import type { MessageSubject } from '../compose.js';
import type { CodeMessage, Engine } from '../engine.js';
import { findUser, type PoolDocument, type User } from '../pool.js';
import {
  type AdminUpdateUserAttributesRequest,
  type UpdateUserAttributesRequest,
  validateAdminUpdateUserAttributes,
  validateUpdateUserAttributes,
} from '../requests.js';
import type { Outcome } from '../trace.js';
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
  const messages: CodeMessage[] = plan.deliveries.map((delivery) => ({
    pool,
    subject,
    delivery,
    clientMetadata: request.ClientMetadata,
    clientId,
    code: codes.get(delivery.attribute) as string,
  }));
  // Every check passed: the messages are written first, so that a failure to write them changes nothing, and the
  // pool is changed last, as the only writer of the state.
  const { sent } = await engine.send(
    messages,
    notes,
    () =>
      engine.commit(pool.UserPool.Id, (current) => {
        // Another process may have changed the pool since it was read: the update applies to the user as now saved.
        const fresh = current === pool ? user : findUser(current, user.Username);
        if (!fresh) throw Exceptions.UserNotFound(Messages.userNotFound);
        const applied =
          fresh === user
            ? plan.user
            : planAttributeUpdate(current, fresh, request.UserAttributes, caller).user;
        const withCodes = withCodesSent(applied, codes, Date.now() + ATTRIBUTE_CODE_VALIDITY_MS);
        return {
          ...current,
          Users: (current.Users ?? []).map((u) => (u.Username === fresh.Username ? stamp(withCodes) : u)),
        };
      }),
    {
      triggerFailed:
        '[UNC] AWS documents that a failed Custom message trigger fails the API call, not whether the attribute change is undone; the simulator leaves the attribute unchanged (docs/cognito-behaviour.md#failed-trigger)',
    },
  );
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
  return { ...sent, result: { response } };
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
