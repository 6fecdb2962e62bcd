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
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';

interface LockOptions {
  /** How long to wait for another holder before giving up (default: 15000 ms). */
  readonly timeoutMs?: number;
  /**
   * A lock older than this whose holder cannot be checked (another host) is taken as abandoned (default: 30000 ms).
   * Holders on this host are checked by process id at once.
   */
  readonly staleMs?: number;
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
    if (Date.now() > deadline) {
      const holder = readHolder(path);
      throw new LockError(
        `${path} is held by ${holder ? `process ${holder.pid} on ${holder.host}` : 'another process'} for more than ${timeoutMs} ms; if no other cognito-trigger is running, delete it`,
      );
    }
    sleep(Math.min(2 ** attempt, 40) + Math.random() * 5);
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
      if (released || readHolder(path)?.text !== token) return;
      try {
        const now = new Date();
        utimesSync(path, now, now);
      } catch {
        // Gone: the next release has nothing to do either.
      }
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
export { acquireLock, LockError, withLock };
