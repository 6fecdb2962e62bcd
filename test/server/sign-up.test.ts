import {
  AdminConfirmSignUpCommand,
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ACME, adminSignIn, POOL, ROOT, useCognitoEndpoint } from '../helpers/cognito-endpoint.js';

const EMAIL = 'ana@example.com';

const local = useCognitoEndpoint(
  { handler: 'handlers/custom-message.ts', cwd: ROOT },
  // LimitExceededException is a throttling error to the SDK: one attempt, so each call is counted once.
  { maxAttempts: 1 },
);
afterEach(() => {
  vi.useRealTimers();
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: Error) => error,
  );
const wrongCode = (code: string | undefined) => (code === '000000' ? '111111' : '000000');

const signUp = (username = EMAIL, password = 'Passw0rd!') =>
  local.client.send(new SignUpCommand({ ClientId: ACME, Username: username, Password: password }));
const confirmSignUp = (code: string | undefined, username = EMAIL) =>
  local.client.send(new ConfirmSignUpCommand({ ClientId: ACME, Username: username, ConfirmationCode: code }));
const forgotPassword = (username: string) =>
  local.client.send(new ForgotPasswordCommand({ ClientId: ACME, Username: username }));
const confirmForgotPassword = (code: string | undefined, password: string, username = 'zoe@example.com') =>
  local.client.send(
    new ConfirmForgotPasswordCommand({
      ClientId: ACME,
      Username: username,
      ConfirmationCode: code,
      Password: password,
    }),
  );
const signIn = (username: string, password: string) => adminSignIn(local.client, username, password);
const userOf = async (username: string) => {
  const user = await local.client.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: username }));
  return {
    status: user.UserStatus,
    attributes: Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name, a.Value])),
  };
};

describe('Endpoint: SDK v3 through sign-up', () => {
  it('signs up, reads the code the trigger sent, and confirms: CONFIRMED, email verified', {
    timeout: 30_000,
  }, async () => {
    // Act
    const signedUp = await signUp();
    const code = local.cognito.lastCode(EMAIL);
    await confirmSignUp(code);

    // Assess
    expect(signedUp).toMatchObject({
      UserConfirmed: false,
      UserSub: expect.stringMatching(/^[0-9a-f-]{36}$/),
      CodeDeliveryDetails: { Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
    });
    const [message] = local.cognito.messages();
    expect(message).toMatchObject({
      channel: 'email',
      destination: EMAIL,
      triggerSource: 'CustomMessage_SignUp',
      username: signedUp.UserSub,
      subject: 'Welcome to Acme Cloud: confirm your email address',
    });
    expect(message?.body).toContain(code);
    expect(await userOf(EMAIL)).toMatchObject({
      status: 'CONFIRMED',
      attributes: { email_verified: 'true' },
    });
  });

  it('resends a code as CustomMessage_ResendCode, and the new code confirms', {
    timeout: 30_000,
  }, async () => {
    // Prepare
    await signUp();

    // Act
    const resent = await local.client.send(
      new ResendConfirmationCodeCommand({ ClientId: ACME, Username: EMAIL }),
    );
    await confirmSignUp(local.cognito.lastCode(EMAIL));

    // Assess
    expect(resent.CodeDeliveryDetails).toEqual({
      Destination: 'a***@e***',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    });
    expect(local.cognito.messages().map((m) => m.triggerSource)).toEqual([
      'CustomMessage_SignUp',
      'CustomMessage_ResendCode',
    ]);
    expect((await userOf(EMAIL)).status).toBe('CONFIRMED');
  });

  it('confirms a user without a code through AdminConfirmSignUp', { timeout: 30_000 }, async () => {
    // Prepare
    await signUp();

    // Act
    await local.client.send(new AdminConfirmSignUpCommand({ UserPoolId: POOL, Username: EMAIL }));

    // Assess
    expect((await userOf(EMAIL)).status).toBe('CONFIRMED');
  });
});

describe('Endpoint: SDK v3 through password recovery', () => {
  it('sends a reset code, confirms a new password, and signs in with it', { timeout: 30_000 }, async () => {
    // Act
    const forgot = await forgotPassword('zoe@example.com');
    const code = local.cognito.lastCode('zoe@example.com');
    await confirmForgotPassword(code, 'N3w-passw0rd');

    // Assess
    expect(forgot.CodeDeliveryDetails).toEqual({
      Destination: 'z***@e***',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    });
    expect(local.cognito.messages().at(-1)).toMatchObject({ triggerSource: 'CustomMessage_ForgotPassword' });
    expect((await signIn('zoe@example.com', 'N3w-passw0rd')).AuthenticationResult?.AccessToken).toBeTruthy();
    expect(await failure(signIn('zoe@example.com', 'Passw0rd!'))).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('resets a password as an administrator: RESET_REQUIRED until ConfirmForgotPassword', {
    timeout: 30_000,
  }, async () => {
    // Act
    await local.client.send(
      new AdminResetUserPasswordCommand({ UserPoolId: POOL, Username: 'zoe@example.com' }),
    );
    const reset = (await userOf('zoe@example.com')).status;
    await confirmForgotPassword(local.cognito.lastCode('zoe@example.com'), 'N3w-passw0rd');

    // Assess
    expect(reset).toBe('RESET_REQUIRED');
    expect(local.cognito.messages().at(-1)).toMatchObject({ triggerSource: 'CustomMessage_ForgotPassword' });
    expect((await userOf('zoe@example.com')).status).toBe('CONFIRMED');
  });

  it('changes a password with the access token, and sets one as an administrator', {
    timeout: 30_000,
  }, async () => {
    // Prepare
    const { AuthenticationResult } = await signIn('zoe@example.com', 'Passw0rd!');

    // Act
    await local.client.send(
      new ChangePasswordCommand({
        AccessToken: AuthenticationResult?.AccessToken,
        PreviousPassword: 'Passw0rd!',
        ProposedPassword: 'Changed-passw0rd',
      }),
    );
    const changed = await signIn('zoe@example.com', 'Changed-passw0rd');
    await local.client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: POOL,
        Username: 'zoe@example.com',
        Password: 'Temporary-passw0rd',
        Permanent: false,
      }),
    );

    // Assess
    expect(changed.AuthenticationResult?.AccessToken).toBeTruthy();
    expect((await userOf('zoe@example.com')).status).toBe('FORCE_CHANGE_PASSWORD');
  });
});

describe('Endpoint: sign-up and password errors in the service shape', () => {
  it('SignUp: UsernameExists, InvalidPassword, InvalidParameter, NotAuthorized, ResourceNotFound', {
    timeout: 30_000,
  }, async () => {
    expect(await failure(signUp('zoe@example.com'))).toMatchObject({
      name: 'UsernameExistsException',
      message: 'An account with the given email already exists.',
      $metadata: { httpStatusCode: 400 },
    });
    expect(await failure(signUp(EMAIL, 'passw0rd!'))).toMatchObject({
      name: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password must have uppercase characters',
    });
    expect(await failure(signUp('ana'))).toMatchObject({
      name: 'InvalidParameterException',
      message: 'Username should be an email.',
    });
    expect(
      await failure(
        local.client.send(
          new SignUpCommand({
            ClientId: ACME,
            Username: EMAIL,
            Password: 'Passw0rd!',
            UserAttributes: [{ Name: 'custom:brand', Value: 'globex' }],
          }),
        ),
      ),
    ).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'A client attempted to write unauthorized attribute',
    });
    expect(
      await failure(
        local.client.send(new SignUpCommand({ ClientId: 'nope', Username: EMAIL, Password: 'Passw0rd!' })),
      ),
    ).toMatchObject({ name: 'ResourceNotFoundException', message: 'User pool client nope does not exist.' });
  });

  it('ConfirmSignUp: CodeMismatch, LimitExceeded, NotAuthorized, UserNotFound', {
    timeout: 30_000,
  }, async () => {
    // Prepare
    await signUp();
    const code = local.cognito.lastCode(EMAIL);

    // Act
    const mismatch = await failure(confirmSignUp(wrongCode(code)));
    for (let i = 0; i < 4; i++) await failure(confirmSignUp(wrongCode(code)));
    const limited = await failure(confirmSignUp(code));
    const confirmed = await failure(confirmSignUp(code, 'zoe@example.com'));
    const unknown = await failure(confirmSignUp(code, 'nobody@example.com'));

    // Assess
    expect(mismatch).toMatchObject({
      name: 'CodeMismatchException',
      message: 'Invalid verification code provided, please try again.',
    });
    expect(limited).toMatchObject({
      name: 'LimitExceededException',
      message: 'Attempt limit exceeded, please try after some time.',
    });
    expect(confirmed).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'User cannot be confirmed. Current status is CONFIRMED',
    });
    expect(unknown).toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.' });
  });

  it('ConfirmSignUp: ExpiredCode once the 24 hours have passed', { timeout: 30_000 }, async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
    await signUp();
    const code = local.cognito.lastCode(EMAIL);
    vi.setSystemTime(new Date('2026-03-02T10:00:01Z'));

    // Act
    const expired = await failure(confirmSignUp(code));

    // Assess
    expect(expired).toMatchObject({
      name: 'ExpiredCodeException',
      message: 'Invalid code provided, please request a code again.',
    });
  });

  it('ResendConfirmationCode and AdminConfirmSignUp refuse a confirmed user', {
    timeout: 30_000,
  }, async () => {
    expect(
      await failure(
        local.client.send(new ResendConfirmationCodeCommand({ ClientId: ACME, Username: 'zoe@example.com' })),
      ),
    ).toMatchObject({ name: 'InvalidParameterException', message: 'User is already confirmed.' });
    expect(
      await failure(
        local.client.send(new AdminConfirmSignUpCommand({ UserPoolId: POOL, Username: 'zoe@example.com' })),
      ),
    ).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'User cannot be confirmed. Current status is CONFIRMED',
    });
  });

  it('ForgotPassword: no verified destination, a temporary password, an unknown user', {
    timeout: 30_000,
  }, async () => {
    // Prepare
    await signUp();
    await local.client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: POOL,
        Username: 'zoe@example.com',
        Password: 'Temporary-passw0rd',
        Permanent: false,
      }),
    );

    // Act & Assess
    expect(await failure(forgotPassword(EMAIL))).toMatchObject({
      name: 'InvalidParameterException',
      message: 'Cannot reset password for the user as there is no registered/verified email or phone_number',
    });
    expect(await failure(forgotPassword('zoe@example.com'))).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'User password cannot be reset in the current state.',
    });
    expect(await failure(forgotPassword('nobody@example.com'))).toMatchObject({
      name: 'UserNotFoundException',
      message: 'User does not exist.',
    });
  });

  it('ConfirmForgotPassword: InvalidPassword, CodeMismatch, then ExpiredCode for a used code', {
    timeout: 30_000,
  }, async () => {
    // Prepare
    await forgotPassword('zoe@example.com');
    const code = local.cognito.lastCode('zoe@example.com');

    // Act
    const weak = await failure(confirmForgotPassword(code, 'Sh0rt!'));
    const mismatch = await failure(confirmForgotPassword(wrongCode(code), 'N3w-passw0rd'));
    await confirmForgotPassword(code, 'N3w-passw0rd');
    const used = await failure(confirmForgotPassword(code, 'N3w-passw0rd'));

    // Assess
    expect(weak).toMatchObject({
      name: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password not long enough',
    });
    expect(mismatch).toMatchObject({
      name: 'CodeMismatchException',
      message: 'Invalid verification code provided, please try again.',
    });
    expect(used).toMatchObject({
      name: 'ExpiredCodeException',
      message: 'Invalid code provided, please request a code again.',
    });
  });

  it('ChangePassword, AdminSetUserPassword and AdminResetUserPassword errors', {
    timeout: 30_000,
  }, async () => {
    // Prepare
    const { AuthenticationResult } = await signIn('zoe@example.com', 'Passw0rd!');
    const change = (PreviousPassword: string, ProposedPassword: string) =>
      local.client.send(
        new ChangePasswordCommand({
          AccessToken: AuthenticationResult?.AccessToken,
          PreviousPassword,
          ProposedPassword,
        }),
      );

    // Act & Assess
    expect(await failure(change('Wrong-passw0rd', 'Changed-passw0rd'))).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    expect(await failure(change('Passw0rd!', 'Changed-password'))).toMatchObject({
      name: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password must have numeric characters',
    });
    expect(
      await failure(
        local.client.send(
          new AdminSetUserPasswordCommand({
            UserPoolId: POOL,
            Username: 'zoe@example.com',
            Password: 'CHANGED-PASSW0RD',
            Permanent: true,
          }),
        ),
      ),
    ).toMatchObject({
      name: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password must have lowercase characters',
    });
    expect(
      await failure(
        local.client.send(
          new AdminResetUserPasswordCommand({ UserPoolId: POOL, Username: 'nobody@example.com' }),
        ),
      ),
    ).toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.' });
  });
});
