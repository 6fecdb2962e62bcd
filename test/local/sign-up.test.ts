import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LocalCognito, Trace } from '../../src/local/local-cognito.js';
import { DEMO_POOL, type PoolDocument } from '../../src/local/pool.js';
import { ACME_CLIENT, demoPoolWith, local, POOL_ID, recording } from './helpers.js';

const errorOf = (trace: Trace) => (trace.result as { error?: { name: string; message: string } }).error;
const responseOf = (trace: Trace) => (trace.result as { response: Record<string, unknown> }).response;
const attributesOf = (user: { UserAttributes: readonly { Name: string; Value?: string }[] }) =>
  Object.fromEntries(user.UserAttributes.map((a) => [a.Name, a.Value]));
const userOf = (cognito: LocalCognito, username: string, poolId = POOL_ID) =>
  cognito.adminGetUser({ UserPoolId: poolId, Username: username }) as {
    Username: string;
    UserStatus: string;
    UserAttributes: { Name: string; Value: string }[];
  };

const signUp = (cognito: LocalCognito, request: Record<string, unknown> = {}) =>
  cognito.call('SignUp', {
    ClientId: ACME_CLIENT,
    Username: 'ana@example.com',
    Password: 'Passw0rd!',
    ...request,
  });
const confirm = (cognito: LocalCognito, code = '424242', request: Record<string, unknown> = {}) =>
  cognito.call('ConfirmSignUp', {
    ClientId: ACME_CLIENT,
    Username: 'ana@example.com',
    ConfirmationCode: code,
    ...request,
  });

/** A pool whose users sign in with a username of their own (no UsernameAttributes). */
const usernamePool = (changes: Partial<PoolDocument['UserPool']> = {}): PoolDocument => {
  const pool = demoPoolWith(changes);
  const { UsernameAttributes: _none, ...userPool } = pool.UserPool;
  return { ...pool, UserPool: { ...userPool, ...changes } };
};

afterEach(() => {
  vi.useRealTimers();
});

describe('Operation: SignUp', () => {
  it('creates an UNCONFIRMED user whose username is a new UUID equal to sub, the email filling the attribute', async () => {
    // Prepare
    const cognito = local();

    // Act
    const trace = await signUp(cognito);

    // Assess
    const { UserSub, UserConfirmed } = responseOf(trace);
    expect(UserConfirmed).toBe(false);
    expect(UserSub).toMatch(/^[0-9a-f-]{36}$/);
    const user = userOf(cognito, 'ana@example.com');
    expect(user.Username).toBe(UserSub);
    expect(user.UserStatus).toBe('UNCONFIRMED');
    expect(attributesOf(user)).toMatchObject({
      sub: UserSub,
      email: 'ana@example.com',
      email_verified: 'false',
    });
  });

  it('sends the code through the trigger as CustomMessage_SignUp to the auto-verified email', async () => {
    // Prepare
    const { handler, seen } = recording();
    const cognito = local({ handler });

    // Act
    const trace = await signUp(cognito, {
      UserAttributes: [{ Name: 'given_name', Value: 'Ana' }],
      ClientMetadata: { brand: 'acme' },
    });

    // Assess
    expect(responseOf(trace).CodeDeliveryDetails).toEqual({
      Destination: 'a***@e***',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      triggerSource: 'CustomMessage_SignUp',
      userName: responseOf(trace).UserSub,
      callerContext: { clientId: ACME_CLIENT },
      request: {
        codeParameter: '{####}',
        clientMetadata: { brand: 'acme' },
        userAttributes: {
          email: 'ana@example.com',
          given_name: 'Ana',
          'cognito:user_status': 'UNCONFIRMED',
        },
      },
    });
    expect(trace.deliveries).toMatchObject([
      {
        medium: 'EMAIL',
        destination: 'ana@example.com',
        code: '424242',
        triggerSource: 'CustomMessage_SignUp',
      },
    ]);
  });

  it('sends the code by SMS when the pool auto-verifies both and the user gives a phone number', async () => {
    // Act
    const trace = await signUp(local(), {
      UserAttributes: [{ Name: 'phone_number', Value: '+14325550100' }],
    });

    // Assess
    expect(responseOf(trace).CodeDeliveryDetails).toEqual({
      Destination: '+*******0100',
      DeliveryMedium: 'SMS',
      AttributeName: 'phone_number',
    });
  });

  it('sends nothing, and answers no CodeDeliveryDetails, when no attribute is auto-verified', async () => {
    // Prepare
    const { handler, seen } = recording();
    const cognito = local({ handler, pool: demoPoolWith({ AutoVerifiedAttributes: [] }) });

    // Act
    const trace = await signUp(cognito);

    // Assess
    expect(responseOf(trace)).not.toHaveProperty('CodeDeliveryDetails');
    expect(seen).toEqual([]);
    expect(cognito.messages()).toEqual([]);
    expect(userOf(cognito, 'ana@example.com').UserStatus).toBe('UNCONFIRMED');
  });

  it('refuses a username that is not an email address in an email-as-username pool', async () => {
    expect(errorOf(await signUp(local(), { Username: 'ana' }))).toEqual({
      name: 'InvalidParameterException',
      message: 'Username should be an email.',
    });
  });

  it('refuses an email address another user signs in with, in any case', async () => {
    expect(errorOf(await signUp(local(), { Username: 'Zoe@Example.com' }))).toEqual({
      name: 'UsernameExistsException',
      message: 'An account with the given email already exists.',
    });
  });

  it('keeps the username in a username pool, and refuses one that exists', async () => {
    // Prepare
    const cognito = local({ pool: usernamePool() });

    // Act
    const first = await signUp(cognito, {
      Username: 'ana',
      UserAttributes: [{ Name: 'email', Value: 'ana@example.com' }],
    });
    const second = await signUp(cognito, {
      Username: 'ana',
      UserAttributes: [{ Name: 'email', Value: 'other@example.com' }],
    });

    // Assess
    expect(userOf(cognito, 'ana').Username).toBe('ana');
    expect(responseOf(first).UserSub).not.toBe('ana');
    expect(errorOf(second)).toEqual({ name: 'UsernameExistsException', message: 'User already exists' });
  });

  it('refuses an email-format username in an email-alias pool', async () => {
    const cognito = local({ pool: usernamePool({ AliasAttributes: ['email'] }) });
    expect(errorOf(await signUp(cognito))).toEqual({
      name: 'InvalidParameterException',
      message: 'Username cannot be of email format, since user pool is configured for email alias.',
    });
  });

  it('names a required attribute the request lacks', async () => {
    // Prepare
    const schema = (DEMO_POOL.UserPool.SchemaAttributes ?? []).map((a) =>
      a.Name === 'given_name' ? { ...a, Required: true } : a,
    );

    // Act
    const trace = await signUp(local({ pool: demoPoolWith({ SchemaAttributes: schema }) }));

    // Assess
    expect(errorOf(trace)).toEqual({
      name: 'InvalidParameterException',
      message: 'Attributes did not conform to the schema: given_name: the attribute is required',
    });
  });

  it('refuses an attribute outside the schema, and one the app client may not write', async () => {
    expect(errorOf(await signUp(local(), { UserAttributes: [{ Name: 'custom:nope', Value: 'x' }] }))).toEqual(
      {
        name: 'InvalidParameterException',
        message: 'user.custom:nope: Attribute does not exist in the schema.\n',
      },
    );
    expect(
      errorOf(await signUp(local(), { UserAttributes: [{ Name: 'custom:brand', Value: 'x' }] })),
    ).toEqual({
      name: 'NotAuthorizedException',
      message: 'A client attempted to write unauthorized attribute',
    });
  });

  it('checks the password against the pool’s policy, one rule named', async () => {
    // Prepare
    const pool = {
      ...demoPoolWith({}),
      UserPool: {
        ...demoPoolWith({}).UserPool,
        Policies: {
          PasswordPolicy: {
            MinimumLength: 10,
            RequireUppercase: true,
            RequireLowercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          },
        },
      },
    } as PoolDocument;
    const cases = [
      ['Pa0!', 'Password not long enough'],
      ['passw0rd!long', 'Password must have uppercase characters'],
      ['PASSW0RD!LONG', 'Password must have lowercase characters'],
      ['Password!long', 'Password must have numeric characters'],
      ['Passw0rdlong', 'Password must have symbol characters'],
    ] as const;

    // Act & Assess
    for (const [password, rule] of cases)
      expect(errorOf(await signUp(local({ pool }), { Password: password }))).toEqual({
        name: 'InvalidPasswordException',
        message: `Password did not conform with policy: ${rule}`,
      });
    expect(errorOf(await signUp(local({ pool }), { Password: 'Passw0rd! long' }))?.message).toMatch(
      /^1 validation error detected: Value at 'password' failed to satisfy constraint/,
    );
    expect(responseOf(await signUp(local({ pool }), { Password: 'Passw0rd!long' })).UserConfirmed).toBe(
      false,
    );
  });

  it('applies the default policy, with a note, when the pool sets none', async () => {
    const trace = await signUp(local(), { Password: 'password' });
    expect(errorOf(trace)?.message).toBe(
      'Password did not conform with policy: Password must have uppercase characters',
    );
    expect(trace.notes.join('\n')).toContain('[UNC] the pool sets no Policies.PasswordPolicy');
  });

  it('answers an unknown app client with ResourceNotFoundException', async () => {
    expect(errorOf(await signUp(local(), { ClientId: 'nope' }))).toEqual({
      name: 'ResourceNotFoundException',
      message: 'User pool client nope does not exist.',
    });
  });

  it('answers a request without a password with the validation text, its value left out', async () => {
    expect(errorOf(await signUp(local(), { Password: undefined }))).toEqual({
      name: 'InvalidParameterException',
      message:
        "1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null",
    });
  });

  it('needs the secret hash of a client with a secret', async () => {
    // Prepare
    const base = demoPoolWith({});
    const secret = 'local-client-secret-0123456789';
    const pool: PoolDocument = {
      ...base,
      UserPoolClients: (base.UserPoolClients ?? []).map((c) =>
        c.ClientId === ACME_CLIENT ? { ...c, ClientSecret: secret } : c,
      ),
    };
    const hash = createHmac('sha256', secret).update(`ana@example.com${ACME_CLIENT}`).digest('base64');

    // Act
    const missing = await signUp(local({ pool }));
    const wrong = await signUp(local({ pool }), { SecretHash: 'd3Jvbmc=' });
    const right = await signUp(local({ pool }), { SecretHash: hash });

    // Assess
    expect(errorOf(missing)).toEqual({
      name: 'NotAuthorizedException',
      message: `Client ${ACME_CLIENT} is configured with secret but SECRET_HASH was not received`,
    });
    expect(errorOf(wrong)).toEqual({
      name: 'NotAuthorizedException',
      message: `Unable to verify secret hash for client ${ACME_CLIENT}`,
    });
    expect(responseOf(right).UserConfirmed).toBe(false);
  });

  it('sends a link from the link template when the pool confirms with a link', async () => {
    // Prepare
    const pool = demoPoolWith({
      VerificationMessageTemplate: {
        DefaultEmailOption: 'CONFIRM_WITH_LINK',
        EmailMessageByLink: 'Welcome! {##Confirm your address##}',
        EmailSubjectByLink: 'Confirm your address',
      } as NonNullable<PoolDocument['UserPool']['VerificationMessageTemplate']>,
    });
    const { handler, seen } = recording();

    // Act
    const trace = await signUp(local({ pool, handler }));

    // Assess
    expect(seen[0]?.request).toMatchObject({ linkParameter: '{##Click Here##}' });
    const [message] = trace.deliveries;
    expect(message?.subject).toBe('Confirm your address');
    expect(message?.html).toMatch(
      /^Welcome! <a href="https:\/\/local\.auth\.us-west-2\.amazoncognito\.com\/confirmUser\?client_id=4fk0g8ht3nq2r7m9v6c1b5d8e2&amp;user_name=[0-9a-f-]{36}&amp;confirmation_code=424242">Confirm your address<\/a>$/,
    );
  });

  it('creates nothing and sends nothing when the trigger throws', async () => {
    // Prepare
    const cognito = local({
      handler: async () => {
        throw new Error('Pending for approval');
      },
    });

    // Act
    const trace = await signUp(cognito);

    // Assess
    expect(errorOf(trace)).toEqual({
      name: 'UserLambdaValidationException',
      message: 'CustomMessage failed with error Pending for approval.',
    });
    expect(() => userOf(cognito, 'ana@example.com')).toThrow('User does not exist.');
    expect(cognito.messages()).toEqual([]);
  });
});

describe('Operation: ConfirmSignUp', () => {
  it('confirms the user with the code and verifies the email the code went to', async () => {
    // Prepare
    const cognito = local();
    await signUp(cognito);

    // Act
    const trace = await confirm(cognito);

    // Assess
    expect(responseOf(trace)).toEqual({});
    const user = userOf(cognito, 'ana@example.com');
    expect(user.UserStatus).toBe('CONFIRMED');
    expect(attributesOf(user).email_verified).toBe('true');
  });

  it('answers a wrong code with CodeMismatchException, and the right one still confirms', async () => {
    // Prepare
    const cognito = local();
    await signUp(cognito);

    // Act
    const wrong = await confirm(cognito, '000000');
    const right = await confirm(cognito);

    // Assess
    expect(errorOf(wrong)).toEqual({
      name: 'CodeMismatchException',
      message: 'Invalid verification code provided, please try again.',
    });
    expect(responseOf(right)).toEqual({});
  });

  it('answers a code older than 24 hours with ExpiredCodeException', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
    const cognito = local();
    await signUp(cognito);
    vi.setSystemTime(new Date('2026-03-02T10:00:01Z'));

    // Act
    const trace = await confirm(cognito);

    // Assess
    expect(errorOf(trace)).toEqual({
      name: 'ExpiredCodeException',
      message: 'Invalid code provided, please request a code again.',
    });
    expect(userOf(cognito, 'ana@example.com').UserStatus).toBe('UNCONFIRMED');
  });

  it('refuses every code after five wrong ones with LimitExceededException', async () => {
    // Prepare
    const cognito = local();
    await signUp(cognito);
    for (let i = 0; i < 5; i++) await confirm(cognito, '000000');

    // Act
    const trace = await confirm(cognito);

    // Assess
    expect(errorOf(trace)).toEqual({
      name: 'LimitExceededException',
      message: 'Attempt limit exceeded, please try after some time.',
    });
  });

  it('refuses a confirmed user with NotAuthorizedException naming the status', async () => {
    expect(errorOf(await confirm(local(), '424242', { Username: 'zoe@example.com' }))).toEqual({
      name: 'NotAuthorizedException',
      message: 'User cannot be confirmed. Current status is CONFIRMED',
    });
  });

  it('answers an unknown user with UserNotFoundException', async () => {
    expect(errorOf(await confirm(local(), '424242', { Username: 'nobody@example.com' }))).toEqual({
      name: 'UserNotFoundException',
      message: 'User does not exist.',
    });
  });

  it('refuses an email alias another user holds, unless ForceAliasCreation moves it', async () => {
    // Prepare
    const pool = usernamePool({ AliasAttributes: ['email'], AutoVerifiedAttributes: ['email'] });
    const cognito = local({ pool });
    await signUp(cognito, {
      Username: 'zoe2',
      UserAttributes: [{ Name: 'email', Value: 'zoe@example.com' }],
    });

    // Act
    const refused = await confirm(cognito, '424242', { Username: 'zoe2' });
    const forced = await confirm(cognito, '424242', { Username: 'zoe2', ForceAliasCreation: true });

    // Assess
    expect(errorOf(refused)).toEqual({
      name: 'AliasExistsException',
      message: 'An account with the given email already exists.',
    });
    expect(responseOf(forced)).toEqual({});
    expect(attributesOf(userOf(cognito, '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b')).email_verified).toBe(
      'false',
    );
    expect(attributesOf(userOf(cognito, 'zoe2')).email_verified).toBe('true');
  });
});

describe('Operation: ResendConfirmationCode', () => {
  it('sends a new code as CustomMessage_ResendCode, which replaces the first', async () => {
    // Prepare
    const codes = ['111111', '222222'];
    const { handler, seen } = recording();
    const cognito = local({ handler, code: () => codes.shift() ?? '999999' });
    await signUp(cognito);

    // Act
    const trace = await cognito.call('ResendConfirmationCode', {
      ClientId: ACME_CLIENT,
      Username: 'ana@example.com',
    });

    // Assess
    expect(responseOf(trace).CodeDeliveryDetails).toEqual({
      Destination: 'a***@e***',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    });
    expect(seen.map((event) => event.triggerSource)).toEqual([
      'CustomMessage_SignUp',
      'CustomMessage_ResendCode',
    ]);
    expect(errorOf(await confirm(cognito, '111111'))?.name).toBe('CodeMismatchException');
    expect(responseOf(await confirm(cognito, '222222'))).toEqual({});
  });

  it('refuses a confirmed user with InvalidParameterException', async () => {
    const trace = await local().call('ResendConfirmationCode', {
      ClientId: ACME_CLIENT,
      Username: 'zoe@example.com',
    });
    expect(errorOf(trace)).toEqual({
      name: 'InvalidParameterException',
      message: 'User is already confirmed.',
    });
  });

  it('refuses when the user has no auto-verified attribute to send to', async () => {
    // Prepare
    const cognito = local({ pool: demoPoolWith({ AutoVerifiedAttributes: [] }) });
    await signUp(cognito);

    // Act
    const trace = await cognito.call('ResendConfirmationCode', {
      ClientId: ACME_CLIENT,
      Username: 'ana@example.com',
    });

    // Assess
    expect(errorOf(trace)).toEqual({
      name: 'InvalidParameterException',
      message: 'Cannot resend codes. Auto verification not turned on.',
    });
  });
});

describe('Operation: AdminConfirmSignUp', () => {
  it('confirms an UNCONFIRMED user without a code, the email left unverified', async () => {
    // Prepare
    const cognito = local();
    await signUp(cognito);

    // Act
    const trace = await cognito.call('AdminConfirmSignUp', {
      UserPoolId: POOL_ID,
      Username: 'ana@example.com',
    });

    // Assess
    expect(responseOf(trace)).toEqual({});
    const user = userOf(cognito, 'ana@example.com');
    expect(user.UserStatus).toBe('CONFIRMED');
    expect(attributesOf(user).email_verified).toBe('false');
  });

  it('refuses a confirmed user with NotAuthorizedException', async () => {
    const trace = await local().call('AdminConfirmSignUp', {
      UserPoolId: POOL_ID,
      Username: 'zoe@example.com',
    });
    expect(errorOf(trace)).toEqual({
      name: 'NotAuthorizedException',
      message: 'User cannot be confirmed. Current status is CONFIRMED',
    });
  });
});
