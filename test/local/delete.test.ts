import { describe, expect, it } from 'vitest';
import { LocalCognito, type Trace } from '../../src/local/local-cognito.js';
import { EXAMPLE_POOL } from '../../src/local/pool.js';
import { ACME_CLIENT, POOL_ID, tokenFor } from './helpers.js';

const errorOf = (trace: Trace) => (trace.result as { error?: { name: string; message: string } }).error;
const responseOf = (trace: Trace) => (trace.result as { response: Record<string, unknown> }).response;
const attributesOf = (cognito: LocalCognito, username = 'diego@example.com', poolId = POOL_ID) =>
  Object.fromEntries(
    (
      cognito.adminGetUser({ UserPoolId: poolId, Username: username }) as {
        UserAttributes: { Name: string; Value: string }[];
      }
    ).UserAttributes.map((a) => [a.Name, a.Value]),
  );

const deleteAttributes = (cognito: LocalCognito, names: readonly string[], request: object = {}) =>
  cognito.call('AdminDeleteUserAttributes', {
    UserPoolId: POOL_ID,
    Username: 'diego@example.com',
    UserAttributeNames: names,
    ...request,
  });

describe('Operation: AdminDeleteUser', () => {
  it('removes the user: AdminGetUser and their access token find no one', async () => {
    // Prepare
    const cognito = new LocalCognito({});
    const accessToken = tokenFor(cognito);

    // Act
    const trace = await cognito.call('AdminDeleteUser', {
      UserPoolId: POOL_ID,
      Username: 'diego@example.com',
    });

    // Assess
    expect(responseOf(trace)).toEqual({});
    expect(() => attributesOf(cognito)).toThrow('User does not exist.');
    expect(errorOf(await cognito.call('GetUser', { AccessToken: accessToken }))).toEqual({
      name: 'UserNotFoundException',
      message: 'User does not exist.',
    });
    expect(attributesOf(cognito, 'zoe@example.com').email).toBe('zoe@example.com');
  });

  it('answers UserNotFoundException for a user that does not exist', async () => {
    // Act
    const trace = await new LocalCognito({}).call('AdminDeleteUser', {
      UserPoolId: POOL_ID,
      Username: 'nobody@example.com',
    });

    // Assess
    expect(errorOf(trace)).toEqual({ name: 'UserNotFoundException', message: 'User does not exist.' });
  });

  it('answers ResourceNotFoundException for a pool that does not exist', async () => {
    // Act
    const trace = await new LocalCognito({}).call('AdminDeleteUser', {
      UserPoolId: 'us-west-2_nothere',
      Username: 'diego@example.com',
    });

    // Assess
    expect(errorOf(trace)).toEqual({
      name: 'ResourceNotFoundException',
      message: 'User pool us-west-2_nothere does not exist.',
    });
  });
});

describe('Operation: AdminDeleteUserAttributes', () => {
  it('removes standard, custom and developer-only attributes', async () => {
    // Prepare
    const cognito = new LocalCognito({});
    await cognito.call('AdminUpdateUserAttributes', {
      UserPoolId: POOL_ID,
      Username: 'diego@example.com',
      UserAttributes: [{ Name: 'dev:custom:tier', Value: 'gold' }],
    });

    // Act
    const trace = await deleteAttributes(cognito, ['given_name', 'custom:CustomAttr1', 'dev:custom:tier']);

    // Assess
    expect(responseOf(trace)).toEqual({});
    const attributes = attributesOf(cognito);
    expect(attributes).not.toHaveProperty('given_name');
    expect(attributes).not.toHaveProperty('custom:CustomAttr1');
    expect(attributes).not.toHaveProperty('dev:custom:tier');
    expect(attributes.family_name).toBe('Ramirez');
  });

  it('removes an email address with its email_verified flag', async () => {
    // Prepare
    const cognito = new LocalCognito({ pool: EXAMPLE_POOL });

    // Act
    await deleteAttributes(cognito, ['email'], {
      UserPoolId: EXAMPLE_POOL.UserPool.Id,
      Username: 'testuser',
    });

    // Assess
    const attributes = attributesOf(cognito, 'testuser', EXAMPLE_POOL.UserPool.Id);
    expect(attributes).not.toHaveProperty('email');
    expect(attributes).not.toHaveProperty('email_verified');
  });

  it('changes nothing for an attribute the user has no value for', async () => {
    // Prepare
    const cognito = new LocalCognito({});
    const before = attributesOf(cognito);

    // Act
    const trace = await deleteAttributes(cognito, ['nickname']);

    // Assess
    expect(errorOf(trace)).toBeUndefined();
    expect(attributesOf(cognito)).toEqual(before);
  });

  it.each([
    [['email'], 'Attributes did not conform to the schema: email: the attribute is required'],
    [['sub'], 'Cannot modify the non-mutable attribute sub'],
    [['CustomAttr1'], 'user.CustomAttr1: Attribute does not exist in the schema.\n'],
    [['custom:employee_id'], 'user.custom:employee_id: Attribute cannot be updated.\n'],
  ])('refuses to delete %j', async (names, message) => {
    // Prepare
    const cognito = new LocalCognito({});
    const before = attributesOf(cognito);

    // Act
    const trace = await deleteAttributes(cognito, names);

    // Assess
    expect(errorOf(trace)).toEqual({ name: 'InvalidParameterException', message });
    expect(attributesOf(cognito)).toEqual(before);
  });

  it('needs UserAttributeNames', async () => {
    // Act
    const trace = await deleteAttributes(new LocalCognito({}), undefined as never);

    // Assess
    expect(errorOf(trace)?.message).toBe(
      "1 validation error detected: Value null at 'userAttributeNames' failed to satisfy constraint: Member must not be null",
    );
  });

  it('answers UserNotFoundException for a user that does not exist', async () => {
    // Act
    const trace = await deleteAttributes(new LocalCognito({}), ['given_name'], {
      Username: 'nobody@example.com',
    });

    // Assess
    expect(errorOf(trace)).toEqual({ name: 'UserNotFoundException', message: 'User does not exist.' });
  });
});

describe('Operation: DeleteUserAttributes', () => {
  it("removes the signed-in user's own attributes", async () => {
    // Prepare
    const cognito = new LocalCognito({});

    // Act
    const trace = await cognito.call('DeleteUserAttributes', {
      AccessToken: tokenFor(cognito),
      UserAttributeNames: ['locale'],
    });

    // Assess
    expect(responseOf(trace)).toEqual({});
    expect(attributesOf(cognito)).not.toHaveProperty('locale');
  });

  it('refuses an attribute the app client may not write', async () => {
    // Prepare
    const cognito = new LocalCognito({});

    // Act
    const trace = await cognito.call('DeleteUserAttributes', {
      AccessToken: tokenFor(cognito, ACME_CLIENT, 'zoe@example.com'),
      UserAttributeNames: ['custom:brand'],
    });

    // Assess
    expect(errorOf(trace)).toEqual({
      name: 'NotAuthorizedException',
      message: 'A client attempted to write unauthorized attribute',
    });
  });

  it('refuses an access token that GlobalSignOut revoked', async () => {
    // Prepare
    const cognito = new LocalCognito({});
    const accessToken = tokenFor(cognito);
    await cognito.call('GlobalSignOut', { AccessToken: accessToken });

    // Act
    const trace = await cognito.call('DeleteUserAttributes', {
      AccessToken: accessToken,
      UserAttributeNames: ['locale'],
    });

    // Assess
    expect(errorOf(trace)).toEqual({
      name: 'NotAuthorizedException',
      message: 'Access Token has been revoked',
    });
    expect(attributesOf(cognito).locale).toBe('en');
  });
});
