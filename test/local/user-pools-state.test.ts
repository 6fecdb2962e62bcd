import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalCognito, type LocalCognitoOptions } from '../../src/local/local-cognito.js';
import { DEMO_POOLS, type User } from '../../src/local/pool.js';
import { StateStore } from '../../src/local/state.js';
import { recording } from './helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: a response is read as loosely as the JSON it comes from
type Answer = Record<string, any>;

const DEMO = 'us-west-2_aaaaaaaaa';
const CUSTOM_MESSAGE = 'arn:aws:lambda:us-west-2:123456789012:function:custom-message';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ctk-pools-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** An engine over the state directory, as one process (the CLI, `serve`) makes it. */
const engineOn = (options: LocalCognitoOptions = {}) =>
  new LocalCognito({ code: '424242', store: new StateStore(dir), ...options });

const run = async (cognito: LocalCognito, operation: string, request: object) => {
  const { result } = await cognito.call(operation, request);
  if ('error' in result) throw Object.assign(new Error(result.error.message), result.error);
  return result.response as Answer;
};

const createPool = async (cognito: LocalCognito, request: object = {}) =>
  (await run(cognito, 'CreateUserPool', { PoolName: 'shop', ...request })).UserPool as Answer;

const poolIds = async (cognito: LocalCognito) =>
  (await run(cognito, 'ListUserPools', { MaxResults: 60 })).UserPools.map((p: { Id: string }) => p.Id);

/** A user put in the pool's state, as AdminCreateUser or SignUp would leave them. */
const noor: User = {
  Username: '2f0c8a3e-51b4-4d7e-9a26-0c1d2e3f4a5b',
  UserAttributes: [
    { Name: 'sub', Value: '2f0c8a3e-51b4-4d7e-9a26-0c1d2e3f4a5b' },
    { Name: 'email', Value: 'noor@example.com' },
    { Name: 'email_verified', Value: 'true' },
  ],
  Enabled: true,
  UserStatus: 'CONFIRMED',
};

describe('State: pools created at run time', () => {
  it('are saved in the state directory and seen by another engine on it, clients included', async () => {
    // Prepare
    const first = engineOn();
    const created = await createPool(first);
    const { UserPoolClient } = await run(first, 'CreateUserPoolClient', {
      UserPoolId: created.Id,
      ClientName: 'web',
    });

    // Act
    const second = engineOn();
    const described = await run(second, 'DescribeUserPool', { UserPoolId: created.Id });
    const client = await run(second, 'DescribeUserPoolClient', {
      UserPoolId: created.Id,
      ClientId: UserPoolClient.ClientId,
    });

    // Assess
    expect(described.UserPool).toEqual(created);
    expect(client.UserPoolClient).toEqual(UserPoolClient);
    expect(await poolIds(second)).toContain(created.Id);
    expect(JSON.parse(readFileSync(join(dir, 'pools', `${created.Id}.json`), 'utf8'))).toMatchObject({
      seed: 'created',
      pool: { UserPool: { Id: created.Id } },
    });
  });

  it('are seen by an engine that was already running when another created them', async () => {
    // Prepare
    const running = engineOn();
    await poolIds(running);

    // Act
    const created = await createPool(engineOn());

    // Assess
    expect(await poolIds(running)).toContain(created.Id);
    expect((await run(running, 'DescribeUserPool', { UserPoolId: created.Id })).UserPool.Name).toBe('shop');
  });

  it('call the Custom message function their LambdaConfig names when an auto-verified email changes', async () => {
    // Prepare
    const created = await createPool(engineOn(), {
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      LambdaConfig: { CustomMessage: CUSTOM_MESSAGE },
      EmailConfiguration: { EmailSendingAccount: 'DEVELOPER' },
    });
    new StateStore(dir).update(created.Id, (pool) => ({ ...pool, Users: [noor] }));
    const { handler, seen } = recording((event) => ({
      ...event,
      response: {
        emailSubject: 'Your code',
        emailMessage: `Code: ${event.request.codeParameter}`,
        smsMessage: null,
      },
    }));
    const cognito = engineOn({ handler });

    // Act
    const trace = await cognito.adminUpdateUserAttributes({
      UserPoolId: created.Id,
      Username: 'noor@example.com',
      UserAttributes: [{ Name: 'email', Value: 'noor.new@example.com' }],
    });

    // Assess
    expect(trace.result).toEqual({ response: {} });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      triggerSource: 'CustomMessage_UpdateUserAttribute',
      userPoolId: created.Id,
      region: 'us-west-2',
    });
    expect(trace.deliveries).toEqual([
      expect.objectContaining({
        destination: 'noor.new@example.com',
        source: 'trigger',
        text: 'Code: 424242',
      }),
    ]);
    const user = await run(cognito, 'AdminGetUser', {
      UserPoolId: created.Id,
      Username: 'noor.new@example.com',
    });
    expect(user.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'false' });
  });

  it('send the pool message, without calling the function, once UpdateUserPool drops LambdaConfig', async () => {
    // Prepare
    const created = await createPool(engineOn(), {
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      LambdaConfig: { CustomMessage: CUSTOM_MESSAGE },
    });
    new StateStore(dir).update(created.Id, (pool) => ({ ...pool, Users: [noor] }));
    const { handler, seen } = recording();
    const cognito = engineOn({ handler });
    await run(cognito, 'UpdateUserPool', { UserPoolId: created.Id, AutoVerifiedAttributes: ['email'] });

    // Act
    const trace = await cognito.adminUpdateUserAttributes({
      UserPoolId: created.Id,
      Username: 'noor@example.com',
      UserAttributes: [{ Name: 'email', Value: 'noor.new@example.com' }],
    });

    // Assess
    expect(seen).toHaveLength(0);
    expect(trace.deliveries).toEqual([
      expect.objectContaining({
        source: 'pool',
        subject: 'Your verification code',
        html: 'Your verification code is 424242. ',
      }),
    ]);
  });
});

describe('State: deleted pools', () => {
  it('keep a deleted seeded pool deleted for every engine on the state until reset', async () => {
    // Prepare
    await run(engineOn(), 'DeleteUserPool', { UserPoolId: DEMO });

    // Act
    const later = engineOn();
    const listed = await poolIds(later);
    const described = await later.call('DescribeUserPool', { UserPoolId: DEMO });
    // What the CLI does after each command: it must not bring the pool back.
    new StateStore(dir).saveIfNew(structuredClone(DEMO_POOLS[0] as (typeof DEMO_POOLS)[number]));
    const afterSave = await engineOn().call('DescribeUserPool', { UserPoolId: DEMO });
    later.reset();

    // Assess
    expect(listed).not.toContain(DEMO);
    expect(described.result).toEqual({
      error: { name: 'ResourceNotFoundException', message: `User pool ${DEMO} does not exist.` },
    });
    expect(afterSave.result).toHaveProperty('error');
    expect(await poolIds(engineOn())).toContain(DEMO);
  });

  it('remove a created pool file, and reset forgets created pools', async () => {
    // Prepare
    const cognito = engineOn();
    const gone = await createPool(cognito);
    const kept = await createPool(cognito);

    // Act
    await run(cognito, 'DeleteUserPool', { UserPoolId: gone.Id });
    const afterDelete = await poolIds(engineOn());
    cognito.reset();
    const afterReset = await poolIds(engineOn());

    // Assess
    expect(afterDelete).not.toContain(gone.Id);
    expect(afterDelete).toContain(kept.Id);
    expect(afterReset).toEqual(DEMO_POOLS.map((pool) => pool.UserPool.Id).sort());
  });

  it('answer a change to a pool deleted in between with ResourceNotFoundException', async () => {
    // Prepare
    const running = engineOn();
    const created = await createPool(running);
    await run(engineOn(), 'DeleteUserPool', { UserPoolId: created.Id });

    // Act
    const updated = await running.call('UpdateUserPool', { UserPoolId: created.Id });

    // Assess
    expect(updated.result).toEqual({
      error: { name: 'ResourceNotFoundException', message: `User pool ${created.Id} does not exist.` },
    });
  });
});

describe('State: a damaged created-pool file', () => {
  it('is refused with its name, left as it is, and the other pools are unaffected', async () => {
    // Prepare
    const running = engineOn();
    const damaged = await createPool(running);
    const healthy = await createPool(running);
    const file = join(dir, 'pools', `${damaged.Id}.json`);
    writeFileSync(file, '{"seed": "created", "pool": ');

    // Act
    const later = engineOn();
    const describe = later.call('DescribeUserPool', { UserPoolId: damaged.Id });
    const deleted = running.call('DeleteUserPool', { UserPoolId: damaged.Id });
    const listing = await later.call('ListUserPools', { MaxResults: 60 });

    // Assess
    await expect(describe).rejects.toThrow(`the state file ${file} is not valid JSON`);
    await expect(deleted).rejects.toThrow(`the state file ${file} is not valid JSON`);
    expect(readFileSync(file, 'utf8')).toBe('{"seed": "created", "pool": ');
    expect((await run(later, 'DescribeUserPool', { UserPoolId: healthy.Id })).UserPool.Id).toBe(healthy.Id);
    const ids = ('response' in listing.result ? listing.result.response.UserPools : []) as { Id: string }[];
    expect(ids.map((p) => p.Id)).toEqual(expect.arrayContaining([healthy.Id, DEMO]));
    expect(ids.map((p) => p.Id)).not.toContain(damaged.Id);
    expect(listing.notes).toContainEqual(expect.stringContaining(file));
  });
});
