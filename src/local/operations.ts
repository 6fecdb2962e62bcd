/**
 * @module local/operations — the Cognito operations the engine serves, by their API names: what the HTTP face routes
 * `X-Amz-Target` to, and how each is authorised.
 */
import type { LocalCognito, Trace } from './local-cognito.js';

/** How Cognito authorises an operation: IAM (Signature Version 4), or none (the caller's token or nothing). */
type Authorization = 'iam' | 'none';

interface Operation {
  readonly auth: Authorization;
  readonly run: (engine: LocalCognito, request: never) => Promise<Trace>;
}

/**
 * Every operation the engine serves. An operation not here is one the kit does not implement: the HTTP face answers
 * it with a 400 that names it.
 */
const OPERATIONS = {
  AdminGetUser: {
    auth: 'iam',
    run: (engine, request) => engine.traceOf('AdminGetUser', request, () => engine.adminGetUser(request)),
  },
  AdminInitiateAuth: {
    auth: 'iam',
    run: (engine, request) =>
      engine.traceOf('AdminInitiateAuth', request, () => engine.adminInitiateAuth(request)),
  },
  AdminUpdateUserAttributes: {
    auth: 'iam',
    run: (engine, request) => engine.adminUpdateUserAttributes(request),
  },
  GetUser: { auth: 'none', run: (engine, request) => engine.getUser(request) },
  GetUserAttributeVerificationCode: {
    auth: 'none',
    run: (engine, request) => engine.getUserAttributeVerificationCode(request),
  },
  UpdateUserAttributes: { auth: 'none', run: (engine, request) => engine.updateUserAttributes(request) },
  VerifyUserAttribute: { auth: 'none', run: (engine, request) => engine.verifyUserAttribute(request) },
} as const satisfies Record<string, Operation>;

type OperationName = keyof typeof OPERATIONS;

/** The operation of that name, never one inherited from Object.prototype. */
const operationNamed = (name: string): Operation | undefined =>
  Object.hasOwn(OPERATIONS, name) ? OPERATIONS[name as OperationName] : undefined;

export type { Authorization, Operation, OperationName };
export { OPERATIONS, operationNamed };
