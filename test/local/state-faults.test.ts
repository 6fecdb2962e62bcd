import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';

const POOL = 'us-west-2_aaaaaaaaa';
const OTHER_POOL = 'us-west-2_bbbbbbbbb';
let cwd: string;
const cli = (...argv: string[]) => runCli([...argv, '--state-dir', 'state'], { cwd });
const changeEmail = (email: string, ...extra: string[]) =>
  cli(
    'admin-update-user-attributes',
    '--user-pool-id',
    POOL,
    '--username',
    'diego@example.com',
    '--user-attributes',
    `Name=email,Value=${email}`,
    ...extra,
  );
const emailOf = async (username = 'diego@example.com', pool = POOL) => {
  const { stdout, stderr, exitCode } = await cli(
    'admin-get-user',
    '--user-pool-id',
    pool,
    '--username',
    username,
  );
  if (exitCode !== 0) return { exitCode, stderr };
  const user = JSON.parse(stdout) as { UserAttributes: { Name: string; Value: string }[] };
  return user.UserAttributes.find((a) => a.Name === 'email')?.Value;
};
const poolFile = (pool = POOL) => join(cwd, 'state', 'pools', `${pool}.json`);

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ctk-faults-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

describe('CLI: all or nothing', () => {
  it('delivers to a valid 227-character address, with a bounded outbox file name', async () => {
    // Prepare
    const email = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(30)}.com`;
    expect(email).toHaveLength(227);

    // Act
    const result = await changeEmail(email, '--quiet');

    // Assess
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const files = readdirSync(join(cwd, 'state', 'outbox'));
    expect(files).toHaveLength(2);
    for (const file of files) expect(Buffer.byteLength(file)).toBeLessThan(160);
    const txt = files.find((f) => f.endsWith('.txt')) as string;
    expect(readFileSync(join(cwd, 'state', 'outbox', txt), 'utf8')).toContain(`To: ${email}`);
    // The address is longer than a username may be: Diego is looked up by his username, the sub.
    expect(await emailOf('5b1f2d3e-7a8c-4e9f-b0a1-c2d3e4f5a6b7')).toBe(email);
  });

  it('fails before any change when --trace-file is in a missing folder: one line, exit 255', async () => {
    // Act
    const result = await changeEmail('diego.new@example.com', '--trace-file', 'missing/trace.json');

    // Assess
    expect(result.exitCode).toBe(255);
    expect(result.stderr).toBe(
      `\ncognito-trigger: cannot write --trace-file ${join(cwd, 'missing/trace.json')}: the folder ${join(cwd, 'missing')} does not exist\n`,
    );
    expect(await emailOf()).toBe('diego@example.com');
  });

  it('leaves the pool as it was when the outbox cannot be written: one line, exit 255', async () => {
    // Prepare
    mkdirSync(join(cwd, 'state'), { recursive: true });
    writeFileSync(join(cwd, 'state', 'outbox'), 'a file where the outbox folder should be');

    // Act
    const result = await changeEmail('diego.new@example.com');

    // Assess
    expect(result.exitCode).toBe(255);
    const lines = result.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^cognito-trigger: cannot write the outbox in .*outbox: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await emailOf()).toBe('diego@example.com');
  });
});

describe('CLI: state it can trust', () => {
  const damaged = {
    truncated: (text: string) => text.slice(0, text.length / 2),
    'an empty object': () => '{}',
    null: () => 'null',
    'a pool without users as a list': (text: string) =>
      JSON.stringify({ ...JSON.parse(text), pool: { ...JSON.parse(text).pool, Users: 'none' } }),
  } as const;

  for (const [kind, damage] of Object.entries(damaged))
    it(`refuses a saved pool that is ${kind}, names the file and the way out, and overwrites nothing`, async () => {
      // Prepare
      await changeEmail('diego.new@example.com', '--quiet');
      const text = damage(readFileSync(poolFile(), 'utf8'));
      writeFileSync(poolFile(), text);

      // Act
      const update = await cli(
        'admin-update-user-attributes',
        '--user-pool-id',
        POOL,
        '--username',
        'diego.new@example.com',
        '--user-attributes',
        'Name=given_name,Value=D',
      );
      const other = await emailOf('diego@example.com', OTHER_POOL);

      // Assess
      expect(update.exitCode).toBe(255);
      expect(update.stderr).toContain(`the state file ${poolFile()}`);
      expect(update.stderr).toContain('cognito-trigger reset');
      expect(update.stderr).not.toMatch(/\n\s+at /);
      expect(readFileSync(poolFile(), 'utf8')).toBe(text);
      expect(other).toBe('diego@example.com');
    });

  it('keeps every pool when a stray file in pools/ is not a pool', async () => {
    // Prepare
    await changeEmail('diego.new@example.com', '--quiet');
    writeFileSync(join(cwd, 'state', 'pools', 'notes.json'), 'not json');

    // Act
    const email = await emailOf('diego.new@example.com');

    // Assess
    expect(email).toBe('diego.new@example.com');
  });

  it('starts again from the pool file after `reset`, as the error says', async () => {
    // Prepare
    await changeEmail('diego.new@example.com', '--quiet');
    writeFileSync(poolFile(), '{');

    // Act
    await cli('reset', '--quiet');

    // Assess
    expect(await emailOf()).toBe('diego@example.com');
  });

  it('keeps passwords, codes and keys readable by their owner only', async () => {
    // Prepare
    await changeEmail('diego.new@example.com', '--quiet');
    await cli(
      'admin-initiate-auth',
      '--user-pool-id',
      POOL,
      '--client-id',
      '4fk0g8ht3nq2r7m9v6c1b5d8e2',
      '--auth-flow',
      'ADMIN_USER_PASSWORD_AUTH',
      '--auth-parameters',
      'USERNAME=diego.new@example.com,PASSWORD=Passw0rd!',
    );
    const state = join(cwd, 'state');
    const outbox = readdirSync(join(state, 'outbox')).map((f) => join(state, 'outbox', f));

    // Assess
    for (const dir of [state, join(state, 'pools'), join(state, 'outbox')])
      expect((statSync(dir).mode & 0o777).toString(8), basename(dir)).toBe('700');
    for (const file of [poolFile(), join(state, 'signing-key.json'), ...outbox])
      expect((statSync(file).mode & 0o777).toString(8), basename(file)).toBe('600');
  });
});
