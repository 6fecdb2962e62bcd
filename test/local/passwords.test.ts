import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LocalCognito, Trace } from '../../src/local/local-cognito.js';
import { checkPasswordPolicy } from '../../src/local/passwords.js';
import type { PoolDocument } from '../../src/local/pool.js';
import { ACME_CLIENT, demoPoolWith, local, POOL_ID, recording, tokenFor } from './helpers.js';

const errorOf = (trace: Trace) => (trace.result as { error?: { name: string; message: string } }).error;
const responseOf = (trace: Trace) => (trace.result as { response: Record<string, unknown> }).response;
const statusOf = (cognito: LocalCognito, username: string) =>
  (cognito.adminGetUser({ UserPoolId: POOL_ID, Username: username }) as { UserStatus: string }).UserStatus;
const signsIn = (cognito: LocalCognito, username: string, password: string) => {
  try {
    cognito.adminInitiateAuth({
      UserPoolId: POOL_ID,
      ClientId: ACME_CLIENT,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    });
    return true;
  } catch {
    return false;
  }
};

const forgot = (cognito: LocalCognito, username = 'zoe@example.com') =>
  cognito.call('ForgotPassword', { ClientId: ACME_CLIENT, Username: username });
const confirmForgot = (
  cognito: LocalCognito,
  code = '424242',
  password = 'N3w-passw0rd',
  username = 'zoe@example.com',
) =>
  cognito.call('ConfirmForgotPassword', {
    ClientId: ACME_CLIENT,
    Username: username,
    ConfirmationCode: code,
    Password: password,
  });
const setPassword = (cognito: LocalCognito, Permanent: boolean, username = 'zoe@example.com') =>
  cognito.call('AdminSetUserPassword', {
    UserPoolId: POOL_ID,
    Username: username,
    Password: 'Set-passw0rd',
    Permanent,
  });

afterEach(() => {
  vi.useRealTimers();
});

describe('Operation: ForgotPassword', () => {
  it('sends CustomMessage_ForgotPassword to the verified email address and answers CodeDeliveryDetails', async () => {
    // Prepare
    const { handler, seen } = recording();
    const cognito = local({ handler });

    // Act
    const trace = await cognito.call('ForgotPassword', {
      ClientId: ACME_CLIENT,
      Username: 'zoe@example.com',
      ClientMetadata: { brand: 'globex' },
    });

    // Assess
    expect(responseOf(trace)).toEqual({
      CodeDeliveryDetails: { Destination: 'z***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
    });
    expect(seen[0]).toMatchObject({
      triggerSource: 'CustomMessage_ForgotPassword',
      callerContext: { clientId: ACME_CLIENT },
      request: { clientMetadata: { brand: 'globex' } },
    });
    expect(trace.deliveries).toMatchObject([{ destination: 'zoe@example.com', code: '424242' }]);
  });

  it('prefers SMS when the pool sets no AccountRecoverySetting and the phone number is verified', async () => {
    const trace = await forgot(local(), 'diego@example.com');
    expect(responseOf(trace).CodeDeliveryDetails).toMatchObject({ DeliveryMedium: 'SMS' });
  });

  it('follows AccountRecoverySetting’s priorities', async () => {
    // Prepare
    const base = demoPoolWith({});
    const pool = {
      ...base,
      UserPool: {
        ...base.UserPool,
        AccountRecoverySetting: {
          RecoveryMechanisms: [
            { Name: 'verified_phone_number', Priority: 2 },
            { Name: 'verified_email', Priority: 1 },
          ],
        },
      },
    } as PoolDocument;

    // Act
    const trace = await forgot(local({ pool }), 'diego@example.com');

    // Assess
    expect(responseOf(trace).CodeDeliveryDetails).toMatchObject({ DeliveryMedium: 'EMAIL' });
  });

  it('refuses a user with no verified email address or phone number', async () => {
    // Prepare
    const cognito = local();
    await cognito.call('SignUp', {
      ClientId: ACME_CLIENT,
      Username: 'ana@example.com',
      Password: 'Passw0rd!',
    });

    // Act
    const trace = await forgot(cognito, 'ana@example.com');

    // Assess
    expect(errorOf(trace)).toEqual({
      name: 'InvalidParameterException',
      message: 'Cannot reset password for the user as there is no registered/verified email or phone_number',
    });
  });

  it('refuses a user who must change a temporary password', async () => {
    // Prepare
    const cognito = local();
    await setPassword(cognito, false);

    // Act
    const trace = await forgot(cognito);

    // Assess
    expect(errorOf(trace)).toEqual({
      name: 'NotAuthorizedException',
      message: 'User password cannot be reset in the current state.',
    });
  });

  it('answers an unknown user with UserNotFoundException', async () => {
    expect(errorOf(await forgot(local(), 'nobody@example.com'))).toEqual({
      name: 'UserNotFoundException',
      message: 'User does not exist.',
    });
  });

  it('keeps no code when the trigger fails', async () => {
    // Prepare
    const cognito = local({ handler: async () => null });

    // Act
    const trace = await forgot(cognito);

    // Assess
    expect(errorOf(trace)).toEqual({
      name: 'InvalidLambdaResponseException',
      message: 'Unrecognizable lambda output',
    });
    expect(errorOf(await confirmForgot(cognito))?.name).toBe('ExpiredCodeException');
  });
});

describe('Operation: ConfirmForgotPassword', () => {
  it('sets the new password with the code: the user is CONFIRMED and signs in with it', async () => {
    // Prepare
    const cognito = local();
    await forgot(cognito);

    // Act
    const trace = await confirmForgot(cognito);

    // Assess
    expect(responseOf(trace)).toEqual({});
    expect(statusOf(cognito, 'zoe@example.com')).toBe('CONFIRMED');
    expect(signsIn(cognito, 'zoe@example.com', 'N3w-passw0rd')).toBe(true);
    expect(signsIn(cognito, 'zoe@example.com', 'Passw0rd!')).toBe(false);
  });

  it('answers a wrong code with CodeMismatchException and a used one with ExpiredCodeException', async () => {
    // Prepare
    const cognito = local();
    await forgot(cognito);

    // Act
    const wrong = await confirmForgot(cognito, '000000');
    await confirmForgot(cognito);
    const used = await confirmForgot(cognito);

    // Assess
    expect(errorOf(wrong)).toEqual({
      name: 'CodeMismatchException',
      message: 'Invalid verification code provided, please try again.',
    });
    expect(errorOf(used)).toEqual({
      name: 'ExpiredCodeException',
      message: 'Invalid code provided, please request a code again.',
    });
  });

  it('answers a code older than one hour with ExpiredCodeException', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
    const cognito = local();
    await forgot(cognito);
    vi.setSystemTime(new Date('2026-03-01T11:00:01Z'));

    // Act
    const trace = await confirmForgot(cognito);

    // Assess
    expect(errorOf(trace)?.name).toBe('ExpiredCodeException');
    expect(signsIn(cognito, 'zoe@example.com', 'Passw0rd!')).toBe(true);
  });

  it('refuses every code after five wrong ones with LimitExceededException', async () => {
    // Prepare
    const cognito = local();
    await forgot(cognito);
    for (let i = 0; i < 5; i++) await confirmForgot(cognito, '000000');

    // Act
    const trace = await confirmForgot(cognito);

    // Assess
    expect(errorOf(trace)).toEqual({
      name: 'LimitExceededException',
      message: 'Attempt limit exceeded, please try after some time.',
    });
  });

  it('refuses a new password that breaks the policy, and keeps the code', async () => {
    // Prepare
    const cognito = local();
    await forgot(cognito);

    // Act
    const weak = await confirmForgot(cognito, '424242', 'Sh0rt!');
    const strong = await confirmForgot(cognito, '424242', 'Longer-passw0rd');

    // Assess
    expect(errorOf(weak)).toEqual({
      name: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password not long enough',
    });
    expect(responseOf(strong)).toEqual({});
  });
});

describe('Operation: AdminResetUserPassword', () => {
  it('puts the user in RESET_REQUIRED and sends a ForgotPassword code that ConfirmForgotPassword takes', async () => {
    // Prepare
    const { handler, seen } = recording();
    const cognito = local({ handler });

    // Act
    const trace = await cognito.call('AdminResetUserPassword', {
      UserPoolId: POOL_ID,
      Username: 'zoe@example.com',
    });

    // Assess
    expect(responseOf(trace)).toEqual({});
    expect(statusOf(cognito, 'zoe@example.com')).toBe('RESET_REQUIRED');
    expect(seen[0]).toMatchObject({
      triggerSource: 'CustomMessage_ForgotPassword',
      callerContext: { clientId: 'CLIENT_ID_NOT_APPLICABLE' },
      request: { userAttributes: { 'cognito:user_status': 'RESET_REQUIRED' } },
    });
    expect(responseOf(await confirmForgot(cognito))).toEqual({});
    expect(statusOf(cognito, 'zoe@example.com')).toBe('CONFIRMED');
  });

  it('answers an unknown user with UserNotFoundException', async () => {
    const trace = await local().call('AdminResetUserPassword', {
      UserPoolId: POOL_ID,
      Username: 'nobody@example.com',
    });
    expect(errorOf(trace)).toEqual({ name: 'UserNotFoundException', message: 'User does not exist.' });
  });
});

describe('Operation: ChangePassword', () => {
  it('sets the new password when the previous one matches', async () => {
    // Prepare
    const cognito = local();
    const AccessToken = tokenFor(cognito, ACME_CLIENT, 'zoe@example.com');

    // Act
    const trace = await cognito.call('ChangePassword', {
      AccessToken,
      PreviousPassword: 'Passw0rd!',
      ProposedPassword: 'Changed-passw0rd',
    });

    // Assess
    expect(responseOf(trace)).toEqual({});
    expect(signsIn(cognito, 'zoe@example.com', 'Changed-passw0rd')).toBe(true);
  });

  it('refuses a wrong previous password, then a new one that breaks the policy', async () => {
    // Prepare
    const cognito = local();
    const AccessToken = tokenFor(cognito, ACME_CLIENT, 'zoe@example.com');

    // Act
    const wrong = await cognito.call('ChangePassword', {
      AccessToken,
      PreviousPassword: 'Wrong-passw0rd',
      ProposedPassword: 'Changed-passw0rd',
    });
    const weak = await cognito.call('ChangePassword', {
      AccessToken,
      PreviousPassword: 'Passw0rd!',
      ProposedPassword: 'changed-passw0rd',
    });

    // Assess
    expect(errorOf(wrong)).toEqual({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    expect(errorOf(weak)).toEqual({
      name: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password must have uppercase characters',
    });
    expect(signsIn(cognito, 'zoe@example.com', 'Passw0rd!')).toBe(true);
  });
});

describe('Operation: AdminSetUserPassword', () => {
  it('makes the user CONFIRMED with a permanent password, FORCE_CHANGE_PASSWORD with a temporary one', async () => {
    // Prepare
    const cognito = local();

    // Act
    await setPassword(cognito, false);
    const temporary = statusOf(cognito, 'zoe@example.com');
    await setPassword(cognito, true);

    // Assess
    expect(temporary).toBe('FORCE_CHANGE_PASSWORD');
    expect(statusOf(cognito, 'zoe@example.com')).toBe('CONFIRMED');
    expect(signsIn(cognito, 'zoe@example.com', 'Set-passw0rd')).toBe(true);
  });

  it('refuses a password that breaks the policy, and an unknown user', async () => {
    // Act
    const weak = await local().call('AdminSetUserPassword', {
      UserPoolId: POOL_ID,
      Username: 'zoe@example.com',
      Password: 'Set-password',
      Permanent: true,
    });
    const unknown = await setPassword(local(), true, 'nobody@example.com');

    // Assess
    expect(errorOf(weak)).toEqual({
      name: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password must have numeric characters',
    });
    expect(errorOf(unknown)).toEqual({ name: 'UserNotFoundException', message: 'User does not exist.' });
  });
});

describe('Function: checkPasswordPolicy', () => {
  const pool = (MinimumLength: number) =>
    ({
      ...demoPoolWith({}),
      UserPool: {
        ...demoPoolWith({}).UserPool,
        Policies: {
          PasswordPolicy: {
            MinimumLength,
            RequireUppercase: true,
            RequireLowercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          },
        },
      },
    }) as PoolDocument;
  const part = (characters: string) =>
    fc.string({ unit: fc.constantFrom(...characters), minLength: 1, maxLength: 4 });
  const password = fc
    .tuple(part('ABCXYZ'), part('abcxyz'), part('0123456789'), part('^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+-'))
    .map((parts) => parts.join(''));

  it('accepts a password of every class at the minimum length, and names the class a password lacks', () => {
    fc.assert(
      fc.property(password, fc.integer({ min: 0, max: 3 }), (accepted, dropped) => {
        // Prepare
        const policy = pool(accepted.length);
        const lacking = accepted.replace(
          [/[A-Z]/g, /[a-z]/g, /[0-9]/g, /[^A-Za-z0-9]/g][dropped] as RegExp,
          '',
        );
        const rule = ['uppercase', 'lowercase', 'numeric', 'symbol'][dropped];

        // Act & Assess
        expect(() => checkPasswordPolicy(policy, accepted, [])).not.toThrow();
        expect(() => checkPasswordPolicy(pool(lacking.length), lacking, [])).toThrow(
          `Password did not conform with policy: Password must have ${rule} characters`,
        );
        expect(() => checkPasswordPolicy(pool(accepted.length + 1), accepted, [])).toThrow(
          'Password did not conform with policy: Password not long enough',
        );
      }),
    );
  });
});
