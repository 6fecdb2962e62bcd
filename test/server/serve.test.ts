import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEMO_POOL, type PoolDocument } from '../../src/local/pool.js';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const BIN = join(root, 'bin/cognito-trigger.mjs');
const POOL = DEMO_POOL.UserPool.Id;
const WRITERS = 10;

/** The demo pool with custom attributes for each writer, its trigger kept. */
const poolFile = (dir: string): string => {
  const pool = structuredClone(DEMO_POOL) as PoolDocument & { UserPool: { SchemaAttributes: unknown[] } };
  for (const side of ['sdk', 'cli'])
    for (let i = 0; i < WRITERS; i++)
      pool.UserPool.SchemaAttributes.push({
        Name: `custom:${side}${i}`,
        AttributeDataType: 'String',
        DeveloperOnlyAttribute: false,
        Mutable: true,
        Required: false,
        StringAttributeConstraints: { MinLength: '1', MaxLength: '32' },
      });
  const path = join(dir, 'pool.json');
  writeFileSync(path, JSON.stringify(pool));
  return path;
};

interface Served {
  readonly child: ChildProcess;
  readonly url: string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

/** Starts `cognito-trigger serve --port 0` and waits for the line that names its URL. */
const serve = async (cwd: string, ...argv: string[]): Promise<Served> => {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...argv], {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const found = /Cognito user pools API on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (found) resolve(found[1] as string);
    });
    void exited.then((code) => reject(new Error(`serve exited (${code}) before listening: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr, exited };
};

const clientFor = (url: string) =>
  new CognitoIdentityProviderClient({
    endpoint: url,
    region: 'us-west-2',
    credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
  });

/** `cognito-trigger admin-get-user` on a state directory, as a command of its own. */
const adminGetUser = (stateDir: string, username: string) =>
  run(
    process.execPath,
    [BIN, 'admin-get-user', '--user-pool-id', POOL, '--username', username, '--state-dir', stateDir],
    { cwd: root, timeout: 60_000 },
  );

let dir: string;
let served: Served | undefined;
afterEach(async () => {
  served?.child.kill('SIGKILL');
  await served?.exited;
  served = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('cognito-trigger serve', () => {
  it('loses no update when SDK calls and CLI processes write the same state at once', {
    timeout: 120_000,
  }, async () => {
    // Prepare
    dir = mkdtempSync(join(tmpdir(), 'ctk-serve-'));
    const pool = poolFile(dir);
    served = await serve(root, '--pool', pool, '--state-dir', join(dir, 'state'), '--quiet');
    const client = clientFor(served.url);
    const set = (name: string, value: string) =>
      client.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: POOL,
          Username: 'diego@example.com',
          UserAttributes: [{ Name: name, Value: value }],
        }),
      );
    const cli = (name: string, value: string) =>
      run(
        process.execPath,
        [
          BIN,
          'admin-update-user-attributes',
          '--pool',
          pool,
          '--state-dir',
          join(dir, 'state'),
          '--user-pool-id',
          POOL,
          '--username',
          'diego@example.com',
          '--user-attributes',
          `Name=${name},Value=${value}`,
          '--quiet',
        ],
        { cwd: root, timeout: 60_000 },
      );

    // Act
    await Promise.all([
      ...Array.from({ length: WRITERS }, (_, i) => set(`custom:sdk${i}`, `s${i}`)),
      ...Array.from({ length: WRITERS }, (_, i) => cli(`custom:cli${i}`, `c${i}`)),
    ]);

    // Assess
    const { UserAttributes = [] } = await client.send(
      new AdminGetUserCommand({ UserPoolId: POOL, Username: 'diego@example.com' }),
    );
    const stored = Object.fromEntries(UserAttributes.map((a) => [a.Name, a.Value]));
    for (let i = 0; i < WRITERS; i++) {
      expect(stored[`custom:sdk${i}`], `custom:sdk${i}`).toBe(`s${i}`);
      expect(stored[`custom:cli${i}`], `custom:cli${i}`).toBe(`c${i}`);
    }
    client.destroy();
  });

  it('answers the call in flight on SIGTERM, saves it, and exits 0', { timeout: 60_000 }, async () => {
    // Prepare: a trigger that takes a moment, so that the call is still running when the signal arrives.
    dir = mkdtempSync(join(tmpdir(), 'ctk-serve-'));
    writeFileSync(
      join(dir, 'slow.ts'),
      [
        "import { writeFileSync } from 'node:fs';",
        'export const handler = async (event: unknown) => {',
        `  writeFileSync(${JSON.stringify(join(dir, 'invoked'))}, '');`,
        '  await new Promise((r) => setTimeout(r, 1500));',
        '  return event;',
        '};',
        '',
      ].join('\n'),
    );
    served = await serve(dir, '--handler', 'slow.ts', '--state-dir', 'state');
    const client = clientFor(served.url);
    const call = client.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: POOL,
        Username: 'diego@example.com',
        UserAttributes: [{ Name: 'email', Value: 'diego.new@example.com' }],
      }),
    );
    // The signal comes once the trigger is running: the call is in flight.
    while (!existsSync(join(dir, 'invoked'))) await new Promise((resolve) => setTimeout(resolve, 20));

    // Act
    served.child.kill('SIGTERM');
    const response = await call;
    const code = await served.exited;

    // Assess
    expect(response.$metadata.httpStatusCode).toBe(200);
    expect(code).toBe(0);
    expect(served.stderr()).toContain('AdminUpdateUserAttributes diego@example.com (email)');
    expect(served.stderr()).toContain('stopped; every call was answered');
    const { stdout } = await adminGetUser(join(dir, 'state'), 'diego.new@example.com');
    expect(JSON.parse(stdout).UserAttributes).toContainEqual({
      Name: 'email',
      Value: 'diego.new@example.com',
    });
    client.destroy();
  });

  it('has the change and its email on disk for a command run right after the answer', {
    timeout: 60_000,
  }, async () => {
    // Prepare
    dir = mkdtempSync(join(tmpdir(), 'ctk-serve-'));
    served = await serve(root, '--state-dir', join(dir, 'state'), '--quiet');
    const client = clientFor(served.url);

    // Act: an email change through serve, then at once a command of its own on the same state
    await client.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: POOL,
        Username: 'diego@example.com',
        UserAttributes: [{ Name: 'email', Value: 'diego.behind@example.com' }],
      }),
    );
    const { stdout } = await adminGetUser(join(dir, 'state'), 'diego.behind@example.com');

    // Assess (that a command waits for serve's lock while a change is unwritten: test/local/state-save-behind.test.ts)
    expect(JSON.parse(stdout).UserAttributes).toContainEqual({
      Name: 'email',
      Value: 'diego.behind@example.com',
    });
    const outbox = readdirSync(join(dir, 'state', 'outbox'));
    expect(outbox.some((name) => name.endsWith('-email-diego.behind@example.com.html'))).toBe(true);
    // Quiet, the function's own log line still reaches serve's stderr (its process writes there itself)
    await vi.waitFor(() =>
      expect(served?.stderr()).toContain('"triggerSource":"CustomMessage_UpdateUserAttribute"'),
    );
    client.destroy();
  });

  it('says so in one line when its port is taken', { timeout: 60_000 }, async () => {
    // Prepare
    dir = mkdtempSync(join(tmpdir(), 'ctk-serve-'));
    served = await serve(dir, '--state-dir', 'state');
    const port = new URL(served.url).port;

    // Act
    const second = await run(process.execPath, [BIN, 'serve', '--port', port, '--state-dir', 'state'], {
      cwd: dir,
      timeout: 30_000,
    }).catch((error: { stderr: string; code: number }) => error);

    // Assess
    expect((second as { code: number }).code).toBe(255);
    expect((second as { stderr: string }).stderr).toMatch(
      new RegExp(`\\ncognito-trigger: cannot listen on port ${port}: the port is in use\\n$`),
    );
  });
});
