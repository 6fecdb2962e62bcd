import { describe, expect, it } from 'vitest';
import { LocalCognito, type LocalCognitoOptions } from '../../src/local/local-cognito.js';
import { DEMO_POOLS } from '../../src/local/pool.js';

// biome-ignore lint/suspicious/noExplicitAny: a response is read as loosely as the JSON it comes from
type Answer = Record<string, any>;

const DEMO = 'us-west-2_aaaaaaaaa';

/** Runs an operation and gives its response, or throws its service error as `{ name, message }`. */
const run = async (cognito: LocalCognito, operation: string, request: object) => {
  const { result } = await cognito.call(operation, request);
  if ('error' in result) throw result.error;
  return result.response as Answer;
};

/** The service error an operation answers with. */
const refusal = async (cognito: LocalCognito, operation: string, request: object) => {
  const { result } = await cognito.call(operation, request);
  if (!('error' in result)) throw new Error(`${operation} succeeded: ${JSON.stringify(result.response)}`);
  return result.error;
};

const engine = (options: LocalCognitoOptions = {}) => new LocalCognito({ code: '424242', ...options });

const createPool = async (cognito: LocalCognito, request: object = {}) =>
  (await run(cognito, 'CreateUserPool', { PoolName: 'shop', ...request })).UserPool as Answer;

describe('Operation: CreateUserPool', () => {
  it('gives the pool an id of the engine Region, an ARN, and the service defaults for what the request leaves out', async () => {
    // Prepare
    const cognito = engine({ region: 'eu-west-1' });
    const before = Date.now() / 1000;

    // Act
    const pool = await createPool(cognito);

    // Assess
    expect(pool.Id).toMatch(/^eu-west-1_[0-9A-Za-z]{9}$/);
    expect(pool.Arn).toBe(`arn:aws:cognito-idp:eu-west-1:123456789012:userpool/${pool.Id}`);
    expect(pool).toMatchObject({
      Name: 'shop',
      Policies: {
        PasswordPolicy: {
          MinimumLength: 8,
          RequireUppercase: true,
          RequireLowercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 7,
        },
      },
      DeletionProtection: 'INACTIVE',
      LambdaConfig: {},
      VerificationMessageTemplate: {
        SmsMessage: 'Your verification code is {####}. ',
        EmailMessage: 'Your verification code is {####}. ',
        EmailSubject: 'Your verification code',
        DefaultEmailOption: 'CONFIRM_WITH_CODE',
      },
      EmailVerificationSubject: 'Your verification code',
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: [] },
      MfaConfiguration: 'OFF',
      EstimatedNumberOfUsers: 0,
      EmailConfiguration: { EmailSendingAccount: 'COGNITO_DEFAULT' },
      AdminCreateUserConfig: {
        AllowAdminCreateUserOnly: false,
        UnusedAccountValidityDays: 7,
        InviteMessageTemplate: {
          SMSMessage: 'Your username is {username} and temporary password is {####}. ',
          EmailMessage: 'Your username is {username} and temporary password is {####}. ',
          EmailSubject: 'Your temporary password',
        },
      },
      UserPoolTier: 'ESSENTIALS',
    });
    expect(pool.CreationDate).toBeGreaterThanOrEqual(Math.floor(before));
    expect(pool.LastModifiedDate).toBe(pool.CreationDate);
    for (const absent of [
      'AutoVerifiedAttributes',
      'UsernameAttributes',
      'AliasAttributes',
      'UsernameConfiguration',
    ])
      expect(pool).not.toHaveProperty(absent);
  });

  it('makes ids in us-west-2 when the engine is given no Region', async () => {
    expect((await createPool(engine())).Id).toMatch(/^us-west-2_[0-9A-Za-z]{9}$/);
  });

  it('lists the standard attributes in the service order, then the custom ones with their custom: prefix', async () => {
    // Act
    const pool = await createPool(engine(), {
      Schema: [
        { Name: 'email', Required: true, Mutable: true },
        { Name: 'brand', AttributeDataType: 'String', StringAttributeConstraints: { MaxLength: '32' } },
        { Name: 'tier', AttributeDataType: 'Number', DeveloperOnlyAttribute: true },
      ],
    });

    // Assess
    const names = pool.SchemaAttributes.map((a: { Name: string }) => a.Name);
    expect(names.slice(0, 3)).toEqual(['sub', 'name', 'given_name']);
    expect(names.slice(-3)).toEqual(['updated_at', 'custom:brand', 'dev:custom:tier']);
    expect(pool.SchemaAttributes).toContainEqual(expect.objectContaining({ Name: 'email', Required: true }));
    expect(pool.SchemaAttributes).toContainEqual({
      Name: 'custom:brand',
      AttributeDataType: 'String',
      DeveloperOnlyAttribute: false,
      Mutable: true,
      Required: false,
      StringAttributeConstraints: { MaxLength: '32' },
    });
    expect(pool.SchemaAttributes).toContainEqual(
      expect.objectContaining({
        Name: 'birthdate',
        StringAttributeConstraints: { MinLength: '10', MaxLength: '10' },
      }),
    );
  });

  it('keeps the sign-in attributes, auto-verified attributes and LambdaConfig it is given', async () => {
    // Act
    const pool = await createPool(engine(), {
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      LambdaConfig: { CustomMessage: 'arn:aws:lambda:us-west-2:123456789012:function:custom-message' },
      UsernameConfiguration: { CaseSensitive: false },
    });

    // Assess
    expect(pool).toMatchObject({
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      LambdaConfig: { CustomMessage: 'arn:aws:lambda:us-west-2:123456789012:function:custom-message' },
      UsernameConfiguration: { CaseSensitive: false },
    });
  });

  it('requires PoolName, in the service validation text', async () => {
    expect(await refusal(engine(), 'CreateUserPool', {})).toEqual({
      name: 'InvalidParameterException',
      message:
        "1 validation error detected: Value null at 'poolName' failed to satisfy constraint: Member must not be null",
    });
  });

  it('refuses a required custom attribute and a changed standard one', async () => {
    const cognito = engine();
    expect(
      await refusal(cognito, 'CreateUserPool', {
        PoolName: 'shop',
        Schema: [{ Name: 'brand', AttributeDataType: 'String', Required: true }],
      }),
    ).toEqual({
      name: 'InvalidParameterException',
      message: 'Required custom attributes are not supported currently.',
    });
    expect(
      await refusal(cognito, 'CreateUserPool', {
        PoolName: 'shop',
        Schema: [{ Name: 'email', AttributeDataType: 'Number' }],
      }),
    ).toEqual({
      name: 'InvalidParameterException',
      message:
        'You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute email',
    });
  });

  it('refuses an attribute kept until verified that the pool does not verify', async () => {
    expect(
      await refusal(engine(), 'CreateUserPool', {
        PoolName: 'shop',
        UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
      }),
    ).toEqual({
      name: 'InvalidParameterException',
      message:
        'All attributes in AttributesRequireVerificationBeforeUpdate must exist in AutoVerifiedAttributes',
    });
  });

  it('refuses a value outside an enumeration with the list of allowed values', async () => {
    expect(
      await refusal(engine(), 'CreateUserPool', { PoolName: 'shop', MfaConfiguration: 'MAYBE' }),
    ).toEqual({
      name: 'InvalidParameterException',
      message:
        "1 validation error detected: Value 'MAYBE' at 'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]",
    });
  });
});

describe('Operation: DescribeUserPool', () => {
  it('describes a created pool as CreateUserPool answered, and a seeded one from its pool file', async () => {
    // Prepare
    const cognito = engine();
    const created = await createPool(cognito);

    // Act
    const described = (await run(cognito, 'DescribeUserPool', { UserPoolId: created.Id })).UserPool;
    const demo = (await run(cognito, 'DescribeUserPool', { UserPoolId: DEMO })).UserPool;

    // Assess
    expect(described).toEqual(created);
    expect(demo).toMatchObject({ Id: DEMO, Name: 'demo', EstimatedNumberOfUsers: 2 });
  });

  it('answers a pool it does not have with ResourceNotFoundException', async () => {
    expect(await refusal(engine(), 'DescribeUserPool', { UserPoolId: 'us-west-2_nothere00' })).toEqual({
      name: 'ResourceNotFoundException',
      message: 'User pool us-west-2_nothere00 does not exist.',
    });
  });
});

describe('Operation: UpdateUserPool', () => {
  it('sets every member the request leaves out back to its default, and keeps what UpdateUserPool cannot change', async () => {
    // Prepare
    const cognito = engine();
    const created = await createPool(cognito, {
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      LambdaConfig: { CustomMessage: 'arn:aws:lambda:us-west-2:123456789012:function:custom-message' },
      DeletionProtection: 'ACTIVE',
      Policies: { PasswordPolicy: { MinimumLength: 12 } },
      VerificationMessageTemplate: { EmailSubject: 'Your Acme code' },
      Schema: [{ Name: 'brand', AttributeDataType: 'String' }],
      UserPoolTier: 'PLUS',
    });

    // Act
    const response = await run(cognito, 'UpdateUserPool', {
      UserPoolId: created.Id,
      EmailConfiguration: { EmailSendingAccount: 'DEVELOPER' },
    });
    const updated = (await run(cognito, 'DescribeUserPool', { UserPoolId: created.Id })).UserPool;

    // Assess
    expect(response).toEqual({});
    expect(updated).toMatchObject({
      Id: created.Id,
      Name: 'shop',
      LambdaConfig: {},
      DeletionProtection: 'INACTIVE',
      Policies: { PasswordPolicy: { MinimumLength: 8, TemporaryPasswordValidityDays: 7 } },
      VerificationMessageTemplate: { EmailSubject: 'Your verification code' },
      EmailConfiguration: { EmailSendingAccount: 'DEVELOPER' },
      UsernameAttributes: ['email'],
      SchemaAttributes: created.SchemaAttributes,
      UserPoolTier: 'PLUS',
      CreationDate: created.CreationDate,
    });
    expect(updated).not.toHaveProperty('AutoVerifiedAttributes');
  });

  it('keeps UserAttributeUpdateSettings when the request leaves it out, so that dropping its attribute fails', async () => {
    // Prepare
    const cognito = engine();
    const created = await createPool(cognito, {
      AutoVerifiedAttributes: ['email'],
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
    });

    // Act
    const refused = await refusal(cognito, 'UpdateUserPool', {
      UserPoolId: created.Id,
      DeletionProtection: 'INACTIVE',
    });
    await run(cognito, 'UpdateUserPool', { UserPoolId: created.Id, AutoVerifiedAttributes: ['email'] });

    // Assess
    expect(refused).toEqual({
      name: 'InvalidParameterException',
      message:
        'All attributes in AttributesRequireVerificationBeforeUpdate must exist in AutoVerifiedAttributes',
    });
    expect((await run(cognito, 'DescribeUserPool', { UserPoolId: created.Id })).UserPool).toMatchObject({
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
    });
  });

  it('answers a pool it does not have with ResourceNotFoundException', async () => {
    expect(await refusal(engine(), 'UpdateUserPool', { UserPoolId: 'us-west-2_nothere00' })).toEqual({
      name: 'ResourceNotFoundException',
      message: 'User pool us-west-2_nothere00 does not exist.',
    });
  });
});

describe('Operation: ListUserPools', () => {
  it('lists the seeded and the created pools a page at a time, NextToken leading to the next page', async () => {
    // Prepare
    const cognito = engine();
    const created = await createPool(cognito);
    const all = [...DEMO_POOLS.map((pool) => pool.UserPool.Id), created.Id].sort();

    // Act
    const first = await run(cognito, 'ListUserPools', { MaxResults: 3 });
    const second = await run(cognito, 'ListUserPools', { MaxResults: 3, NextToken: first.NextToken });

    // Assess
    expect(first.UserPools.map((p: { Id: string }) => p.Id)).toEqual(all.slice(0, 3));
    expect(second.UserPools.map((p: { Id: string }) => p.Id)).toEqual(all.slice(3));
    expect(second).not.toHaveProperty('NextToken');
    expect(
      [...first.UserPools, ...second.UserPools].find((p: { Id: string }) => p.Id === created.Id),
    ).toEqual({
      Id: created.Id,
      Name: 'shop',
      LambdaConfig: {},
      LastModifiedDate: created.LastModifiedDate,
      CreationDate: created.CreationDate,
    });
  });

  it('requires MaxResults from 1 to 60, in the service validation text', async () => {
    const cognito = engine();
    expect(await refusal(cognito, 'ListUserPools', {})).toEqual({
      name: 'InvalidParameterException',
      message:
        "1 validation error detected: Value null at 'maxResults' failed to satisfy constraint: Member must not be null",
    });
    expect(await refusal(cognito, 'ListUserPools', { MaxResults: 0 })).toEqual({
      name: 'InvalidParameterException',
      message:
        "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
    });
    expect((await refusal(cognito, 'ListUserPools', { MaxResults: 61 })).message).toContain(
      'Member must have value less than or equal to 60',
    );
  });

  it('refuses a NextToken it did not give', async () => {
    expect(await refusal(engine(), 'ListUserPools', { MaxResults: 10, NextToken: 'not-a-token' })).toEqual({
      name: 'InvalidParameterException',
      message: 'Invalid pagination token.',
    });
  });
});

describe('Operation: DeleteUserPool', () => {
  it('deletes a created pool: describing it then answers ResourceNotFoundException', async () => {
    // Prepare
    const cognito = engine();
    const created = await createPool(cognito);

    // Act
    const response = await run(cognito, 'DeleteUserPool', { UserPoolId: created.Id });

    // Assess
    expect(response).toEqual({});
    expect(await refusal(cognito, 'DescribeUserPool', { UserPoolId: created.Id })).toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('refuses a pool with deletion protection active until UpdateUserPool turns it off', async () => {
    // Prepare
    const cognito = engine();
    const created = await createPool(cognito, { DeletionProtection: 'ACTIVE' });

    // Act
    const refused = await refusal(cognito, 'DeleteUserPool', { UserPoolId: created.Id });
    await run(cognito, 'UpdateUserPool', { UserPoolId: created.Id, DeletionProtection: 'INACTIVE' });
    const deleted = await run(cognito, 'DeleteUserPool', { UserPoolId: created.Id });

    // Assess
    expect(refused).toEqual({
      name: 'InvalidParameterException',
      message:
        'The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.',
    });
    expect(deleted).toEqual({});
  });

  it('keeps a deleted seeded pool deleted until reset, and forgets created pools on reset', async () => {
    // Prepare
    const cognito = engine();
    const created = await createPool(cognito);
    await run(cognito, 'DeleteUserPool', { UserPoolId: DEMO });
    const listed = await run(cognito, 'ListUserPools', { MaxResults: 60 });

    // Act
    cognito.reset();

    // Assess
    expect(listed.UserPools.map((p: { Id: string }) => p.Id)).not.toContain(DEMO);
    expect((await run(cognito, 'DescribeUserPool', { UserPoolId: DEMO })).UserPool.Id).toBe(DEMO);
    expect(await refusal(cognito, 'DescribeUserPool', { UserPoolId: created.Id })).toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});

describe('Operation: CreateUserPoolClient', () => {
  it('answers with the shape the service gives a client created with a name alone', async () => {
    // Prepare
    const cognito = engine();
    const pool = await createPool(cognito);

    // Act
    const { UserPoolClient } = await run(cognito, 'CreateUserPoolClient', {
      UserPoolId: pool.Id,
      ClientName: 'web',
    });

    // Assess
    expect(UserPoolClient.ClientId).toMatch(/^[a-z0-9]{26}$/);
    expect(UserPoolClient).toEqual({
      UserPoolId: pool.Id,
      ClientName: 'web',
      ClientId: UserPoolClient.ClientId,
      LastModifiedDate: expect.any(Number),
      CreationDate: expect.any(Number),
      RefreshTokenValidity: 30,
      TokenValidityUnits: {},
      AllowedOAuthFlowsUserPoolClient: false,
      EnableTokenRevocation: true,
      EnablePropagateAdditionalUserContextData: false,
      AuthSessionValidity: 3,
    });
  });

  it('generates a secret when GenerateSecret is true, and keeps the flows and attributes it is given', async () => {
    // Prepare
    const cognito = engine();

    // Act
    const { UserPoolClient } = await run(cognito, 'CreateUserPoolClient', {
      UserPoolId: DEMO,
      ClientName: 'server',
      GenerateSecret: true,
      ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH'],
      WriteAttributes: ['email', 'name'],
    });

    // Assess
    expect(UserPoolClient.ClientSecret).toMatch(/^[a-z0-9]{51}$/);
    expect(UserPoolClient).toMatchObject({
      ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH'],
      WriteAttributes: ['email', 'name'],
    });
    expect(UserPoolClient).not.toHaveProperty('ReadAttributes');
  });

  it('refuses write attributes the pool does not have, or that leave out a required one', async () => {
    const cognito = engine();
    const refused = {
      name: 'InvalidParameterException',
      message: 'Invalid write attributes specified while creating a client',
    };
    expect(
      await refusal(cognito, 'CreateUserPoolClient', {
        UserPoolId: DEMO,
        ClientName: 'x',
        WriteAttributes: ['brand'],
      }),
    ).toEqual(refused);
    // The demo pool requires email.
    expect(
      await refusal(cognito, 'CreateUserPoolClient', {
        UserPoolId: DEMO,
        ClientName: 'x',
        WriteAttributes: ['name'],
      }),
    ).toEqual(refused);
  });

  it('refuses a token validity outside its range once read in its unit', async () => {
    // 60 with no unit is 60 hours: more than the day an access token may last.
    expect(
      await refusal(engine(), 'CreateUserPoolClient', {
        UserPoolId: DEMO,
        ClientName: 'x',
        AccessTokenValidity: 60,
      }),
    ).toEqual({ name: 'InvalidParameterException', message: 'Invalid range for token validity' });
  });

  it('answers a pool it does not have with ResourceNotFoundException', async () => {
    expect(
      await refusal(engine(), 'CreateUserPoolClient', { UserPoolId: 'us-west-2_nothere00', ClientName: 'x' }),
    ).toEqual({
      name: 'ResourceNotFoundException',
      message: 'User pool us-west-2_nothere00 does not exist.',
    });
  });
});

describe('Operation: DescribeUserPoolClient, ListUserPoolClients, UpdateUserPoolClient, DeleteUserPoolClient', () => {
  it('describes a client as it was created, and answers one it does not have with ResourceNotFoundException', async () => {
    // Prepare
    const cognito = engine();
    const { UserPoolClient } = await run(cognito, 'CreateUserPoolClient', {
      UserPoolId: DEMO,
      ClientName: 'web',
    });

    // Act
    const described = await run(cognito, 'DescribeUserPoolClient', {
      UserPoolId: DEMO,
      ClientId: UserPoolClient.ClientId,
    });
    const missing = await refusal(cognito, 'DescribeUserPoolClient', {
      UserPoolId: DEMO,
      ClientId: 'nothere',
    });

    // Assess
    expect(described.UserPoolClient).toEqual(UserPoolClient);
    expect(missing).toEqual({
      name: 'ResourceNotFoundException',
      message: 'User pool client nothere does not exist.',
    });
  });

  it('lists a pool clients a page at a time', async () => {
    // Prepare
    const cognito = engine();
    await run(cognito, 'CreateUserPoolClient', { UserPoolId: DEMO, ClientName: 'third' });

    // Act
    const first = await run(cognito, 'ListUserPoolClients', { UserPoolId: DEMO, MaxResults: 2 });
    const second = await run(cognito, 'ListUserPoolClients', {
      UserPoolId: DEMO,
      MaxResults: 2,
      NextToken: first.NextToken,
    });

    // Assess
    const listed = [...first.UserPoolClients, ...second.UserPoolClients];
    expect(listed).toHaveLength(3);
    expect(listed).toContainEqual({
      ClientId: '4fk0g8ht3nq2r7m9v6c1b5d8e2',
      UserPoolId: DEMO,
      ClientName: 'acme-web',
    });
    expect(second).not.toHaveProperty('NextToken');
  });

  it('updates a client: members left out go back to their defaults, the id, secret and creation date stay', async () => {
    // Prepare
    const cognito = engine();
    const { UserPoolClient: created } = await run(cognito, 'CreateUserPoolClient', {
      UserPoolId: DEMO,
      ClientName: 'web',
      GenerateSecret: true,
      ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH'],
      AccessTokenValidity: 30,
      TokenValidityUnits: { AccessToken: 'minutes' },
    });

    // Act
    const { UserPoolClient: updated } = await run(cognito, 'UpdateUserPoolClient', {
      UserPoolId: DEMO,
      ClientId: created.ClientId,
      RefreshTokenValidity: 7,
    });

    // Assess
    expect(updated).toMatchObject({
      ClientId: created.ClientId,
      ClientName: 'web',
      ClientSecret: created.ClientSecret,
      CreationDate: created.CreationDate,
      RefreshTokenValidity: 7,
      TokenValidityUnits: {},
    });
    expect(updated).not.toHaveProperty('ExplicitAuthFlows');
    expect(updated).not.toHaveProperty('AccessTokenValidity');
  });

  it('deletes a client: its tokens stop working and describing it answers ResourceNotFoundException', async () => {
    // Prepare
    const cognito = engine();
    const { UserPoolClient } = await run(cognito, 'CreateUserPoolClient', {
      UserPoolId: DEMO,
      ClientName: 'web',
      ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH'],
    });
    const { AuthenticationResult } = await run(cognito, 'AdminInitiateAuth', {
      UserPoolId: DEMO,
      ClientId: UserPoolClient.ClientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'zoe@example.com', PASSWORD: 'Passw0rd!' },
    });

    // Act
    await run(cognito, 'DeleteUserPoolClient', { UserPoolId: DEMO, ClientId: UserPoolClient.ClientId });

    // Assess
    expect(
      await refusal(cognito, 'GetUser', { AccessToken: AuthenticationResult.AccessToken }),
    ).toMatchObject({
      name: 'NotAuthorizedException',
    });
    expect(
      await refusal(cognito, 'DeleteUserPoolClient', { UserPoolId: DEMO, ClientId: UserPoolClient.ClientId }),
    ).toEqual({
      name: 'ResourceNotFoundException',
      message: `User pool client ${UserPoolClient.ClientId} does not exist.`,
    });
  });
});
