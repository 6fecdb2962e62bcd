/**
 * @module local/operations/user-pool-clients — CreateUserPoolClient, DescribeUserPoolClient, ListUserPoolClients,
 * UpdateUserPoolClient and DeleteUserPoolClient: a pool's app clients, with the service's defaults. Sources and
 * certainty: docs/cognito-behaviour.md#user-pools-and-app-clients.
 */
import { Exceptions, Messages } from '../../cognito/errors.js';
import { AUTH_SESSION_VALIDITY_MINUTES } from '../../cognito/limits.js';
import { Constraints, violations } from '../../cognito/validation.js';
import type { Engine } from '../engine.js';
import type { AppClient, PoolDocument } from '../pool.js';
import { tokenValidity } from '../tokens.js';
import { awsTimestamp } from '../users.js';
import {
  asJson,
  Enums,
  enumClauses,
  enumListClauses,
  given,
  type Json,
  Members,
  newClientId,
  newClientSecret,
  page,
  Ranges,
  raise,
  rangeClauses,
  withEpochDates,
} from './user-pool-requests.js';

/** An app client with the members the kit does not type (ClientSecret, dates, OAuth settings, …). */
type StoredClient = AppClient & Json;

type CreateUserPoolClientRequest = Json & { readonly UserPoolId: string; readonly ClientName: string };
type UserPoolClientRequest = Json & { readonly UserPoolId: string; readonly ClientId: string };
type ListUserPoolClientsRequest = Json & {
  readonly UserPoolId: string;
  readonly MaxResults?: number;
  readonly NextToken?: string;
};

/** The lifetimes a token validity may give, in seconds (UserPoolClientType). */
const VALIDITY_RANGE = {
  AccessToken: { min: 5 * 60, max: 86_400 },
  IdToken: { min: 5 * 60, max: 86_400 },
  RefreshToken: { min: 60 * 60, max: 315_360_000 },
} as const;

/** The clauses of the members CreateUserPoolClient and UpdateUserPoolClient share. */
const settingsClauses = (request: Json): string[] => {
  const units = asJson(request.TokenValidityUnits);
  return [
    ...violations('userPoolId', request.UserPoolId, Constraints.UserPoolId),
    ...rangeClauses('refreshTokenValidity', request.RefreshTokenValidity, Ranges.RefreshTokenValidity),
    ...rangeClauses('accessTokenValidity', request.AccessTokenValidity, Ranges.AccessTokenValidity),
    ...rangeClauses('idTokenValidity', request.IdTokenValidity, Ranges.IdTokenValidity),
    ...(['AccessToken', 'IdToken', 'RefreshToken'] as const).flatMap((kind) =>
      enumClauses(
        `tokenValidityUnits.${kind[0]?.toLowerCase()}${kind.slice(1)}`,
        units[kind],
        Enums.TimeUnit,
      ),
    ),
    ...enumListClauses('explicitAuthFlows', request.ExplicitAuthFlows, Enums.ExplicitAuthFlow),
    ...enumClauses(
      'preventUserExistenceErrors',
      request.PreventUserExistenceErrors,
      Enums.PreventUserExistenceErrors,
    ),
    ...rangeClauses('authSessionValidity', request.AuthSessionValidity, Ranges.AuthSessionValidity),
  ];
};

/**
 * The members UpdateUserPoolClient sets again, as the request gives them or as they default: token validities and
 * units, attribute permissions and auth flows only when given, revocation on, sessions of 3 minutes.
 */
const settingsOf = (request: Json): Json => ({
  // "You can't set RefreshTokenValidity to 0. If you do, Amazon Cognito overrides the value with the default."
  RefreshTokenValidity: request.RefreshTokenValidity || 30,
  ...given('AccessTokenValidity', request.AccessTokenValidity),
  ...given('IdTokenValidity', request.IdTokenValidity),
  TokenValidityUnits: request.TokenValidityUnits ?? {},
  ...given('ReadAttributes', request.ReadAttributes),
  ...given('WriteAttributes', request.WriteAttributes),
  ...given('ExplicitAuthFlows', request.ExplicitAuthFlows),
  ...given('SupportedIdentityProviders', request.SupportedIdentityProviders),
  ...given('CallbackURLs', request.CallbackURLs),
  ...given('LogoutURLs', request.LogoutURLs),
  ...given('DefaultRedirectURI', request.DefaultRedirectURI),
  ...given('AllowedOAuthFlows', request.AllowedOAuthFlows),
  ...given('AllowedOAuthScopes', request.AllowedOAuthScopes),
  AllowedOAuthFlowsUserPoolClient: request.AllowedOAuthFlowsUserPoolClient ?? false,
  ...given('AnalyticsConfiguration', request.AnalyticsConfiguration),
  // LEGACY, the default, is left out of the response ([UNC]).
  ...given('PreventUserExistenceErrors', request.PreventUserExistenceErrors),
  EnableTokenRevocation: request.EnableTokenRevocation ?? true,
  EnablePropagateAdditionalUserContextData: request.EnablePropagateAdditionalUserContextData ?? false,
  AuthSessionValidity: request.AuthSessionValidity ?? AUTH_SESSION_VALIDITY_MINUTES,
  ...given('RefreshTokenRotation', request.RefreshTokenRotation),
});

/**
 * The checks on a client's settings against its pool: each validity within its range once read in its unit, and
 * attribute permissions that name the pool's attributes, a writable required attribute among the write ones ([UNC]).
 */
const checkSettings = (pool: PoolDocument, settings: Json, doing: 'creating' | 'updating'): void => {
  const lifetimes = tokenValidity(settings as StoredClient);
  for (const [kind, member] of [
    ['AccessToken', 'AccessTokenValidity'],
    ['IdToken', 'IdTokenValidity'],
    ['RefreshToken', 'RefreshTokenValidity'],
  ] as const) {
    const { min, max } = VALIDITY_RANGE[kind];
    if (settings[member] !== undefined && (lifetimes[kind] < min || lifetimes[kind] > max))
      throw Exceptions.InvalidParameter(Messages.tokenValidityRange);
  }
  const schema = pool.UserPool.SchemaAttributes;
  if (!schema) return;
  const names = new Set(schema.map((attribute) => attribute.Name));
  const read = settings.ReadAttributes as readonly string[] | undefined;
  if (read?.some((name) => !names.has(name)))
    throw Exceptions.InvalidParameter(Messages.invalidClientAttributes('read', doing));
  const write = settings.WriteAttributes as readonly string[] | undefined;
  if (
    write &&
    (write.some((name) => !names.has(name)) ||
      schema.some((a) => a.Required === true && a.Mutable !== false && !write.includes(a.Name)))
  )
    throw Exceptions.InvalidParameter(Messages.invalidClientAttributes('write', doing));
};

/** DescribeUserPoolClient's `UserPoolClient`: timestamps in epoch seconds. */
const clientResponse = (pool: PoolDocument, client: AppClient): Json =>
  withEpochDates({ UserPoolId: pool.UserPool.Id, ...(client as StoredClient) });

const clientOf = (pool: PoolDocument, clientId: string): StoredClient => {
  const client = (pool.UserPoolClients ?? []).find((c) => c.ClientId === clientId);
  if (!client) throw Exceptions.ResourceNotFound(Messages.userPoolClientNotFound(clientId));
  return client as StoredClient;
};

const validateClientRequest = (request: Json): void =>
  raise([
    ...violations('userPoolId', request.UserPoolId, Constraints.UserPoolId),
    ...violations('clientId', request.ClientId, Constraints.ClientId),
  ]);

/** CreateUserPoolClient: a new app client, with a secret when GenerateSecret is true. */
const createUserPoolClient = (
  engine: Engine,
  request: CreateUserPoolClientRequest,
  notes: string[],
): Json => {
  raise([...settingsClauses(request), ...violations('clientName', request.ClientName, Members.ClientName)]);
  const settings = settingsOf(request);
  const now = awsTimestamp();
  const client = {
    UserPoolId: request.UserPoolId,
    ClientName: request.ClientName,
    ClientId: newClientId(),
    ...(request.GenerateSecret === true ? { ClientSecret: newClientSecret() } : {}),
    LastModifiedDate: now,
    CreationDate: now,
    ...settings,
  } as StoredClient;
  if (settings.WriteAttributes !== undefined || settings.ReadAttributes !== undefined)
    notes.push(
      '[UNC] the kit refuses ReadAttributes and WriteAttributes that name attributes the pool lacks, and WriteAttributes without a writable required attribute (docs/cognito-behaviour.md#user-pools-and-app-clients)',
    );
  const pool = engine.commit(request.UserPoolId, (current) => {
    checkSettings(current, settings, 'creating');
    return { ...current, UserPoolClients: [...(current.UserPoolClients ?? []), client] };
  });
  return { UserPoolClient: clientResponse(pool, client) };
};

/** DescribeUserPoolClient: the app client as it stands. */
const describeUserPoolClient = (engine: Engine, request: UserPoolClientRequest): Json => {
  validateClientRequest(request);
  const pool = engine.pool(request.UserPoolId);
  return { UserPoolClient: clientResponse(pool, clientOf(pool, request.ClientId)) };
};

/** ListUserPoolClients: a page of the pool's app clients, in id order (default: 60 a page [UNC]). */
const listUserPoolClients = (engine: Engine, request: ListUserPoolClientsRequest): Json => {
  raise([
    ...violations('userPoolId', request.UserPoolId, Constraints.UserPoolId),
    ...rangeClauses('maxResults', request.MaxResults, Ranges.MaxResults),
    ...violations('nextToken', request.NextToken, { ...Members.NextToken, max: 131_072 }),
  ]);
  const pool = engine.pool(request.UserPoolId);
  const listed = page(
    `UserPoolClients:${pool.UserPool.Id}`,
    pool.UserPoolClients ?? [],
    (client) => client.ClientId,
    request.MaxResults ?? Ranges.MaxResults.max,
    request.NextToken,
  );
  return {
    UserPoolClients: listed.items.map((client) => ({
      ClientId: client.ClientId,
      UserPoolId: pool.UserPool.Id,
      ...given('ClientName', client.ClientName),
    })),
    ...given('NextToken', listed.nextToken),
  };
};

/**
 * UpdateUserPoolClient: every member the request leaves out goes back to its default (documented), except the name
 * ([UNC]); the id, the secret and the creation date stay.
 */
const updateUserPoolClient = (engine: Engine, request: UserPoolClientRequest): Json => {
  raise([
    ...settingsClauses(request),
    ...violations('clientId', request.ClientId, Constraints.ClientId),
    ...violations('clientName', request.ClientName, { ...Members.ClientName, required: false }),
  ]);
  const settings = settingsOf(request);
  let updated: StoredClient | undefined;
  const pool = engine.commit(request.UserPoolId, (current) => {
    const client = clientOf(current, request.ClientId);
    checkSettings(current, settings, 'updating');
    updated = {
      UserPoolId: current.UserPool.Id,
      ClientName: request.ClientName ?? client.ClientName,
      ClientId: client.ClientId,
      ...given('ClientSecret', client.ClientSecret),
      LastModifiedDate: awsTimestamp(),
      ...given('CreationDate', client.CreationDate),
      ...settings,
    } as StoredClient;
    const next = updated;
    return {
      ...current,
      UserPoolClients: (current.UserPoolClients ?? []).map((c) =>
        c.ClientId === client.ClientId ? next : c,
      ),
    };
  });
  return { UserPoolClient: clientResponse(pool, updated as StoredClient) };
};

/** DeleteUserPoolClient: the app client is gone; its tokens stop working. */
const deleteUserPoolClient = (engine: Engine, request: UserPoolClientRequest): Json => {
  validateClientRequest(request);
  engine.commit(request.UserPoolId, (current) => {
    clientOf(current, request.ClientId);
    return {
      ...current,
      UserPoolClients: (current.UserPoolClients ?? []).filter((c) => c.ClientId !== request.ClientId),
    };
  });
  return {};
};

export type { CreateUserPoolClientRequest, ListUserPoolClientsRequest, UserPoolClientRequest };
export {
  createUserPoolClient,
  deleteUserPoolClient,
  describeUserPoolClient,
  listUserPoolClients,
  updateUserPoolClient,
};
