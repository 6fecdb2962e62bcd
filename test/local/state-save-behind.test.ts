import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
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

    // Act: a command of its own changes the pool while this process holds its change unwritten; this one closes
    // once that command has ended, or after a while if it waits (as it must) for the lock
    const other = runScript(`
      import { StateStore } from './src/local/state.ts';
      import { DEMO_POOL } from './src/local/pool.ts';
      const store = new StateStore(${JSON.stringify(dir)});
      store.load([DEMO_POOL]);
      store.update(DEMO_POOL.UserPool.Id, (pool) => {
        const [diego, ...others] = pool.Users;
        return { ...pool, Users: [{ ...diego, UserAttributes: [...diego.UserAttributes, { Name: 'family_name', Value: 'From the CLI' }] }, ...others] };
      });
    `);
    let ended = false;
    void other.finally(() => {
      ended = true;
    });
    const startedAt = Date.now();
    while (!ended && Date.now() - startedAt < 3_000) await new Promise((resolve) => setTimeout(resolve, 50));
    await store.close();
    await other;

    // Assert: both changes are in the file
    const attributes = savedPool(dir)?.Users?.[0]?.UserAttributes ?? [];
    expect(attributes).toContainEqual({ Name: 'given_name', Value: 'From serve' });
    expect(attributes).toContainEqual({ Name: 'family_name', Value: 'From the CLI' });
  });

  it('makes a command that reads the state wait until what was answered is written', {
    timeout: 120_000,
  }, async () => {
    // Prepare: a change that would wait a minute to be written, unless closing writes it first
    dir = mkdtempSync(join(tmpdir(), 'ctk-save-behind-'));
    mkdirSync(join(dir, 'pools'), { recursive: true });
    const store = saveBehind({ saveDelayMs: 60_000 });
    store.update(POOL_ID, (pool) => withAttribute(pool, 'given_name', 'Answered'));

    // Act: a command of its own reads the pool; this process closes once it has ended, or after a while if it waits
    const reader = runScript(`
      import { StateStore } from './src/local/state.ts';
      import { DEMO_POOL } from './src/local/pool.ts';
      const { pools } = new StateStore(${JSON.stringify(dir)}).load([DEMO_POOL]);
      const diego = pools.get(DEMO_POOL.UserPool.Id).Users[0];
      console.log(diego.UserAttributes.find((attribute) => attribute.Name === 'given_name').Value);
    `);
    let ended = false;
    void reader.finally(() => {
      ended = true;
    });
    const startedAt = Date.now();
    while (!ended && Date.now() - startedAt < 3_000) await new Promise((resolve) => setTimeout(resolve, 50));
    await store.close();

    // Assert
    expect((await reader).stdout.trim()).toBe('Answered');
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

  it('reports a failed save, fails the next change with it, and loses nothing once it can write again', {
    timeout: 60_000,
  }, async () => {
    // Prepare: a file where the pools folder should be
    dir = mkdtempSync(join(tmpdir(), 'ctk-save-behind-'));
    const reported: Error[] = [];
    const store = saveBehind({ onSaveError: (error) => reported.push(error) });
    writeFileSync(join(dir, 'pools'), 'in the way');

    // Act
    store.update(POOL_ID, (pool) => withAttribute(pool, 'given_name', 'Kept in memory'));
    await vi.waitFor(() => expect(reported.length).toBeGreaterThan(0), { timeout: 30_000 });
    const failed = (() => {
      try {
        store.update(POOL_ID, (pool) => withAttribute(pool, 'given_name', 'Refused'));
        return undefined;
      } catch (error) {
        return error;
      }
    })();
    rmSync(join(dir, 'pools'));
    store.update(POOL_ID, (pool) => withAttribute(pool, 'family_name', 'After'));
    await store.close();

    // Assert
    expect(reported[0]).toBeInstanceOf(StateError);
    expect(reported[0]?.message).toContain(`cannot save the state in ${dir}`);
    expect(failed).toBeInstanceOf(StateError);
    const attributes = savedPool(dir)?.Users?.[0]?.UserAttributes ?? [];
    expect(attributes).toContainEqual({ Name: 'given_name', Value: 'Kept in memory' });
    expect(attributes).toContainEqual({ Name: 'family_name', Value: 'After' });
  });

  it('never writes a message taken back before it was written', async () => {
    // Prepare
    dir = mkdtempSync(join(tmpdir(), 'ctk-save-behind-'));
    const store = saveBehind();
    const kept = store.writeMessage('1', email('kept'));
    const taken = store.writeMessage('2', email('taken back'));

    // Act
    store.removeMessages(taken);
    await store.close();

    // Assert
    for (const path of kept) expect(existsSync(path)).toBe(true);
    for (const path of taken) expect(existsSync(path)).toBe(false);
  });

  it('gives two messages of one millisecond, label and address two sets of files', async () => {
    // Prepare
    dir = mkdtempSync(join(tmpdir(), 'ctk-save-behind-'));
    mkdirSync(dir, { recursive: true });
    const store = saveBehind();

    // Act: the same label and destination, many times in a row (some share a millisecond)
    const written = Array.from({ length: 20 }, (_, i) => store.writeMessage('1', email(`message ${i}`)));
    await store.close();

    // Assert
    const paths = written.flat();
    expect(new Set(paths).size).toBe(paths.length);
    for (const [i, files] of written.entries())
      expect(readFileSync(files[1] as string, 'utf8')).toContain(`message ${i}`);
  });
});
