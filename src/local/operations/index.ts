/**
 * @module local/operations — every Cognito operation the engine serves, by its API name: what the HTTP face routes
 * `X-Amz-Target` to, how each is authorised, and the function that runs it.
 */
import type { Engine } from '../engine.js';
import { type Outcome, plainResult } from '../trace.js';
import { adminCreateUser } from './admin-create-user.js';
import { getUserAttributeVerificationCode, verifyUserAttribute } from './attribute-verification.js';
import { adminInitiateAuth } from './auth.js';
import { adminDeleteUser, adminDeleteUserAttributes, deleteUserAttributes } from './delete.js';
import { listUsers } from './list-users.js';
import {
  adminResetUserPassword,
  adminSetUserPassword,
  changePassword,
  confirmForgotPassword,
  forgotPassword,
} from './passwords.js';
import { globalSignOut, initiateAuth, respondToAuthChallenge } from './sign-in.js';
import { adminConfirmSignUp, confirmSignUp, resendConfirmationCode, signUp } from './sign-up.js';
import { adminUpdateUserAttributes, updateUserAttributes } from './update-user-attributes.js';
import {
  createUserPoolClient,
  deleteUserPoolClient,
  describeUserPoolClient,
  listUserPoolClients,
  updateUserPoolClient,
} from './user-pool-clients.js';
import {
  createUserPool,
  deleteUserPool,
  describeUserPool,
  listUserPools,
  updateUserPool,
} from './user-pools.js';
import { adminGetUser, getUser } from './users.js';

/** How Cognito authorises an operation: IAM (Signature Version 4), or none (the caller's token, or nothing). */
type Authorization = 'iam' | 'none';

interface Operation {
  readonly auth: Authorization;
  readonly run: (engine: Engine, request: never, notes: string[]) => Promise<Outcome>;
}

/** An operation answered at once, with no trigger and no message. */
const immediate =
  <R>(answer: (engine: Engine, request: R, notes: string[]) => Record<string, unknown>) =>
  async (engine: Engine, request: R, notes: string[]): Promise<Outcome> =>
    plainResult(answer(engine, request, notes));

/**
 * Every operation the engine serves. One that is not here is one the kit does not implement: the HTTP face answers it
 * with a 400 that names it.
 */
const OPERATIONS = {
  AdminConfirmSignUp: { auth: 'iam', run: adminConfirmSignUp },
  AdminCreateUser: { auth: 'iam', run: adminCreateUser },
  AdminDeleteUser: { auth: 'iam', run: immediate(adminDeleteUser) },
  AdminDeleteUserAttributes: { auth: 'iam', run: immediate(adminDeleteUserAttributes) },
  AdminGetUser: { auth: 'iam', run: immediate(adminGetUser) },
  AdminInitiateAuth: { auth: 'iam', run: immediate(adminInitiateAuth) },
  AdminResetUserPassword: { auth: 'iam', run: adminResetUserPassword },
  AdminSetUserPassword: { auth: 'iam', run: adminSetUserPassword },
  AdminUpdateUserAttributes: { auth: 'iam', run: adminUpdateUserAttributes },
  ChangePassword: { auth: 'none', run: changePassword },
  ConfirmForgotPassword: { auth: 'none', run: confirmForgotPassword },
  ConfirmSignUp: { auth: 'none', run: confirmSignUp },
  CreateUserPool: { auth: 'iam', run: immediate(createUserPool) },
  CreateUserPoolClient: { auth: 'iam', run: immediate(createUserPoolClient) },
  DeleteUserAttributes: { auth: 'none', run: immediate(deleteUserAttributes) },
  DeleteUserPool: { auth: 'iam', run: immediate(deleteUserPool) },
  DeleteUserPoolClient: { auth: 'iam', run: immediate(deleteUserPoolClient) },
  DescribeUserPool: { auth: 'iam', run: immediate(describeUserPool) },
  DescribeUserPoolClient: { auth: 'iam', run: immediate(describeUserPoolClient) },
  ForgotPassword: { auth: 'none', run: forgotPassword },
  GetUser: { auth: 'none', run: immediate(getUser) },
  GetUserAttributeVerificationCode: { auth: 'none', run: getUserAttributeVerificationCode },
  GlobalSignOut: { auth: 'none', run: immediate(globalSignOut) },
  InitiateAuth: { auth: 'none', run: immediate(initiateAuth) },
  ListUserPoolClients: { auth: 'iam', run: immediate(listUserPoolClients) },
  ListUserPools: { auth: 'iam', run: immediate(listUserPools) },
  ListUsers: { auth: 'iam', run: immediate(listUsers) },
  ResendConfirmationCode: { auth: 'none', run: resendConfirmationCode },
  RespondToAuthChallenge: { auth: 'none', run: immediate(respondToAuthChallenge) },
  SignUp: { auth: 'none', run: signUp },
  UpdateUserAttributes: { auth: 'none', run: updateUserAttributes },
  UpdateUserPool: { auth: 'iam', run: immediate(updateUserPool) },
  UpdateUserPoolClient: { auth: 'iam', run: immediate(updateUserPoolClient) },
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
