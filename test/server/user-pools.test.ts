import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolClientCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  paginateListUserPools,
  UpdateUserAttributesCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CustomMessageTriggerEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LocalCognito } from '../../src/local/local-cognito.js';
import { DEMO_POOLS } from '../../src/local/pool.js';
import { StateStore } from '../../src/local/state.js';
import { startServer } from '../../src/server/server.js';
import { LOCAL_CREDENTIALS, useCognitoEndpoint } from '../helpers/cognito-endpoint.js';

const CUSTOM_MESSAGE = 'arn:aws:lambda:us-west-2:123456789012:function:custom-message';

/** A Custom message function that brands the email and records each event. */
const seen: CustomMessageTriggerEvent[] = [];
const handler = async (event: CustomMessageTriggerEvent) => {
  seen.push(event);
  event.response.emailSubject = 'Welcome to Acme';
  event.response.emailMessage =
    event.triggerSource === 'CustomMessage_AdminCreateUser'
      ? `<p>Sign in as ${event.request.usernameParameter} with ${event.request.codeParameter}</p>`
      : `<p>Your Acme code is ${event.request.codeParameter}</p>`;
  return event;
};

const local = useCognitoEndpoint({ handler });
beforeEach(() => {
  seen.length = 0;
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('the call succeeded');
    },
    (error: Error) => error,
  );

describe('Endpoint: the user pool lifecycle through SDK v3', () => {
  it('creates, describes, updates, lists and deletes a pool', async () => {
    // Act
    const { UserPool: created } = await local.client.send(
      new CreateUserPoolCommand({
        PoolName: 'acme',
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        LambdaConfig: { CustomMessage: CUSTOM_MESSAGE },
        Schema: [{ Name: 'brand', AttributeDataType: 'String', Mutable: true }],
      }),
    );
    const id = created?.Id as string;
    const { UserPool: described } = await local.client.send(new DescribeUserPoolCommand({ UserPoolId: id }));
    await local.client.send(new UpdateUserPoolCommand({ UserPoolId: id, AutoVerifiedAttributes: ['email'] }));
    const { UserPool: updated } = await local.client.send(new DescribeUserPoolCommand({ UserPoolId: id }));
    const { UserPools } = await local.client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    await local.client.send(new DeleteUserPoolCommand({ UserPoolId: id }));
    const gone = await failure(local.client.send(new DescribeUserPoolCommand({ UserPoolId: id })));

    // Assess
    expect(id).toMatch(/^us-west-2_[0-9A-Za-z]{9}$/);
    expect(created?.CreationDate).toBeInstanceOf(Date);
    expect(created).toMatchObject({
      Name: 'acme',
      Arn: `arn:aws:cognito-idp:us-west-2:123456789012:userpool/${id}`,
      LambdaConfig: { CustomMessage: CUSTOM_MESSAGE },
      MfaConfiguration: 'OFF',
      DeletionProtection: 'INACTIVE',
      EstimatedNumberOfUsers: 0,
    });
    expect(created?.SchemaAttributes?.at(-1)?.Name).toBe('custom:brand');
    // The standard attributes in the order of the aws CLI's create-user-pool example output.
    expect(created?.SchemaAttributes?.slice(0, -1).map((attribute) => attribute.Name)).toEqual(
      'sub name given_name family_name middle_name nickname preferred_username profile picture website email email_verified gender birthdate zoneinfo locale phone_number phone_number_verified address updated_at'.split(
        ' ',
      ),
    );
    expect(described).toEqual(created);
    // LambdaConfig was left out of UpdateUserPool: the function is no longer assigned.
    expect(updated?.LambdaConfig).toEqual({});
    expect(updated).toMatchObject({ UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] });
    expect(UserPools?.find((pool) => pool.Id === id)).toEqual({
      Id: id,
      Name: 'acme',
      LambdaConfig: {},
      CreationDate: created?.CreationDate,
      LastModifiedDate: updated?.LastModifiedDate,
    });
    expect(gone).toMatchObject({
      name: 'ResourceNotFoundException',
      message: `User pool ${id} does not exist.`,
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('pages through the pools with the SDK paginator', async () => {
    // Prepare
    for (const name of ['one', 'two', 'three'])
      await local.client.send(new CreateUserPoolCommand({ PoolName: name }));

    // Act
    const ids: string[] = [];
    for await (const page of paginateListUserPools({ client: local.client, pageSize: 2 }, { MaxResults: 2 }))
      ids.push(...(page.UserPools ?? []).map((pool) => pool.Id as string));

    // Assess
    expect(ids).toHaveLength(DEMO_POOLS.length + 3);
    expect(new Set(ids).size).toBe(DEMO_POOLS.length + 3);
  });

  it('refuses to delete a pool with deletion protection active', async () => {
    // Prepare
    const { UserPool } = await local.client.send(
      new CreateUserPoolCommand({ PoolName: 'kept', DeletionProtection: 'ACTIVE' }),
    );

    // Act
    const error = await failure(local.client.send(new DeleteUserPoolCommand({ UserPoolId: UserPool?.Id })));

    // Assess
    expect(error).toMatchObject({
      name: 'InvalidParameterException',
      message:
        'The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.',
    });
  });

  it('answers a request without PoolName or MaxResults with the service validation text', async () => {
    // Act
    const create = await failure(local.client.send(new CreateUserPoolCommand({} as never)));
    const list = await failure(local.client.send(new ListUserPoolsCommand({ MaxResults: 0 })));

    // Assess
    expect(create).toMatchObject({
      name: 'InvalidParameterException',
      message:
        "1 validation error detected: Value null at 'poolName' failed to satisfy constraint: Member must not be null",
    });
    expect(list).toMatchObject({
      name: 'InvalidParameterException',
      message:
        "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
    });
  });
});

describe('Endpoint: app clients through SDK v3', () => {
  it('creates, describes, updates, lists and deletes an app client', async () => {
    // Prepare
    const { UserPool } = await local.client.send(new CreateUserPoolCommand({ PoolName: 'acme' }));
    const UserPoolId = UserPool?.Id as string;

    // Act
    const { UserPoolClient: created } = await local.client.send(
      new CreateUserPoolClientCommand({
        UserPoolId,
        ClientName: 'web',
        GenerateSecret: true,
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    const ClientId = created?.ClientId as string;
    const { UserPoolClient: described } = await local.client.send(
      new DescribeUserPoolClientCommand({ UserPoolId, ClientId }),
    );
    const { UserPoolClient: updated } = await local.client.send(
      new UpdateUserPoolClientCommand({ UserPoolId, ClientId, ClientName: 'web-2', AuthSessionValidity: 10 }),
    );
    const { UserPoolClients } = await local.client.send(
      new ListUserPoolClientsCommand({ UserPoolId, MaxResults: 60 }),
    );
    await local.client.send(new DeleteUserPoolClientCommand({ UserPoolId, ClientId }));
    const gone = await failure(
      local.client.send(new DescribeUserPoolClientCommand({ UserPoolId, ClientId })),
    );

    // Assess
    expect(created).toEqual({
      UserPoolId,
      ClientName: 'web',
      ClientId: expect.stringMatching(/^[a-z0-9]{26}$/),
      ClientSecret: expect.any(String),
      LastModifiedDate: expect.any(Date),
      CreationDate: expect.any(Date),
      RefreshTokenValidity: 30,
      TokenValidityUnits: {},
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AllowedOAuthFlowsUserPoolClient: false,
      EnableTokenRevocation: true,
      EnablePropagateAdditionalUserContextData: false,
      AuthSessionValidity: 3,
    });
    expect(described).toEqual(created);
    expect(updated).toMatchObject({
      ClientName: 'web-2',
      AuthSessionValidity: 10,
      ClientSecret: created?.ClientSecret,
    });
    // ExplicitAuthFlows was left out of UpdateUserPoolClient: it goes back to its default, which is not shown.
    expect(updated).not.toHaveProperty('ExplicitAuthFlows');
    expect(UserPoolClients).toEqual([{ ClientId, UserPoolId, ClientName: 'web-2' }]);
    expect(gone).toMatchObject({
      name: 'ResourceNotFoundException',
      message: `User pool client ${ClientId} does not exist.`,
    });
  });

  it('answers each setting the service refuses with its exception and message', async () => {
    // Prepare
    const { UserPool } = await local.client.send(
      new CreateUserPoolCommand({
        PoolName: 'acme',
        AutoVerifiedAttributes: ['email'],
        UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
        Schema: [{ Name: 'email', Required: true }],
      }),
    );
    const UserPoolId = UserPool?.Id as string;

    // Act
    const keptUntilVerified = await failure(
      local.client.send(new UpdateUserPoolCommand({ UserPoolId, DeletionProtection: 'INACTIVE' })),
    );
    const writeAttributes = await failure(
      local.client.send(
        new CreateUserPoolClientCommand({ UserPoolId, ClientName: 'web', WriteAttributes: ['name'] }),
      ),
    );
    const validity = await failure(
      // Two minutes: less than the five an ID token must last.
      local.client.send(
        new CreateUserPoolClientCommand({
          UserPoolId,
          ClientName: 'web',
          IdTokenValidity: 2,
          TokenValidityUnits: { IdToken: 'minutes' },
        }),
      ),
    );
    const token = await failure(
      local.client.send(new ListUserPoolsCommand({ MaxResults: 10, NextToken: 'elsewhere' })),
    );

    // Assess
    expect(keptUntilVerified).toMatchObject({
      name: 'InvalidParameterException',
      message:
        'All attributes in AttributesRequireVerificationBeforeUpdate must exist in AutoVerifiedAttributes',
    });
    expect(writeAttributes).toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid write attributes specified while creating a client',
    });
    expect(validity).toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid range for token validity',
    });
    expect(token).toMatchObject({ name: 'InvalidParameterException', message: 'Invalid pagination token.' });
  });

  it('answers an app client for a pool it does not have with ResourceNotFoundException', async () => {
    const error = await failure(
      local.client.send(
        new CreateUserPoolClientCommand({ UserPoolId: 'us-west-2_nothere00', ClientName: 'web' }),
      ),
    );
    expect(error).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'User pool us-west-2_nothere00 does not exist.',
    });
  });
});

describe('Endpoint: a pool created through the API runs the Custom message trigger', () => {
  it('sends the invitation of AdminCreateUser through the function its LambdaConfig names', async () => {
    // Prepare
    const { UserPool } = await local.client.send(
      new CreateUserPoolCommand({
        PoolName: 'acme',
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        LambdaConfig: { CustomMessage: CUSTOM_MESSAGE },
        EmailConfiguration: { EmailSendingAccount: 'DEVELOPER' },
      }),
    );
    const UserPoolId = UserPool?.Id as string;

    // Act
    await local.client.send(
      new AdminCreateUserCommand({
        UserPoolId,
        Username: 'lea@example.com',
        UserAttributes: [{ Name: 'email', Value: 'lea@example.com' }],
      }),
    );

    // Assess
    expect(seen.map((event) => [event.triggerSource, event.userPoolId])).toEqual([
      ['CustomMessage_AdminCreateUser', UserPoolId],
    ]);
    expect(local.cognito.messages()).toEqual([
      expect.objectContaining({
        destination: 'lea@example.com',
        subject: 'Welcome to Acme',
        userPoolId: UserPoolId,
      }),
    ]);
  });

  let dir: string;
  let server: Awaited<ReturnType<typeof startServer>>;
  let sdk: CognitoIdentityProviderClient;
  let store: StateStore;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ctk-sdk-pools-'));
    store = new StateStore(dir);
    server = await startServer({ engine: new LocalCognito({ store, handler }) });
    sdk = new CognitoIdentityProviderClient({
      endpoint: server.url,
      region: 'us-west-2',
      credentials: LOCAL_CREDENTIALS,
    });
  });
  afterAll(async () => {
    sdk?.destroy();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the function message when an admin, then the user through the created client, change the email', {
    timeout: 30_000,
  }, async () => {
    // Prepare
    const { UserPool } = await sdk.send(
      new CreateUserPoolCommand({
        PoolName: 'acme',
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        LambdaConfig: { CustomMessage: CUSTOM_MESSAGE },
        EmailConfiguration: { EmailSendingAccount: 'DEVELOPER' },
      }),
    );
    const UserPoolId = UserPool?.Id as string;
    const { UserPoolClient } = await sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId,
        ClientName: 'web',
        ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    // The user a sign-up would have made, put in the pool's saved state.
    const sub = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    store.update(UserPoolId, (pool) => ({
      ...pool,
      Users: [
        {
          Username: sub,
          UserAttributes: [
            { Name: 'sub', Value: sub },
            { Name: 'email', Value: 'ana@example.com' },
            { Name: 'email_verified', Value: 'true' },
          ],
          Enabled: true,
          UserStatus: 'CONFIRMED',
          Password: 'Passw0rd!',
        },
      ],
    }));

    // Act
    await sdk.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId,
        Username: 'ana@example.com',
        UserAttributes: [{ Name: 'email', Value: 'ana.admin@example.com' }],
        ClientMetadata: { brand: 'acme' },
      }),
    );
    const { AuthenticationResult } = await sdk.send(
      new AdminInitiateAuthCommand({
        UserPoolId,
        ClientId: UserPoolClient?.ClientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'ana.admin@example.com', PASSWORD: 'Passw0rd!' },
      }),
    );
    const { CodeDeliveryDetailsList } = await sdk.send(
      new UpdateUserAttributesCommand({
        AccessToken: AuthenticationResult?.AccessToken,
        UserAttributes: [{ Name: 'email', Value: 'ana.self@example.com' }],
      }),
    );
    const { UserPool: described } = await sdk.send(new DescribeUserPoolCommand({ UserPoolId }));

    // Assess
    expect(
      seen.map((event) => [event.triggerSource, event.userPoolId, event.callerContext.clientId]),
    ).toEqual([
      ['CustomMessage_UpdateUserAttribute', UserPoolId, 'CLIENT_ID_NOT_APPLICABLE'],
      ['CustomMessage_UpdateUserAttribute', UserPoolId, UserPoolClient?.ClientId],
    ]);
    expect(seen[0]?.request.clientMetadata).toEqual({ brand: 'acme' });
    expect(CodeDeliveryDetailsList).toEqual([
      { Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
    ]);
    expect(described?.EstimatedNumberOfUsers).toBe(1);
  });
});
