import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_POOL, type PoolDocument } from '../../src/local/pool.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/cognito-trigger.mjs', import.meta.url).pathname;
const WRITERS = 20;

/** The demo pool with one mutable custom attribute per writer, and no trigger (nothing here sends a message). */
const poolWithAttributes = (): PoolDocument => {
  const pool = structuredClone(DEMO_POOL) as PoolDocument & { UserPool: { SchemaAttributes: unknown[] } };
  for (let i = 0; i < WRITERS; i++)
    pool.UserPool.SchemaAttributes.push({
      Name: `custom:w${i}`,
      AttributeDataType: 'String',
      DeveloperOnlyAttribute: false,
      Mutable: true,
      Required: false,
      StringAttributeConstraints: { MinLength: '1', MaxLength: '32' },
    });
  const { LambdaConfig: _, ...userPool } = pool.UserPool;
  return { ...pool, UserPool: userPool };
};

const cli = (cwd: string, ...argv: string[]) =>
  run(process.execPath, [BIN, ...argv], {
    cwd,
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  }).then(
    ({ stdout, stderr }) => ({ stdout, stderr, exitCode: 0 }),
    (error: { stdout: string; stderr: string; code: number }) => ({
      stdout: error.stdout,
      stderr: error.stderr,
      exitCode: error.code,
    }),
  );

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('State directory: one writer at a time', () => {
  it(`stores every value when ${WRITERS} processes update different attributes of one user at once`, {
    timeout: 120_000,
  }, async () => {
    // Prepare
    dir = mkdtempSync(join(tmpdir(), 'ctk-concurrency-'));
    writeFileSync(join(dir, 'pool.json'), JSON.stringify(poolWithAttributes()));
    const common = ['--pool', 'pool.json', '--state-dir', 'state', '--user-pool-id', DEMO_POOL.UserPool.Id];

    // Act
    const results = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        cli(
          dir,
          'admin-update-user-attributes',
          ...common,
          '--username',
          'diego@example.com',
          '--user-attributes',
          `Name=custom:w${i},Value=v${i}`,
          '--quiet',
        ),
      ),
    );

    // Assess
    expect(results.map((r) => r.exitCode)).toEqual(results.map(() => 0));
    const user = JSON.parse(
      (await cli(dir, 'admin-get-user', ...common, '--username', 'diego@example.com', '--quiet')).stdout,
    ) as { UserAttributes: { Name: string; Value: string }[] };
    const stored = Object.fromEntries(user.UserAttributes.map((a) => [a.Name, a.Value]));
    for (let i = 0; i < WRITERS; i++) expect(stored[`custom:w${i}`], `custom:w${i}`).toBe(`v${i}`);
    expect(stored['custom:CustomAttr1']).toBe('Blue');
  });

  it('makes one signing key when six sign-ins on a fresh state race, so that every token is accepted', {
    timeout: 120_000,
  }, async () => {
    // Prepare
    dir = mkdtempSync(join(tmpdir(), 'ctk-concurrency-'));
    const pool = ['--user-pool-id', DEMO_POOL.UserPool.Id, '--state-dir', 'state'];

    // Act
    const signIns = await Promise.all(
      Array.from({ length: 6 }, () =>
        cli(
          dir,
          'admin-initiate-auth',
          ...pool,
          '--client-id',
          '4fk0g8ht3nq2r7m9v6c1b5d8e2',
          '--auth-flow',
          'ADMIN_USER_PASSWORD_AUTH',
          '--auth-parameters',
          'USERNAME=diego@example.com,PASSWORD=Passw0rd!',
          '--quiet',
        ),
      ),
    );
    const tokens = signIns.map((r) => JSON.parse(r.stdout).AuthenticationResult.AccessToken as string);
    const uses = await Promise.all(
      tokens.map((token, i) =>
        cli(
          dir,
          'update-user-attributes',
          '--state-dir',
          'state',
          '--access-token',
          token,
          '--user-attributes',
          `Name=given_name,Value=Diego${i}`,
          '--quiet',
        ),
      ),
    );

    // Assess
    expect(signIns.map((r) => r.exitCode)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(uses.map((r) => r.stderr)).toEqual(['', '', '', '', '', '']);
    expect(uses.map((r) => r.exitCode)).toEqual([0, 0, 0, 0, 0, 0]);
    const key = JSON.parse(readFileSync(join(dir, 'state', 'signing-key.json'), 'utf8')) as { kid: string };
    for (const token of tokens)
      expect(JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()).kid).toBe(key.kid);
  });
});
