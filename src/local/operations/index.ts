/**
 * @module local/operations — every Cognito operation the engine serves, by its API name: what the HTTP face routes
 * `X-Amz-Target` to, how each is authorised, and the function that runs it.
 */
import type { Engine } from '../engine.js';
import { type Outcome, plainResult } from '../trace.js';
import { getUserAttributeVerificationCode, verifyUserAttribute } from './attribute-verification.js';
import { adminInitiateAuth } from './auth.js';
import { adminUpdateUserAttributes, updateUserAttributes } from './update-user-attributes.js';
import { adminGetUser, getUser } from './users.js';

/** How Cognito authorises an operation: IAM (Signature Version 4), or none (the caller's token, or nothing). */
type Authorization = 'iam' | 'none';

interface Operation {
  readonly auth: Authorization;
  readonly run: (engine: Engine, request: never, notes: string[]) => Promise<Outcome>;
}

/** An operation answered at once, with no trigger and no message. */
const immediate =
  <R>(answer: (engine: Engine, request: R) => Record<string, unknown>) =>
  async (engine: Engine, request: R): Promise<Outcome> =>
    plainResult(answer(engine, request));

/**
 * Every operation the engine serves. One that is not here is one the kit does not implement: the HTTP face answers it
 * with a 400 that names it.
 */
const OPERATIONS = {
  AdminGetUser: { auth: 'iam', run: immediate(adminGetUser) },
  AdminInitiateAuth: { auth: 'iam', run: immediate(adminInitiateAuth) },
  AdminUpdateUserAttributes: { auth: 'iam', run: adminUpdateUserAttributes },
  GetUser: { auth: 'none', run: immediate(getUser) },
  GetUserAttributeVerificationCode: { auth: 'none', run: getUserAttributeVerificationCode },
  UpdateUserAttributes: { auth: 'none', run: updateUserAttributes },
  VerifyUserAttribute: { auth: 'none', run: verifyUserAttribute },
} as const satisfies Record<string, Operation>;

type OperationName = keyof typeof OPERATIONS;

/** The operation of that name, never one inherited from Object.prototype. */
const operationNamed = (name: string): (Operation & { readonly name: OperationName }) | undefined =>
  Object.hasOwn(OPERATIONS, name)
    ? { ...OPERATIONS[name as OperationName], name: name as OperationName }
    : undefined;

export type { Authorization, Operation, OperationName };
export { OPERATIONS, operationNamed };
