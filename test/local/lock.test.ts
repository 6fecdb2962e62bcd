import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { acquireLock, hasWaiters, LockError } from '../../src/local/lock.js';
import { DEMO_POOL } from '../../src/local/pool.js';
import { StateStore } from '../../src/local/state.js';

const ROOT = new URL('../../', import.meta.url).pathname;

let dir: string;
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** A process that only stays alive: its id stands for a live process that is not this one. */
const liveProcess = () => {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  children.push(child);
  return child.pid as number;
};

/** A waiting process's file beside the lock, as the lock writes it, touched `ageMs` ago. */
const waiterFile = (lock: string, pid: number, ageMs = 0) => {
  const file = `${lock}.waiting-${pid}-test`;
  writeFileSync(file, `${pid} ${hostname()} test`);
  const then = new Date(Date.now() - ageMs);
  utimesSync(file, then, then);
  return file;
};

const waitingFiles = () => readdirSync(dir).filter((name) => name.includes('.waiting-'));

describe('The state lock', () => {
  it('lets a process that waits for it go first when its holder takes it again', {
    timeout: 60_000,
  }, async () => {
    // Prepare: this process holds the lock; another waits for it, and notes when it has it
    dir = mkdtempSync(join(tmpdir(), 'ctk-lock-'));
    const lock = join(dir, '.lock');
    const marker = join(dir, 'other-had-it');
    const held = acquireLock(lock);
    const other = spawn(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        './bin/register-ts.mjs',
        '--input-type=module',
        '-e',
        `import { writeFileSync } from 'node:fs';
         import { acquireLock } from './src/local/lock.ts';
         const lock = acquireLock(${JSON.stringify(lock)});
         writeFileSync(${JSON.stringify(marker)}, '');
         lock.release();`,
      ],
      { cwd: ROOT, stdio: 'ignore' },
    );
    children.push(other);
    await vi.waitFor(() => expect(waitingFiles()).toHaveLength(1), { timeout: 30_000 });

    // Act: let go, and take it again at once, yielding
    held.release();
    const again = acquireLock(lock, { yieldToWaiters: true });

    // Assert: the other process had it in between, and its waiting file is gone
    expect(existsSync(marker)).toBe(true);
    expect(waitingFiles()).toEqual([]);
    again.release();
  });

  it('counts a waiting file only while its process lives and touches it, and removes leftovers', () => {
    // Prepare
    dir = mkdtempSync(join(tmpdir(), 'ctk-lock-'));
    const lock = join(dir, '.lock');
    const alive = liveProcess();

    // Act & Assert: a fresh file of a live process counts
    const fresh = waiterFile(lock, alive);
    expect(hasWaiters(lock)).toBe(true);
    rmSync(fresh);
    // one not touched for five seconds (a stopped process, a reused id) does not, and goes
    const old = waiterFile(lock, alive, 5_000);
    expect(hasWaiters(lock)).toBe(false);
    expect(existsSync(old)).toBe(false);
    // nor does one whose process is gone, nor this process's own
    waiterFile(lock, 2 ** 22 + 12_345);
    waiterFile(lock, process.pid);
    expect(hasWaiters(lock)).toBe(false);
  });

  it('removes its waiting file when it gives up, and says who holds the lock', () => {
    // Prepare
    dir = mkdtempSync(join(tmpdir(), 'ctk-lock-'));
    const lock = join(dir, '.lock');
    const held = acquireLock(lock);

    // Act
    const failed = (() => {
      try {
        acquireLock(lock, { timeoutMs: 200 });
        return undefined;
      } catch (error) {
        return error;
      }
    })();

    // Assert
    expect(failed).toBeInstanceOf(LockError);
    expect((failed as Error).message).toContain(`is held by process ${process.pid} on ${hostname()}`);
    expect(waitingFiles()).toEqual([]);
    held.release();
  });

  it('is let go by a store saving behind its calls at its next save when a process waits, all written first', async () => {
    // Prepare: a change held, and a process waiting for the lock
    dir = mkdtempSync(join(tmpdir(), 'ctk-lock-'));
    const store = new StateStore(dir, { saveBehind: true, saveDelayMs: 0 });
    store.load([DEMO_POOL]);
    store.update(DEMO_POOL.UserPool.Id, (pool) => ({
      ...pool,
      UserPool: { ...pool.UserPool, Name: 'held' },
    }));
    waiterFile(join(dir, '.lock'), liveProcess());

    // Act: the store's save is due first (same delay, set first)
    await new Promise((resolve) => setTimeout(resolve, 0));

    // Assert: written and let go within that save, not later by the writer thread
    expect(existsSync(join(dir, '.lock'))).toBe(false);
    expect(existsSync(join(dir, 'pools', `${DEMO_POOL.UserPool.Id}.json`))).toBe(true);
    await store.close();
  });
});
