import { describe, expect, it } from 'vitest';
import { diego, local, POOL_ID, tokenFor, update } from './helpers.js';

const errorOf = (trace: { result: object }) =>
  (trace.result as { error?: { name: string; message: string } }).error;

describe('Request validation, in Cognito’s words', () => {
  it('rejects a malformed user pool id with the pattern, and an empty one with length and pattern', async () => {
    const cognito = local();
    const bad = await cognito.adminUpdateUserAttributes({
      UserPoolId: 'bad pool',
      Username: 'x',
      UserAttributes: [],
    });
    expect(errorOf(bad)).toEqual({
      name: 'InvalidParameterException',
      message:
        "1 validation error detected: Value 'bad pool' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+",
    });
    const empty = await cognito.adminUpdateUserAttributes({
      UserPoolId: '',
      Username: 'x',
      UserAttributes: [],
    });
    expect(errorOf(empty)?.message).toMatch(
      /^2 validation errors detected: Value '' at 'userPoolId'.*greater than or equal to 1; Value '' at 'userPoolId'.*pattern/,
    );
  });

  it('leaves the value of a sensitive member out of the message', async () => {
    const trace = await local().adminUpdateUserAttributes({
      UserPoolId: POOL_ID,
      Username: 'x'.repeat(129),
      UserAttributes: [],
    });
    expect(errorOf(trace)?.message).toBe(
      "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must have length less than or equal to 128",
    );
  });

  it('reports an empty attribute name twice, with 1-based member paths, as observed', async () => {
    const trace = await update(local(), { '': 'x' });
    expect(errorOf(trace)?.message).toBe(
      "2 validation errors detected: Value '' at 'userAttributes.1.member.name' failed to satisfy constraint: Member must have length greater than or equal to 1; Value '' at 'userAttributes.1.member.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
    );
  });

  it('reports a missing attribute name as null', async () => {
    const trace = await local().adminUpdateUserAttributes({
      UserPoolId: POOL_ID,
      Username: 'diego@example.com',
      UserAttributes: [{ Value: 'x' } as never],
    });
    expect(errorOf(trace)?.message).toBe(
      "1 validation error detected: Value null at 'userAttributes.1.member.name' failed to satisfy constraint: Member must not be null",
    );
  });

  it('limits a value to 2048 characters without showing it', async () => {
    const trace = await update(local(), { given_name: 'x'.repeat(2049) });
    expect(errorOf(trace)?.message).toBe(
      "1 validation error detected: Value at 'userAttributes.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 2048",
    );
  });

  it('rejects an access token outside its pattern without showing it', async () => {
    const trace = await local().updateUserAttributes({ AccessToken: 'not a token!', UserAttributes: [] });
    expect(errorOf(trace)).toEqual({
      name: 'InvalidParameterException',
      message:
        "1 validation error detected: Value at 'accessToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9-_=.]+",
    });
  });

  it('rejects a ClientMetadata value over 131,072 characters', async () => {
    const trace = await update(
      local(),
      { given_name: 'D' },
      { ClientMetadata: { note: 'n'.repeat(131_073) } },
    );
    expect(errorOf(trace)?.message).toMatch(
      /^1 validation error detected: Value at 'clientMetadata' failed to satisfy constraint/,
    );
  });

  it('answers an unknown pool with ResourceNotFoundException and an unknown user with UserNotFoundException', async () => {
    const cognito = local();
    expect(
      errorOf(
        await cognito.adminUpdateUserAttributes({
          UserPoolId: 'us-west-2_zzzzzzzzz',
          Username: 'x',
          UserAttributes: [],
        }),
      ),
    ).toEqual({
      name: 'ResourceNotFoundException',
      message: 'User pool us-west-2_zzzzzzzzz does not exist.',
    });
    expect(
      errorOf(
        await cognito.adminUpdateUserAttributes({
          UserPoolId: POOL_ID,
          Username: 'nobody@example.com',
          UserAttributes: [],
        }),
      ),
    ).toEqual({ name: 'UserNotFoundException', message: 'User does not exist.' });
  });
});

describe('Access tokens', () => {
  it('accepts a token from admin-initiate-auth', async () => {
    const cognito = local();
    const trace = await cognito.updateUserAttributes({
      AccessToken: tokenFor(cognito),
      UserAttributes: [{ Name: 'given_name', Value: 'Dieguito' }],
    });
    expect(trace.result).toEqual({ response: {} });
  });

  it('says an expired token has expired', async () => {
    const cognito = local();
    const user = cognito.pool(POOL_ID)?.Users?.[0];
    const token = cognito.issueAccessToken(
      POOL_ID,
      '4fk0g8ht3nq2r7m9v6c1b5d8e2',
      user as never,
      Math.floor(Date.now() / 1000) - 7200,
    );
    expect(errorOf(await cognito.updateUserAttributes({ AccessToken: token, UserAttributes: [] }))).toEqual({
      name: 'NotAuthorizedException',
      message: 'Access Token has expired',
    });
  });

  it.each([
    ['tampered with', (token: string) => `${token.slice(0, -4)}AAAA`],
    [
      'with a changed payload',
      (token: string) => {
        const [h, p, s] = token.split('.');
        const claims = JSON.parse(Buffer.from(p as string, 'base64url').toString());
        return [
          h,
          Buffer.from(JSON.stringify({ ...claims, username: 'someone-else' })).toString('base64url'),
          s,
        ].join('.');
      },
    ],
    ['not a JWT at all', () => 'abc.def'],
    [
      'from another pool',
      (token: string) => {
        const [, p] = token.split('.');
        const claims = JSON.parse(Buffer.from(p as string, 'base64url').toString());
        const foreign = { ...claims, iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_bbbbbbbbb' };
        return [
          token.split('.')[0],
          Buffer.from(JSON.stringify(foreign)).toString('base64url'),
          token.split('.')[2],
        ].join('.');
      },
    ],
  ])('calls a token %s invalid', async (_, forge) => {
    const cognito = local();
    const token = forge(tokenFor(cognito));
    expect(errorOf(await cognito.updateUserAttributes({ AccessToken: token, UserAttributes: [] }))).toEqual({
      name: 'NotAuthorizedException',
      message: 'Invalid Access Token',
    });
  });

  it('refuses a token without the aws.cognito.signin.user.admin scope', async () => {
    const cognito = local();
    const user = cognito.pool(POOL_ID)?.Users?.[0];
    const token = cognito.issueAccessToken(
      POOL_ID,
      '4fk0g8ht3nq2r7m9v6c1b5d8e2',
      user as never,
      undefined,
      'openid email',
    );
    expect(errorOf(await cognito.updateUserAttributes({ AccessToken: token, UserAttributes: [] }))).toEqual({
      name: 'NotAuthorizedException',
      message: 'Access Token does not have required scopes',
    });
  });

  it('answers a wrong password with Incorrect username or password.', () => {
    expect(() =>
      local().adminInitiateAuth({
        UserPoolId: POOL_ID,
        ClientId: '4fk0g8ht3nq2r7m9v6c1b5d8e2',
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'diego@example.com', PASSWORD: 'nope' },
      }),
    ).toThrow('Incorrect username or password.');
  });

  it('keeps the user as it was after every failed call', async () => {
    const cognito = local();
    const before = diego(cognito);
    await update(cognito, { given_name: 'x'.repeat(2049) });
    await cognito.updateUserAttributes({
      AccessToken: 'abc.def.ghi',
      UserAttributes: [{ Name: 'given_name', Value: 'X' }],
    });
    expect(diego(cognito)).toEqual(before);
  });
});
