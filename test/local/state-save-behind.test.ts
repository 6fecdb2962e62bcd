import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEMO_POOL, type PoolDocument } from '../../src/local/pool.js';
import { StateError, StateStore } from '../../src/local/state.js';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;
const POOL_ID = DEMO_POOL.UserPool.Id;

/** Diego's given_name in a pool document. */
const givenName = (pool: PoolDocument | undefined) =>
  pool?.Users?.[0]?.UserAttributes?.find((attribute) => attribute.Name === 'given_name')?.Value;

/** The pool with Diego's given_name (or another attribute) set, as an operation's change would make it. */
const withAttribute = (pool: PoolDocument, name: string, value: string): PoolDocument => {
  const [diego, ...others] = pool.Users ?? [];
  if (!diego) throw new Error('the demo pool has no first user');
  const attributes = (diego.UserAttributes ?? []).filter((attribute) => attribute.Name !== name);
  return {
    ...pool,
    Users: [{ ...diego, UserAttributes: [...attributes, { Name: name, Value: value }] }, ...others],
  };
};

/** What is on disk now, read as a command of its own would read it. */
const savedPool = (dir: string): PoolDocument | undefined => {
  const path = join(dir, 'pools', `${POOL_ID}.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')).pool as PoolDocument) : undefined;
};

const email = (text: string) => ({
  medium: 'EMAIL' as const,
  destination: 'diego@example.com',
  subject: 'Your code',
  html: `<p>${text}</p>`,
  text,
});

/** Runs a module in a Node.js process of its own, with the project's TypeScript sources. */
const runScript = (source: string) =>
  run(
    process.execPath,
    ['--conditions=source', '--import', './bin/register-ts.mjs', '--input-type=module', '-e', source],
    { cwd: ROOT, timeout: 60_000 },
  );

/**
 * Starts a module in a Node.js process of its own that prints `waiting` just before the step that needs the lock.
 * Resolves once it has, with a way to tell whether it has ended and its output when it does.
 */
const startBlocked = async (source: string) => {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', './bin/register-ts.mjs', '--input-type=module', '-e', source],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let stdout = '';
  let ended = false;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      ended = true;
      resolve(code);
    }),
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('waiting\n')) resolve();
    });
    void exited.then((code) => reject(new Error(`the process ended (${code}) before it waited: ${stdout}`)));
  });
  return { ended: () => ended, finished: exited.then((code) => ({ code, stdout })) };
};

/**
 * A command of its own that sets Diego's family_name in the state `stateDir` under the lock, printing `waiting`
 * first.
 */
const familyNameFromACommand = (stateDir: string) => `
  import { StateStore } from './src/local/state.ts';
  import { DEMO_POOL } from './src/local/pool.ts';
  const store = new StateStore(${JSON.stringify(stateDir)});
  process.stdout.write('waiting\\n');
  store.load([DEMO_POOL]);
  store.update(DEMO_POOL.UserPool.Id, (pool) => {
    const [diego, ...others] = pool.Users;
    return { ...pool, Users: [{ ...diego, UserAttributes: [...diego.UserAttributes, { Name: 'family_name', Value: 'From the CLI' }] }, ...others] };
  });
`;

/** A little while, for a process that should be waiting to show that it is not. */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once the store has written everything and let the lock go. */
const untilLetGo = () =>
  vi.waitFor(() => expect(existsSync(join(dir, '.lock'))).toBe(false), { timeout: 30_000 });

let dir: string;
const stores: StateStore[] = [];
const saveBehind = (options: ConstructorParameters<typeof StateStore>[1] = {}) => {
  const store = new StateStore(dir, { saveBehind: true, ...options });
  store.load([DEMO_POOL]);
  stores.push(store);
  return store;
};

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('State directory: saving behind the calls (serve)', () => {
  it('answers from memory, holds the lock until the change is written, then writes it and lets the lock go', async () => {
    // Prepare
    dir = mkdtempSync(join(tmpdir(), 'ctk-save-behind-'));
    const store = saveBehind();

    // Act
    store.update(POOL_ID, (pool) => withAttribute(pool, 'given_name', 'Diego Behind'));
    const paths = store.writeMessage('1', email('Your code is 123456'));

    // Assert: the change is this process's at once, and the lock says that another must wait for it
    expect(givenName(store.current(POOL_ID))).toBe('Diego Behind');
    expect(existsSync(join(dir, '.lock'))).toBe(true);
    await vi.waitFor(() => expect(existsSync(join(dir, '.lock'))).toBe(false), { timeout: 30_000 });
    expect(givenName(savedPool(dir))).toBe('Diego Behind');
    expect(paths).toHaveLength(2);
    expect(readFileSync(paths[1] as string, 'utf8')).toContain('Your code is 123456');
    expect(readdirSync(join(dir, 'pools')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('writes everything that waits when closed', async () => {
    // Prepare
    dir = mkdtempSync(join(tmpdir(), 'ctk-save-behind-'));
    const store = saveBehind();
    store.update(POOL_ID, (pool) => withAttribute(pool, 'given_name', 'Closed'));
    const paths = store.writeMessage('1', email('closing'));

    // Act
    await store.close();

    // Assert
    expect(givenName(savedPool(dir))).toBe('Closed');
    for (const path of paths) expect(existsSync(path)).toBe(true);
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  });

  it('loses no update when another process changes the same pool meanwhile: it waits for the lock', {
    timeout: 120_000,
  }, async () => {
    // Prepare: a change that would wait a minute to be written, unless closing writes it first
    dir = mkdtempSync(join(tmpdir(), 'ctk-save-behind-'));
    const store = saveBehind({ saveDelayMs: 60_000 });
    store.update(POOL_ID, (pool) => withAttribute(pool, 'given_name', 'From serve'));

    // Act: a command of its own changes the pool while this process holds its change unwritten
    const other = await startBlocked(familyNameFromACommand(dir));
    await pause(1_000);
    const endedWhileHeld = other.ended();
    await store.close();
    const { code } = await other.finished;

    // Assert: it waited, and both changes are in the file
    expect(endedWhileHeld).toBe(false);
    expect(code).toBe(0);
    const attributes = savedPool(dir)?.Users?.[0]?.UserAttributes ?? [];
    expect(attributes).toContainEqual({ Name: 'given_name', Value: 'From serve' });
    expect(attributes).toContainEqual({ Name: 'family_name', Value: 'From the CLI' });
  });

  it('lets a command waiting beside it take the lock, though its changes never stop', {
    timeout: 120_000,
  }, async () => {
    // Prepare: a store that changes the pool without a pause, as serve under load does
    dir = mkdtempSync(join(tmpdir(), 'ctk-save-behind-'));
    const store = saveBehind();
    let busy = true;
    let changes = 0;
    const load = (async () => {
      while (busy) {
        store.update(POOL_ID, (pool) => withAttribute(pool, 'given_name', `change ${++changes}`));
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();

    // Act: a command of its own changes the pool meanwhile (it gives up after 15 s without the lock)
    const other = await startBlocked(familyNameFromACommand(dir));
    const changesWhenItAsked = changes;
    const { code } = await other.finished;
    const changesUntilItHadIt = changes;
    busy = false;
    await load;
    await store.close();

    // Assert: it had its turn while the changes went on, and lost none of them nor was lost
    expect(code).toBe(0);
    expect(changesUntilItHadIt).toBeGreaterThan(changesWhenItAsked);
    const attributes = savedPool(dir)?.Users?.[0]?.UserAttributes ?? [];
    expect(attributes).toContainEqual({ Name: 'family_name', Value: 'From the CLI' });
    expect(attributes).toContainEqual({ Name: 'given_name', Value: `change ${changes}` });
  });

  it('makes a command that reads the state wait until what was answered is written, from the first change on', {
    timeout: 120_000,
  }, async () => {
    // Prepare: a fresh state and a change that would wait a minute to be written, unless closing writes it first
    dir = mkdtempSync(join(tmpdir(), 'ctk-save-behind-'));
    const store = saveBehind({ saveDelayMs: 60_000 });
    store.update(POOL_ID, (pool) => withAttribute(pool, 'given_name', 'Answered'));

    // Act: a command of its own reads the pool
    const reader = await startBlocked(`
      import { StateStore } from './src/local/state.ts';
      import { DEMO_POOL } from './src/local/pool.ts';
      process.stdout.write('waiting\\n');
      const { pools } = new StateStore(${JSON.stringify(dir)}).load([DEMO_POOL]);
      const diego = pools.get(DEMO_POOL.UserPool.Id).Users[0];
      console.log(diego.UserAttributes.find((attribute) => attribute.Name === 'given_name').Value);
    `);
    await pause(1_000);
    const endedWhileHeld = reader.ended();
    await store.close();
    const { stdout } = await reader.finished;

    // Assert
    expect(endedWhileHeld).toBe(false);
    expect(stdout).toBe('waiting\nAnswered\n');
  });

  it('sees a change another process wrote once it has the lock again', async () => {
    // Prepare
    dir = mkdtempSync(join(tmpdir(), 'ctk-save-behind-'));
    const store = saveBehind();
    store.update(POOL_ID, (pool) => withAttribute(pool, 'given_name', 'First'));
    await vi.waitFor(() => expect(existsSync(join(dir, '.lock'))).toBe(false), { timeout: 30_000 });

    // Act
    const other = new StateStore(dir);
    other.load([DEMO_POOL]);
    other.update(POOL_ID, (pool) => withAttribute(pool, 'given_name', 'Changed elsewhere'));
    const next = store.update(POOL_ID, (pool) => withAttribute(pool, 'family_name', 'Then here'));

    // Assert
    expect(givenName(next)).toBe('Changed elsewhere');
    await store.close();
    expect(givenName(savedPool(dir))).toBe('Changed elsewhere');
  });

  it('writes what waits when the process exits without closing', { timeout: 120_000 }, async () => {
    // Prepare
    dir = mkdtempSync(join(tmpdir(), 'ctk-save-behind-'));

    // Act: the change is answered, then the process ends before its save is due
    const { stdout } = await runScript(`
      import { StateStore } from './src/local/state.ts';
      import { DEMO_POOL } from './src/local/pool.ts';
      const store = new StateStore(${JSON.stringify(dir)}, { saveBehind: true });
      store.load([DEMO_POOL]);
      store.update(DEMO_POOL.UserPool.Id, (pool) => ({ ...pool, UserPool: { ...pool.UserPool, Name: 'exited' } }));
      const paths = store.writeMessage('1', { medium: 'SMS', destination: '+14325551212', text: 'Your code is 424242' });
      console.log(JSON.stringify(paths));
      process.exit(0);
    `);

    // Assert
    const [path] = JSON.parse(stdout) as string[];
    expect(readFileSync(path as string, 'utf8')).toContain('Your code is 424242');
    const saved = JSON.parse(readFileSync(join(dir, 'pools', `${POOL_ID}.json`), 'utf8'));
    expect(saved.pool.UserPool.Name).toBe('exited');
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  });

  it('reports a failed save, refuses changes until one goes through, and loses nothing once it can write', {
    timeout: 60_000,
  }, async () => {
    // Prepare: a file where the pools folder should be
    dir = mkdtempSync(join(tmpdir(), 'ctk-save-behind-'));
    const reported: Error[] = [];
    const store = saveBehind({ onSaveError: (error) => reported.push(error) });
    writeFileSync(join(dir, 'pools'), 'in the way');
    const change = (name: string, value: string) => {
      try {
        store.update(POOL_ID, (pool) => withAttribute(pool, name, value));
        return undefined;
      } catch (error) {
        return error;
      }
    };

    // Act
    const first = change('given_name', 'Kept in memory');
    await vi.waitFor(() => expect(reported.length).toBeGreaterThan(0), { timeout: 30_000 });
    const refused = [change('given_name', 'Refused'), change('family_name', 'Refused too')];
    rmSync(join(dir, 'pools'));
    // The writer tries again (after a second) and gets through
    await vi.waitFor(() => expect(givenName(savedPool(dir))).toBe('Kept in memory'), { timeout: 30_000 });
    const after = change('family_name', 'After');
    await untilLetGo();

    // Assert
    expect(first).toBeUndefined();
    expect(reported[0]).toBeInstanceOf(StateError);
    expect(reported[0]?.message).toContain(`cannot save the state in ${dir}`);
    for (const error of refused) expect(error).toBeInstanceOf(StateError);
    expect(after).toBeUndefined();
    const attributes = savedPool(dir)?.Users?.[0]?.UserAttributes ?? [];
    expect(attributes).toContainEqual({ Name: 'given_name', Value: 'Kept in memory' });
    expect(attributes).toContainEqual({ Name: 'family_name', Value: 'After' });
  });

  it('goes on writing after another process has reset the state', { timeout: 60_000 }, async () => {
    // Prepare: one change written, then the state reset by a command of its own
    dir = mkdtempSync(join(tmpdir(), 'ctk-save-behind-'));
    const reported: Error[] = [];
    const store = saveBehind({ onSaveError: (error) => reported.push(error) });
    store.update(POOL_ID, (pool) => withAttribute(pool, 'given_name', 'Before the reset'));
    store.writeMessage('1', email('before'));
    await untilLetGo();
    new StateStore(dir).reset();
    rmSync(join(dir, 'outbox'), { recursive: true });

    // Act
    const next = store.update(POOL_ID, (pool) => withAttribute(pool, 'family_name', 'After the reset'));
    const paths = store.writeMessage('2', email('after'));
    await untilLetGo();

    // Assert: the reset pool started again from its seed, and the folders were made again
    expect(givenName(next)).toBe(givenName(DEMO_POOL));
    expect(savedPool(dir)?.Users?.[0]?.UserAttributes).toContainEqual({
      Name: 'family_name',
      Value: 'After the reset',
    });
    for (const path of paths) expect(existsSync(path)).toBe(true);
    expect(reported).toEqual([]);
  });

  it('never leaves a message taken back in the outbox, whether it waited or was being written', async () => {
    // Prepare: many messages handed to the writer at once
    dir = mkdtempSync(join(tmpdir(), 'ctk-save-behind-'));
    const store = saveBehind({ saveDelayMs: 0 });
    const written = Array.from({ length: 200 }, (_, i) => store.writeMessage('1', email(`message ${i}`)));
    const waiting = store.writeMessage('2', email('taken back before it was handed over'));
    store.removeMessages(waiting);

    // Act: the last of the batch taken back once the writer has begun
    await vi.waitFor(() => expect(existsSync(written[0]?.[0] as string)).toBe(true), { timeout: 30_000 });
    const last = written[written.length - 1] as string[];
    store.removeMessages(last);
    await untilLetGo();

    // Assert
    for (const path of [...waiting, ...last]) expect(existsSync(path)).toBe(false);
    for (const files of written.slice(0, -1)) for (const path of files) expect(existsSync(path)).toBe(true);
  });

  it('gives two messages of one millisecond, label and address two sets of files', async () => {
    // Prepare
    dir = mkdtempSync(join(tmpdir(), 'ctk-save-behind-'));
    const store = saveBehind({ saveDelayMs: 0 });

    // Act: the same label and destination, many times in a row (some share a millisecond)
    const written = Array.from({ length: 20 }, (_, i) => store.writeMessage('1', email(`message ${i}`)));
    await untilLetGo();

    // Assert
    const paths = written.flat();
    expect(new Set(paths).size).toBe(paths.length);
    for (const [i, files] of written.entries())
      expect(readFileSync(files[1] as string, 'utf8')).toContain(`message ${i}`);
  });
});
