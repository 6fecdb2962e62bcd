/**
 * @module local/operations/user-pools — CreateUserPool, DescribeUserPool, UpdateUserPool, ListUserPools and
 * DeleteUserPool: pools made, changed and deleted at run time, each member a request leaves out given the service's
 * default. Sources and certainty: docs/cognito-behaviour.md#user-pools-and-app-clients.
 */
import { Exceptions, Messages } from '../../cognito/errors.js';
import { Constraints, violations } from '../../cognito/validation.js';
import type { Engine } from '../engine.js';
import type { PoolDocument, UserPool } from '../pool.js';
import { awsTimestamp } from '../users.js';
import {
  asJson,
  Enums,
  enumClauses,
  enumListClauses,
  given,
  type Json,
  Members,
  newPoolId,
  page,
  Ranges,
  raise,
  rangeClauses,
  withEpochDates,
} from './user-pool-requests.js';
import {
  checkUpdateSettings,
  RESET_BY_UPDATE,
  schemaOf,
  settingsClauses,
  settingsOf,
} from './user-pool-settings.js';

/** A pool's `UserPool` with the members the kit does not type (Policies, MfaConfiguration, Arn, …). */
type StoredUserPool = UserPool & Json;

type CreateUserPoolRequest = Json & { readonly PoolName: string };
type UserPoolRequest = Json & { readonly UserPoolId: string };
type ListUserPoolsRequest = Json & { readonly MaxResults: number; readonly NextToken?: string };

/** [UNC] the account in the ARN of a created pool: the one the demo pools' ARNs use. */
const ACCOUNT_ID = '123456789012';

/** DescribeUserPool's `UserPool`: timestamps in epoch seconds, and the users counted now. */
const userPoolResponse = (pool: PoolDocument): Json => ({
  ...withEpochDates(pool.UserPool as StoredUserPool),
  EstimatedNumberOfUsers: (pool.Users ?? []).length,
});

const validateUserPoolId = (request: Json): void =>
  raise(violations('userPoolId', request.UserPoolId, Constraints.UserPoolId));

/** CreateUserPool: a new pool with an id of the engine's Region, saved like the seeded ones. */
const createUserPool = (engine: Engine, request: CreateUserPoolRequest, notes: string[]): Json => {
  const schema = request.Schema;
  raise([
    ...violations('poolName', request.PoolName, Members.PoolName),
    ...settingsClauses(request),
    ...enumListClauses('aliasAttributes', request.AliasAttributes, Enums.AliasAttribute),
    ...enumListClauses('usernameAttributes', request.UsernameAttributes, Enums.VerifiedAttribute),
    ...(Array.isArray(schema) && (schema.length < 1 || schema.length > 50)
      ? [
          `Value '${JSON.stringify(schema)}' at 'schema' failed to satisfy constraint: Member must have length ${schema.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 50'}`,
        ]
      : []),
    ...(Array.isArray(schema) ? (schema as Json[]) : []).flatMap((entry, index) => [
      ...violations(`schema.${index + 1}.member.name`, entry?.Name, Members.SchemaName),
      ...enumClauses(
        `schema.${index + 1}.member.attributeDataType`,
        entry?.AttributeDataType,
        Enums.AttributeDataType,
      ),
    ]),
    ...(request.UsernameConfiguration !== undefined &&
    asJson(request.UsernameConfiguration).CaseSensitive === undefined
      ? [
          "Value null at 'usernameConfiguration.caseSensitive' failed to satisfy constraint: Member must not be null",
        ]
      : []),
  ]);
  const aliases = request.AliasAttributes as readonly string[] | undefined;
  const usernames = request.UsernameAttributes as readonly string[] | undefined;
  if ((aliases?.length ?? 0) > 0 && (usernames?.length ?? 0) > 0) {
    notes.push(
      '[UNC] a pool has alias attributes or username attributes, not both (documented); the error text is not observed (docs/cognito-behaviour.md#user-pools-and-app-clients)',
    );
    throw Exceptions.InvalidParameter(Messages.aliasAndUsernameAttributes);
  }
  const settings = settingsOf(request);
  const pick = (...keys: string[]): Json =>
    Object.fromEntries(keys.filter((k) => k in settings).map((k) => [k, settings[k]]));
  const now = awsTimestamp();
  const id = newPoolId(engine.region);
  const userPool = {
    Id: id,
    Name: request.PoolName,
    ...pick('Policies', 'DeletionProtection', 'LambdaConfig'),
    LastModifiedDate: now,
    CreationDate: now,
    SchemaAttributes: schemaOf(schema),
    ...pick('AutoVerifiedAttributes'),
    ...given('AliasAttributes', aliases),
    ...given('UsernameAttributes', usernames),
    ...pick(
      'SmsVerificationMessage',
      'EmailVerificationMessage',
      'EmailVerificationSubject',
      'VerificationMessageTemplate',
      'SmsAuthenticationMessage',
    ),
    UserAttributeUpdateSettings: {
      AttributesRequireVerificationBeforeUpdate: [],
      ...asJson(request.UserAttributeUpdateSettings),
    },
    ...pick(
      'MfaConfiguration',
      'DeviceConfiguration',
      'EmailConfiguration',
      'SmsConfiguration',
      'UserPoolTags',
      'AdminCreateUserConfig',
      'UserPoolAddOns',
    ),
    ...given('UsernameConfiguration', request.UsernameConfiguration),
    Arn: `arn:aws:cognito-idp:${engine.region}:${ACCOUNT_ID}:userpool/${id}`,
    ...pick('AccountRecoverySetting'),
    UserPoolTier: request.UserPoolTier ?? 'ESSENTIALS',
  };
  checkUpdateSettings(userPool);
  notes.push(
    '[UNC] what CreateUserPool gives the members a request leaves out (password policy, message templates, AdminCreateUserConfig) follows the moto emulator and the aws CLI examples (docs/cognito-behaviour.md#user-pools-and-app-clients)',
  );
  const pool = engine.createPool({ UserPool: userPool as StoredUserPool, UserPoolClients: [], Users: [] });
  return { UserPool: userPoolResponse(pool) };
};

/** DescribeUserPool: the pool's `UserPool`, as a pool file holds it or as CreateUserPool made it. */
const describeUserPool = (engine: Engine, request: UserPoolRequest): Json => {
  validateUserPoolId(request);
  return { UserPool: userPoolResponse(engine.pool(request.UserPoolId)) };
};

/**
 * UpdateUserPool: every member the request leaves out goes back to its default, except the name, UserPoolTier
 * (documented) and UserAttributeUpdateSettings (observed); the members UpdateUserPool does not have stay as they are.
 */
const updateUserPool = (engine: Engine, request: UserPoolRequest, notes: string[]): Json => {
  raise([
    ...violations('userPoolId', request.UserPoolId, Constraints.UserPoolId),
    ...violations('poolName', request.PoolName, { ...Members.PoolName, required: false }),
    ...settingsClauses(request),
  ]);
  engine.pool(request.UserPoolId);
  if (request.UserAttributeUpdateSettings === undefined)
    notes.push(
      '[UNC] UpdateUserPool keeps UserAttributeUpdateSettings when the request leaves it out, as a real pool was seen to (docs/cognito-behaviour.md#user-pools-and-app-clients)',
    );
  engine.commit(request.UserPoolId, (current) => {
    const previous = current.UserPool as StoredUserPool;
    const settings = settingsOf(request);
    const kept = Object.fromEntries(
      Object.entries(previous).filter(([key]) => !(RESET_BY_UPDATE as readonly string[]).includes(key)),
    );
    const next = {
      ...(kept as StoredUserPool),
      ...settings,
      ...given('Name', request.PoolName),
      ...given('UserAttributeUpdateSettings', request.UserAttributeUpdateSettings),
      ...given('UserPoolTier', request.UserPoolTier),
      LastModifiedDate: awsTimestamp(),
    } as StoredUserPool;
    checkUpdateSettings(next);
    return { ...current, UserPool: next };
  });
  return {};
};

/** ListUserPools: a page of the pools, seeded and created, in id order. */
const listUserPools = (engine: Engine, request: ListUserPoolsRequest, notes: string[]): Json => {
  raise([
    ...violations('nextToken', request.NextToken, Members.NextToken),
    ...rangeClauses('maxResults', request.MaxResults, Ranges.MaxResults, true),
  ]);
  const { pools, damaged } = engine.pools();
  for (const error of damaged) notes.push(`a pool is left out of the list: ${error.message}`);
  const listed = page('UserPools', pools, (pool) => pool.UserPool.Id, request.MaxResults, request.NextToken);
  return {
    UserPools: listed.items.map(({ UserPool }) => {
      const pool = UserPool as StoredUserPool;
      return withEpochDates({
        Id: pool.Id,
        ...given('Name', pool.Name),
        LambdaConfig: pool.LambdaConfig ?? {},
        ...given('LastModifiedDate', pool.LastModifiedDate),
        ...given('CreationDate', pool.CreationDate),
      });
    }),
    ...given('NextToken', listed.nextToken),
  };
};

/** DeleteUserPool: the pool is gone, a seeded one until `reset`; refused while DeletionProtection is ACTIVE. */
const deleteUserPool = (engine: Engine, request: UserPoolRequest): Json => {
  validateUserPoolId(request);
  engine.deletePool(request.UserPoolId, (current) => {
    if ((current.UserPool as StoredUserPool).DeletionProtection === 'ACTIVE')
      throw Exceptions.InvalidParameter(Messages.deletionProtectionActive);
  });
  return {};
};

export type { CreateUserPoolRequest, ListUserPoolsRequest, StoredUserPool, UserPoolRequest };
export { createUserPool, deleteUserPool, describeUserPool, listUserPools, updateUserPool };
