/**
 * @module local/lock — one writer at a time in a state directory, across processes: an exclusive lock file created
 * with O_EXCL, held for a read-modify-write (a command) or until changes kept in memory are written (`serve`, a few
 * milliseconds after a call), and broken when its holder is gone.
 *
 * A lock file rather than a library: the kit holds the lock for milliseconds around file work, so a synchronous lock
 * with no dependency (and no timers that keep a process alive) fits better than an asynchronous one with periodic
 * refreshes. A holder that keeps it longer (a save being tried again) refreshes it itself.
 */
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  linkSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

interface LockOptions {
  /** How long to wait for another holder before giving up (default: 15000 ms). */
  readonly timeoutMs?: number;
  /**
   * A lock older than this whose holder cannot be checked (another host) is taken as abandoned (default: 30000 ms).
   * Holders on this host are checked by process id at once.
   */
  readonly staleMs?: number;
  /**
   * Let the processes already waiting for the lock take it first (for up to a second): for a holder that takes it
   * again and again (`serve`), so that a command waiting beside it is not starved.
   */
  readonly yieldToWaiters?: boolean;
}

/** The lock could not be taken: another process holds it, or the folder cannot be written. */
class LockError extends Error {
  override readonly name = 'LockError';
}

const HOST = hostname();
const pause = new Int32Array(new SharedArrayBuffer(4));
/** Sleeps without the event loop: the lock is taken around synchronous work. */
const sleep = (ms: number): void => {
  Atomics.wait(pause, 0, 0, ms);
};

/** Reads who holds a lock: `pid host id`, or undefined when the file is gone. */
const readHolder = (path: string): { text: string; pid: number; host: string; ageMs: number } | undefined => {
  try {
    const text = readFileSync(path, 'utf8');
    const ageMs = Date.now() - statSync(path).mtimeMs;
    const [pid = '', host = ''] = text.split(' ');
    return { text, pid: Number(pid), host, ageMs };
  } catch {
    return undefined;
  }
};

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Removes a lock whose holder is gone. The file is moved aside first and checked again, so that two waiters that
 * both saw the same abandoned lock cannot remove a lock a third process has just taken.
 */
const breakIfAbandoned = (path: string, staleMs: number): void => {
  const holder = readHolder(path);
  if (!holder) return;
  const sameHost = holder.host === HOST && Number.isInteger(holder.pid) && holder.pid > 0;
  // A holder that has created the file but not yet written its name is young: wait for it.
  const abandoned = sameHost ? !isAlive(holder.pid) : holder.ageMs > staleMs;
  if (!abandoned) return;
  const aside = `${path}.${randomUUID()}.stale`;
  try {
    renameSync(path, aside);
  } catch {
    return;
  }
  let moved = '';
  try {
    moved = readFileSync(aside, 'utf8');
  } catch {
    // gone already
  }
  if (moved !== holder.text)
    try {
      // Not the lock that was judged abandoned: put it back, unless someone has taken the lock since.
      linkSync(aside, path);
    } catch {
      // The new holder keeps it.
    }
  try {
    unlinkSync(aside);
  } catch {
    // already removed
  }
};

/** How long a holder that yields waits for the processes that wait for the lock, at most. */
const YIELD_MS = 1_000;
/**
 * A waiting process touches its file at each try (every 40 ms at most): one untouched for this long is a leftover
 * (its process ended, was stopped, or its id was reused), whatever host it names.
 */
const WAITER_FRESH_MS = 1_000;

/**
 * The files of the processes that wait for the lock `path` now (`LOCK.waiting-PID-…`, holding `pid host id`): those
 * touched within the last second whose process is alive (on this host; on another, the file's age alone tells).
 * Leftovers are removed.
 */
const waitersOf = (path: string): string[] => {
  const folder = dirname(path);
  const prefix = `${basename(path)}.waiting-`;
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => name.startsWith(prefix));
  } catch {
    return [];
  }
  return names
    .map((name) => join(folder, name))
    .filter((file) => {
      const holder = readHolder(file);
      if (!holder) return false;
      const waiting = holder.ageMs <= WAITER_FRESH_MS && (holder.host !== HOST || isAlive(holder.pid));
      if (!waiting) rmSync(file, { force: true });
      return waiting && holder.pid !== process.pid;
    });
};

/**
 * Whether another process is waiting for the lock `path`: a holder that keeps the lock across calls lets it go then,
 * so that the other can take it.
 */
const hasWaiters = (path: string): boolean => waitersOf(path).length > 0;

/** Sets a file's times to now; a file gone meanwhile is left gone. */
const touch = (path: string): void => {
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // removed meanwhile
  }
};

/** A lock this process holds. */
interface HeldLock {
  /** Lets it go (nothing, once another process has taken it over). */
  release(): void;
  /** Marks it as still in use, so that a holder on another host does not take it for abandoned. */
  refresh(): void;
}

/**
 * Takes the lock file `path`, waiting for another holder with a short, jittered back-off and taking over a lock whose
 * process has ended.
 *
 * @example
 * ```ts
 * const lock = acquireLock(join(stateDir, '.lock'));
 * try { writePool(readPool()); } finally { lock.release(); }
 * ```
 */
const acquireLock = (path: string, options: LockOptions = {}): HeldLock => {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const staleMs = options.staleMs ?? 30_000;
  const token = `${process.pid} ${HOST} ${randomUUID()}`;
  const deadline = Date.now() + timeoutMs;
  if (options.yieldToWaiters) {
    const until = Date.now() + YIELD_MS;
    while (Date.now() < until && waitersOf(path).length > 0) sleep(1);
  }
  // Written once this process has to wait, so that a holder that yields lets it in; removed once it has the lock.
  let waiting: string | undefined;
  try {
    for (let attempt = 0; ; attempt++) {
      let fd: number | undefined;
      try {
        fd = openSync(path, 'wx', 0o600);
        writeSync(fd, token);
        break;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EEXIST')
          throw new LockError(`cannot write the lock file ${path}: ${(error as Error).message}`, {
            cause: error,
          });
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
      breakIfAbandoned(path, staleMs);
      if (waiting) touch(waiting);
      else {
        waiting = `${path}.waiting-${process.pid}-${token.slice(-8)}`;
        writeFileSync(waiting, token, { mode: 0o600 });
      }
      if (Date.now() > deadline) {
        const holder = readHolder(path);
        throw new LockError(
          `${path} is held by ${holder ? `process ${holder.pid} on ${holder.host}` : 'another process'} for more than ${timeoutMs} ms; if no cognito-trigger is running there any more, delete it`,
        );
      }
      sleep(Math.min(2 ** attempt, 40) + Math.random() * 5);
    }
  } finally {
    if (waiting) rmSync(waiting, { force: true });
  }
  let released = false;
  return {
    release: () => {
      if (released) return;
      released = true;
      if (readHolder(path)?.text === token)
        try {
          unlinkSync(path);
        } catch {
          // Removed by someone who judged it abandoned: nothing to release.
        }
    },
    refresh: () => {
      if (!released && readHolder(path)?.text === token) touch(path);
    },
  };
};

/**
 * Runs `work` while holding the lock file `path`, and releases it whatever happens.
 *
 * @example
 * ```ts
 * withLock(join(stateDir, '.lock'), () => writePool(readPool()));
 * ```
 */
const withLock = <T>(path: string, work: () => T, options: LockOptions = {}): T => {
  const lock = acquireLock(path, options);
  try {
    return work();
  } finally {
    lock.release();
  }
};

export type { HeldLock, LockOptions };
export { acquireLock, hasWaiters, LockError, withLock };
