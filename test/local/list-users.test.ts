import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocalCognito, type Trace } from '../../src/local/local-cognito.js';
import { parseFilter } from '../../src/local/operations/list-users.js';
import { DEMO_POOL, type PoolDocument, type User } from '../../src/local/pool.js';
import { POOL_ID } from './helpers.js';

const errorOf = (trace: Trace) => (trace.result as { error?: { name: string; message: string } }).error;

interface Listed {
  readonly Users: readonly {
    Username: string;
    Attributes: { Name: string; Value: string }[];
    UserStatus: string;
    Enabled: boolean;
  }[];
  readonly PaginationToken?: string;
}
const listedOf = (trace: Trace) =>
  (trace.result as { response: Record<string, unknown> }).response as unknown as Listed;
const emailsOf = (trace: Trace) =>
  listedOf(trace).Users.map((u) => u.Attributes.find((a) => a.Name === 'email')?.Value);

const person = (n: number, email: string, extra: Partial<User> = {}): User => ({
  Username: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  UserAttributes: [
    { Name: 'sub', Value: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}` },
    { Name: 'email', Value: email },
  ],
  UserCreateDate: '2026-02-01T08:00:00.000000+00:00',
  UserLastModifiedDate: '2026-02-01T08:00:00.000000+00:00',
  Enabled: true,
  UserStatus: 'CONFIRMED',
  Password: 'Passw0rd!',
  ...extra,
});

/** The demo pool and a few more people. */
const peoplePool = (): PoolDocument => ({
  ...structuredClone(DEMO_POOL),
  Users: [
    ...structuredClone(DEMO_POOL.Users ?? []),
    person(1, 'Ana@Example.com'),
    person(2, 'ben@example.org', { UserStatus: 'FORCE_CHANGE_PASSWORD' }),
    person(3, 'bea@example.org', { Enabled: false }),
    person(4, 'quote"d@example.com'),
  ],
});

const list = (cognito: LocalCognito, request: Record<string, unknown> = {}) =>
  cognito.call('ListUsers', { UserPoolId: POOL_ID, ...request });

afterEach(() => {
  vi.useRealTimers();
});

describe('Operation: ListUsers', () => {
  it('lists every user with their attributes, and never their password, codes or tokens', async () => {
    // Act
    const trace = await list(new LocalCognito({ pool: peoplePool() }));

    // Assess
    const { Users, PaginationToken } = listedOf(trace);
    expect(Users).toHaveLength(6);
    expect(PaginationToken).toBeUndefined();
    expect(Object.keys(Users[0] ?? {}).sort()).toEqual([
      'Attributes',
      'Enabled',
      'UserCreateDate',
      'UserLastModifiedDate',
      'UserStatus',
      'Username',
    ]);
    expect(JSON.stringify(Users)).not.toContain('Passw0rd!');
    expect(Users.find((u) => u.Username.endsWith('000000000001'))).toMatchObject({
      UserCreateDate: Date.parse('2026-02-01T08:00:00Z') / 1000,
    });
  });

  it.each([
    ['email = "ana@example.com"', ['Ana@Example.com']],
    ['email ^= "be"', ['bea@example.org', 'ben@example.org']],
    ['email^="B"', ['bea@example.org', 'ben@example.org']],
    ['cognito:user_status = "force_change_password"', ['ben@example.org']],
    ['status = "Disabled"', ['bea@example.org']],
    ['status = "disabled"', []],
    ['given_name ^= "Di"', ['diego@example.com']],
    ['sub = "00000000-0000-4000-8000-000000000001"', ['Ana@Example.com']],
    ['email = "quote\\"d@example.com"', ['quote"d@example.com']],
    ['username = "diego@example.com"', []],
    [
      '',
      [
        'diego@example.com',
        'zoe@example.com',
        'Ana@Example.com',
        'ben@example.org',
        'bea@example.org',
        'quote"d@example.com',
      ],
    ],
  ])('filters %s', async (filter, emails) => {
    // Act
    const trace = await list(new LocalCognito({ pool: peoplePool() }), { Filter: filter });

    // Assess
    expect(new Set(emailsOf(trace))).toEqual(new Set(emails));
    expect(emailsOf(trace)).toHaveLength(emails.length);
  });

  it('finds a user of an email-as-username pool by the UUID username', async () => {
    // Act
    const trace = await list(new LocalCognito({}), {
      Filter: 'username = "5b1f2d3e-7a8c-4e9f-b0a1-c2d3e4f5a6b7"',
    });

    // Assess
    expect(emailsOf(trace)).toEqual(['diego@example.com']);
  });

  it('sorts the results by the filtered attribute', async () => {
    // Act
    const trace = await list(new LocalCognito({ pool: peoplePool() }), { Filter: 'email ^= ""' });

    // Assess
    expect(emailsOf(trace)).toEqual([
      'Ana@Example.com',
      'bea@example.org',
      'ben@example.org',
      'diego@example.com',
      'quote"d@example.com',
      'zoe@example.com',
    ]);
  });

  it.each([
    'custom:brand = "globex"',
    'email_verified = "true"',
    'email == "x"',
    'email = x',
    'email = "unterminated',
    'email ~= "x"',
    'email = "a" and name = "b"',
  ])('refuses the filter %s with InvalidParameterException', async (filter) => {
    // Act
    const trace = await list(new LocalCognito({}), { Filter: filter });

    // Assess
    expect(errorOf(trace)).toEqual({
      name: 'InvalidParameterException',
      message: 'Error while parsing filter.',
    });
  });

  it('refuses a filter longer than 256 characters', async () => {
    // Act
    const filter = `email = "${'a'.repeat(250)}"`;
    const trace = await list(new LocalCognito({}), { Filter: filter });

    // Assess
    expect(errorOf(trace)?.message).toBe(
      `1 validation error detected: Value '${filter}' at 'filter' failed to satisfy constraint: Member must have length less than or equal to 256`,
    );
  });

  it('returns only the attributes asked for', async () => {
    // Act
    const trace = await list(new LocalCognito({}), { AttributesToGet: ['email', 'given_name'] });

    // Assess
    expect(listedOf(trace).Users.map((u) => u.Attributes)).toEqual([
      [
        { Name: 'email', Value: 'diego@example.com' },
        { Name: 'given_name', Value: 'Diego' },
      ],
      [
        { Name: 'email', Value: 'zoe@example.com' },
        { Name: 'given_name', Value: 'Zoë' },
      ],
    ]);
  });

  it('refuses AttributesToGet naming an attribute a user of the results has no value for', async () => {
    // Act
    const trace = await list(new LocalCognito({}), { AttributesToGet: ['phone_number'] });

    // Assess
    expect(errorOf(trace)).toEqual({
      name: 'InvalidParameterException',
      message: 'Input fails to satisfy the constraints.',
    });
  });

  it('pages with Limit and PaginationToken, every user once', async () => {
    // Prepare
    const cognito = new LocalCognito({ pool: peoplePool() });
    const seen: string[] = [];
    let token: string | undefined;

    // Act
    do {
      const page = listedOf(await list(cognito, { Limit: 4, ...(token ? { PaginationToken: token } : {}) }));
      expect(page.Users.length).toBeLessThanOrEqual(4);
      seen.push(...page.Users.map((u) => u.Username));
      token = page.PaginationToken;
    } while (token);

    // Assess
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
  });

  it('keeps paging past a user deleted between pages', async () => {
    // Prepare
    const cognito = new LocalCognito({ pool: peoplePool() });
    const first = listedOf(await list(cognito, { Limit: 2 }));
    await cognito.call('AdminDeleteUser', { UserPoolId: POOL_ID, Username: first.Users[1]?.Username });

    // Act
    const rest = listedOf(await list(cognito, { PaginationToken: first.PaginationToken }));

    // Assess
    expect(rest.Users).toHaveLength(4);
  });

  it('refuses a pagination token of another filter, or one older than an hour', async () => {
    // Prepare
    const cognito = new LocalCognito({ pool: peoplePool() });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
    const { PaginationToken } = listedOf(await list(cognito, { Limit: 1 }));

    // Act
    const otherFilter = await list(cognito, { PaginationToken, Filter: 'email ^= "b"' });
    vi.setSystemTime(new Date('2026-03-01T11:00:01Z'));
    const expired = await list(cognito, { PaginationToken });

    // Assess
    const invalid = { name: 'InvalidParameterException', message: 'Invalid pagination token.' };
    expect(errorOf(otherFilter)).toEqual(invalid);
    expect(errorOf(expired)).toEqual(invalid);
  });

  it('refuses a Limit above 60', async () => {
    // Act
    const trace = await list(new LocalCognito({}), { Limit: 61 });

    // Assess
    expect(errorOf(trace)?.message).toBe(
      "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60",
    );
  });

  it('answers ResourceNotFoundException for a pool that does not exist', async () => {
    // Act
    const trace = await list(new LocalCognito({}), { UserPoolId: 'us-west-2_nothere' });

    // Assess
    expect(errorOf(trace)).toEqual({
      name: 'ResourceNotFoundException',
      message: 'User pool us-west-2_nothere does not exist.',
    });
  });
});

describe('Function: parseFilter', () => {
  it('reads back any value written with its quotes and backslashes escaped', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('email', 'name', 'sub', 'cognito:user_status'),
        fc.constantFrom('=', '^='),
        fc.string(),
        (attribute, type, value) => {
          const escaped = value.replaceAll('\\', '\\\\').replaceAll('"', '\\"');
          expect(parseFilter(`${attribute} ${type} "${escaped}"`)).toEqual({ attribute, type, value });
        },
      ),
    );
  });

  it('lists everyone for an empty filter', () => {
    expect(parseFilter('')).toBeUndefined();
    expect(parseFilter('   ')).toBeUndefined();
  });
});
