import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocalCognito, type Trace } from '../../src/local/local-cognito.js';
import { DEMO_POOL, type PoolDocument } from '../../src/local/pool.js';
import { demoPoolWith, POOL_ID, recording } from './helpers.js';

const errorOf = (trace: Trace) => (trace.result as { error?: { name: string; message: string } }).error;
const responseOf = (trace: Trace) => (trace.result as { response: Record<string, unknown> }).response;

interface UserType {
  readonly Username: string;
  readonly Attributes: readonly { Name: string; Value: string }[];
  readonly UserCreateDate: number;
  readonly UserLastModifiedDate: number;
  readonly Enabled: boolean;
  readonly UserStatus: string;
}
const createdUser = (trace: Trace) => responseOf(trace).User as UserType;
const attributesOf = (attributes: readonly { Name: string; Value?: string }[]) =>
  Object.fromEntries(attributes.map((a) => [a.Name, a.Value]));

/** A pool whose users sign in with a username of their own (no UsernameAttributes). */
const usernamePool = (changes: Partial<PoolDocument['UserPool']> = {}): PoolDocument => {
  const pool = demoPoolWith(changes);
  const { UsernameAttributes: _none, ...userPool } = pool.UserPool;
  return { ...pool, UserPool: { ...userPool, ...changes } };
};

/** A Custom message function that writes an invitation with both placeholders. */
const inviting = () =>
  recording((event) => ({
    ...event,
    response: {
      smsMessage: `Hi ${event.request.usernameParameter}, use ${event.request.codeParameter}`,
      emailMessage: `<p>User ${event.request.usernameParameter}, password ${event.request.codeParameter}</p>`,
      emailSubject: 'Welcome',
    },
  }));

const create = (cognito: LocalCognito, request: Record<string, unknown> = {}) =>
  cognito.call('AdminCreateUser', {
    UserPoolId: POOL_ID,
    Username: 'maya@example.com',
    DesiredDeliveryMediums: ['EMAIL'],
    ...request,
  });

const initiate = (cognito: LocalCognito, username: string, password: string) =>
  cognito.call('AdminInitiateAuth', {
    UserPoolId: POOL_ID,
    ClientId: '4fk0g8ht3nq2r7m9v6c1b5d8e2',
    AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: username, PASSWORD: password },
  });

afterEach(() => {
  vi.useRealTimers();
});

describe('Operation: AdminCreateUser', () => {
  it('invites through CustomMessage_AdminCreateUser, {username} and the temporary password filled in', async () => {
    // Prepare
    const { handler, seen } = inviting();
    const cognito = new LocalCognito({ handler, code: '424242' });

    // Act
    const trace = await create(cognito, { ClientMetadata: { brand: 'globex' } });

    // Assess
    const user = createdUser(trace);
    const [event] = seen;
    expect(event).toMatchObject({
      triggerSource: 'CustomMessage_AdminCreateUser',
      userName: user.Username,
      callerContext: { clientId: 'CLIENT_ID_NOT_APPLICABLE' },
      request: {
        codeParameter: '{####}',
        usernameParameter: '{username}',
        clientMetadata: { brand: 'globex' },
        userAttributes: { email: 'maya@example.com', 'cognito:user_status': 'FORCE_CHANGE_PASSWORD' },
      },
    });
    const [message] = trace.deliveries;
    expect(message).toMatchObject({ medium: 'EMAIL', destination: 'maya@example.com', source: 'trigger' });
    expect(message?.code).not.toBe('424242');
    expect(message?.html).toBe(`<p>User ${user.Username}, password ${message?.code}</p>`);
  });

  it('generates a temporary password that meets the pool policy', async () => {
    // Prepare
    const cognito = new LocalCognito({});

    // Act
    const passwords = await Promise.all(
      Array.from(
        { length: 20 },
        async (_, i) => (await create(cognito, { Username: `u${i}@example.com` })).deliveries[0]?.code,
      ),
    );

    // Assess
    for (const password of passwords) {
      expect(password).toMatch(/^\S{8,}$/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[0-9]/);
      expect(password).toMatch(/[^A-Za-z0-9]/);
    }
    expect(new Set(passwords).size).toBe(passwords.length);
  });

  it('answers with the UserType: a UUID username equal to sub in an email-as-username pool, FORCE_CHANGE_PASSWORD', async () => {
    // Prepare
    const cognito = new LocalCognito({});
    const before = Date.now() / 1000;

    // Act
    const trace = await create(cognito, { UserAttributes: [{ Name: 'given_name', Value: 'Maya' }] });

    // Assess
    const user = createdUser(trace);
    expect(user.Username).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(attributesOf(user.Attributes)).toEqual({
      sub: user.Username,
      given_name: 'Maya',
      email: 'maya@example.com',
    });
    expect(user).toMatchObject({ Enabled: true, UserStatus: 'FORCE_CHANGE_PASSWORD' });
    expect(user.UserCreateDate).toBeGreaterThanOrEqual(Math.floor(before));
    expect(user.UserLastModifiedDate).toBe(user.UserCreateDate);
    expect(Object.keys(user)).not.toContain('Password');
  });

  it('keeps the username as given in a pool without UsernameAttributes', async () => {
    // Prepare
    const cognito = new LocalCognito({ pool: usernamePool() });

    // Act
    const trace = await create(cognito, {
      Username: 'maya',
      UserAttributes: [{ Name: 'email', Value: 'maya@example.com' }],
    });

    // Assess
    expect(createdUser(trace).Username).toBe('maya');
  });

  it('falls back to the pool invitation template when the trigger leaves the response empty', async () => {
    // Prepare
    const pool = demoPoolWith({
      AdminCreateUserConfig: {
        InviteMessageTemplate: {
          EmailMessage: 'Sign in as {username} with {####}',
          EmailSubject: 'Your Acme account',
        },
      },
    } as Partial<PoolDocument['UserPool']>);
    const { handler } = recording();
    const cognito = new LocalCognito({ pool, handler });

    // Act
    const trace = await create(cognito);

    // Assess
    const [message] = trace.deliveries;
    expect(message).toMatchObject({ source: 'pool', subject: 'Your Acme account' });
    expect(message?.html).toBe(`Sign in as ${createdUser(trace).Username} with ${message?.code}`);
  });

  it("sends Cognito's default invitation when the pool has no template and no function", async () => {
    // Prepare
    const cognito = new LocalCognito({});

    // Act
    const trace = await create(cognito);

    // Assess
    const [message] = trace.deliveries;
    expect(message?.subject).toBe('Your temporary password');
    expect(message?.html).toBe(
      `Your username is ${createdUser(trace).Username} and temporary password is ${message?.code}. `,
    );
  });

  it('sends nothing with MessageAction SUPPRESS, and the user still exists', async () => {
    // Prepare
    const { handler, seen } = inviting();
    const cognito = new LocalCognito({ handler });

    // Act
    const trace = await create(cognito, { MessageAction: 'SUPPRESS', TemporaryPassword: 'Temp0rary!' });

    // Assess
    expect(seen).toEqual([]);
    expect(trace.deliveries).toEqual([]);
    expect(cognito.adminGetUser({ UserPoolId: POOL_ID, Username: 'maya@example.com' })).toMatchObject({
      UserStatus: 'FORCE_CHANGE_PASSWORD',
    });
  });

  it('sends to both the email address and the phone number when both mediums are asked for', async () => {
    // Prepare
    const { handler } = inviting();
    const cognito = new LocalCognito({ handler });

    // Act
    const trace = await create(cognito, {
      DesiredDeliveryMediums: ['EMAIL', 'SMS'],
      UserAttributes: [{ Name: 'phone_number', Value: '+14155550100' }],
    });

    // Assess
    expect(trace.deliveries.map((d) => [d.medium, d.destination])).toEqual([
      ['EMAIL', 'maya@example.com'],
      ['SMS', '+14155550100'],
    ]);
    expect(trace.deliveries[1]?.text).toBe(
      `Hi ${createdUser(trace).Username}, use ${trace.deliveries[1]?.code}`,
    );
  });

  it('sends by SMS when no medium is asked for and the user has a phone number (the default is SMS)', async () => {
    // Prepare
    const cognito = new LocalCognito({});

    // Act
    const trace = await create(cognito, {
      DesiredDeliveryMediums: undefined,
      UserAttributes: [{ Name: 'phone_number', Value: '+14155550100' }],
    });

    // Assess
    expect(trace.deliveries.map((d) => d.medium)).toEqual(['SMS']);
  });

  it.each([
    ['EMAIL', 'No email provided but desired delivery medium was Email'],
    ['SMS', 'No phone_number provided but desired delivery medium was SMS'],
  ])('refuses %s for a user without that attribute', async (medium, message) => {
    // Prepare
    const cognito = new LocalCognito({ pool: usernamePool() });

    // Act
    const trace = await create(cognito, { Username: 'maya', DesiredDeliveryMediums: [medium] });

    // Assess
    expect(errorOf(trace)).toEqual({ name: 'InvalidParameterException', message });
  });

  it('uses the given TemporaryPassword, and refuses one that breaks the pool policy', async () => {
    // Prepare
    const cognito = new LocalCognito({});

    // Act
    const accepted = await create(cognito, { TemporaryPassword: 'Temp0rary!' });
    const refused = await create(cognito, { Username: 'li@example.com', TemporaryPassword: 'Temporary!' });

    // Assess
    expect(accepted.deliveries[0]?.code).toBe('Temp0rary!');
    expect(errorOf(refused)).toEqual({
      name: 'InvalidPasswordException',
      message: 'Password did not conform with password policy: Password must have numeric characters',
    });
  });

  it.each([
    ['a username pool', usernamePool(), 'diego', 'User account already exists'],
    [
      'an email-as-username pool',
      DEMO_POOL,
      'DIEGO@example.com',
      'An account with the given email already exists.',
    ],
  ])('refuses a taken username in %s with UsernameExistsException', async (_, pool, username, message) => {
    // Prepare
    const seeded: PoolDocument = structuredClone(pool);
    const users = (seeded.Users ?? []).map((u, i) => (i === 0 ? { ...u, Username: 'diego' } : u));
    const cognito = new LocalCognito({ pool: { ...seeded, Users: users } });

    // Act
    const trace = await create(cognito, {
      Username: username,
      UserAttributes: pool === DEMO_POOL ? [] : [{ Name: 'email', Value: 'other@example.com' }],
    });

    // Assess
    expect(errorOf(trace)).toEqual({ name: 'UsernameExistsException', message });
  });

  it.each([
    [{ Username: 'maya' }, 'Username should be an email.'],
    [
      { UserAttributes: [{ Name: 'custom:nope', Value: 'x' }] },
      'Attributes did not conform to the schema: Type for attribute {custom:nope} could not be determined',
    ],
    [{ UserAttributes: [{ Name: 'phone_number', Value: '555' }] }, 'Invalid phone number format.'],
    [
      { MessageAction: 'SEND' },
      "1 validation error detected: Value 'SEND' at 'messageAction' failed to satisfy constraint: Member must satisfy enum value set: [RESEND, SUPPRESS]",
    ],
    [
      { DesiredDeliveryMediums: ['FAX'] },
      "1 validation error detected: Value 'FAX' at 'desiredDeliveryMediums.1.member' failed to satisfy constraint: Member must satisfy enum value set: [SMS, EMAIL]",
    ],
  ])('refuses %j with InvalidParameterException', async (request, message) => {
    // Act
    const trace = await create(new LocalCognito({}), request);

    // Assess
    expect(errorOf(trace)).toEqual({ name: 'InvalidParameterException', message });
  });

  it('sets an immutable attribute at creation', async () => {
    // Act
    const trace = await create(new LocalCognito({}), {
      UserAttributes: [{ Name: 'custom:employee_id', Value: 'E-7' }],
    });

    // Assess
    expect(attributesOf(createdUser(trace).Attributes)['custom:employee_id']).toBe('E-7');
  });

  it('creates nothing when the trigger fails', async () => {
    // Prepare
    const cognito = new LocalCognito({
      handler: async () => {
        throw new Error('Pending for approval');
      },
    });

    // Act
    const trace = await create(cognito);

    // Assess
    expect(errorOf(trace)).toEqual({
      name: 'UserLambdaValidationException',
      message: 'CustomMessage failed with error Pending for approval.',
    });
    expect(() => cognito.adminGetUser({ UserPoolId: POOL_ID, Username: 'maya@example.com' })).toThrow(
      'User does not exist.',
    );
  });

  it('answers ResourceNotFoundException for a pool that does not exist', async () => {
    // Act
    const trace = await create(new LocalCognito({}), { UserPoolId: 'us-west-2_nothere' });

    // Assess
    expect(errorOf(trace)).toEqual({
      name: 'ResourceNotFoundException',
      message: 'User pool us-west-2_nothere does not exist.',
    });
  });
});

describe('Operation: AdminCreateUser, temporary password', () => {
  it('leads to NEW_PASSWORD_REQUIRED, and stops working after TemporaryPasswordValidityDays', async () => {
    // Prepare
    const pool = demoPoolWith({
      Policies: { PasswordPolicy: { MinimumLength: 8, TemporaryPasswordValidityDays: 1 } },
    } as Partial<PoolDocument['UserPool']>);
    const cognito = new LocalCognito({ pool });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
    await create(cognito, { TemporaryPassword: 'Temp0rary!', MessageAction: 'SUPPRESS' });

    // Act
    const inTime = await initiate(cognito, 'maya@example.com', 'Temp0rary!');
    vi.setSystemTime(new Date('2026-03-02T10:00:01Z'));
    const late = await initiate(cognito, 'maya@example.com', 'Temp0rary!');

    // Assess
    expect(responseOf(inTime).ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(errorOf(late)).toEqual({
      name: 'NotAuthorizedException',
      message: 'User account has expired, it must be reset by an administrator.',
    });
  });

  it('holds for 7 days when the pool sets no validity', async () => {
    // Prepare
    const cognito = new LocalCognito({});
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
    await create(cognito, { TemporaryPassword: 'Temp0rary!', MessageAction: 'SUPPRESS' });

    // Act
    vi.setSystemTime(new Date('2026-03-08T09:59:59Z'));
    const inTime = await initiate(cognito, 'maya@example.com', 'Temp0rary!');
    vi.setSystemTime(new Date('2026-03-08T10:00:01Z'));
    const late = await initiate(cognito, 'maya@example.com', 'Temp0rary!');

    // Assess
    expect(responseOf(inTime).ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(errorOf(late)?.name).toBe('NotAuthorizedException');
  });
});

describe('Operation: AdminCreateUser, MessageAction RESEND', () => {
  it('gives a user in FORCE_CHANGE_PASSWORD a new temporary password, and the old one stops working', async () => {
    // Prepare
    const { handler, seen } = inviting();
    const cognito = new LocalCognito({ handler });
    const first = await create(cognito);
    const oldPassword = first.deliveries[0]?.code as string;

    // Act
    const resent = await create(cognito, { MessageAction: 'RESEND' });

    // Assess
    const newPassword = resent.deliveries[0]?.code as string;
    expect(seen.map((e) => e.triggerSource)).toEqual([
      'CustomMessage_AdminCreateUser',
      'CustomMessage_AdminCreateUser',
    ]);
    expect(newPassword).not.toBe(oldPassword);
    expect(createdUser(resent).Username).toBe(createdUser(first).Username);
    expect(errorOf(await initiate(cognito, 'maya@example.com', oldPassword))?.message).toBe(
      'Incorrect username or password.',
    );
    expect(responseOf(await initiate(cognito, 'maya@example.com', newPassword)).ChallengeName).toBe(
      'NEW_PASSWORD_REQUIRED',
    );
  });

  it('answers UserNotFoundException for a user that does not exist', async () => {
    // Act
    const trace = await create(new LocalCognito({}), { MessageAction: 'RESEND' });

    // Assess
    expect(errorOf(trace)).toEqual({ name: 'UserNotFoundException', message: 'User does not exist.' });
  });

  it('answers UnsupportedUserStateException for a CONFIRMED user', async () => {
    // Act
    const trace = await create(new LocalCognito({}), {
      Username: 'diego@example.com',
      MessageAction: 'RESEND',
    });

    // Assess
    expect(errorOf(trace)).toEqual({
      name: 'UnsupportedUserStateException',
      message: "Resend not possible. The user's status is CONFIRMED, not FORCE_CHANGE_PASSWORD.",
    });
    expect(trace.notes.some((note) => note.startsWith('[UNC]'))).toBe(true);
  });
});
