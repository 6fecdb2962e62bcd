/**
 * @module local/state — the simulator's state directory: pools between commands, the signing key, the outbox. Every
 * read-modify-write happens under one lock shared by every process that uses the directory, and files that hold
 * codes, passwords or keys are readable by their owner only.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { acquireLock, type HeldLock, hasWaiters, withLock } from './lock.js';
import {
  type OutboxMessage,
  outboxExtensions,
  outboxFiles,
  outboxName,
  removeFiles,
  writeOutboxFiles,
} from './outbox.js';
import type { PoolDocument } from './pool.js';
import {
  asStateError,
  cannotWrite,
  createOnce,
  DIR_MODE,
  readIfExists,
  StateError,
  stampOf,
  writeAtomically,
} from './state-files.js';
import { StateWriter, type WriteJob, type WriteResult } from './state-writer.js';

/** Where state lives when no `--state-dir` is given. */
const DEFAULT_STATE_DIR = '.cognito-trigger';
/** Saving behind the calls: how long changes gather in memory before they are written together. */
const SAVE_DELAY_MS = 10;
/** After a failed save, the next try waits this long per failure in a row (at most 5 s). */
const RETRY_DELAY_MS = 1_000;

interface StateStoreOptions {
  /**
   * Save behind the calls, for a long-lived engine (`serve`): a change is kept in memory and written a few
   * milliseconds later together with the changes that follow it, under the lock, which this process holds from the
   * first change until they are all on disk. Other processes wait for the lock, so they never read or change a state
   * older than what this one has answered; `close()` writes what is left (so does the process's exit). Default:
   * false, each change written before `update` returns.
   */
  readonly saveBehind?: boolean;
  /** Told when writing behind the calls fails; the changes stay in memory, and the next change fails with it. */
  readonly onSaveError?: (error: Error) => void;
  /** How long changes gather in memory before they are written together (default: 10 ms). */
  readonly saveDelayMs?: number;
}

/** A message waiting to be written to the outbox (saving behind the calls); its files are made when it is. */
interface PendingMessage {
  readonly base: string;
  readonly message: OutboxMessage;
  /** The paths returned for it: renamed in place when another process took the name first. */
  readonly paths: string[];
  /** Taken back (the call failed) while it was being written: removed once written. */
  cancelled?: boolean;
}

interface StoredPool {
  /** A hash of the pool file or embedded pool this state was seeded from; {@link CREATED} for a pool with no seed. */
  readonly seed: string;
  readonly pool: PoolDocument;
  /**
   * A tombstone: the seeded pool was deleted (DeleteUserPool), and stays deleted until `reset` whatever its seed
   * becomes. Its `pool` holds the id alone.
   */
  readonly deleted?: true;
}

/** The `seed` of a pool created at run time (CreateUserPool): no pool file stands behind it. */
const CREATED = 'created';

const hashOf = (document: PoolDocument): string =>
  createHash('sha256').update(JSON.stringify(document)).digest('hex').slice(0, 16);

const safeName = (id: string): string => id.replace(/[^\w.-]/g, '_');

/** What a stored pool file holds, checked: anything else is refused rather than replaced. */
const parseStoredPool = (path: string, text: string): StoredPool => {
  const wayOut = `fix it, or run \`cognito-trigger reset\` to start every pool again from its pool file`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StateError(`the state file ${path} is not valid JSON (${(error as Error).message}): ${wayOut}`);
  }
  const stored = parsed as Partial<StoredPool> | null;
  if (
    stored === null ||
    typeof stored !== 'object' ||
    typeof stored.seed !== 'string' ||
    typeof stored.pool?.UserPool?.Id !== 'string' ||
    (stored.pool.Users !== undefined && !Array.isArray(stored.pool.Users)) ||
    (stored.deleted !== undefined && stored.deleted !== true)
  )
    throw new StateError(
      `the state file ${path} is not a saved pool (it needs "seed" and "pool" with "UserPool.Id"): ${wayOut}`,
    );
  return stored as StoredPool;
};

/** A pool's file as written. */
const poolText = (stored: StoredPool): string => `${JSON.stringify(stored, null, 2)}\n`;

/**
 * The state directory. Pools are seeded from a pool document (the embedded demo pool or a `--pool` file) the first
 * time, or again when that document changes, and then persist between commands. Pools created at run time are kept
 * beside them with no seed; a deleted seeded pool leaves a tombstone. `reset` forgets all of it. A pool whose saved
 * file is damaged is refused, with the file's name, and never overwritten; the other pools are unaffected.
 *
 * @example
 * ```ts
 * const store = new StateStore('.cognito-trigger');
 * const { pools } = store.load(DEMO_POOLS);
 * store.update('us-west-2_aaaaaaaaa', (pool) => ({ ...pool, Users: [] }));
 * ```
 */
class StateStore {
  readonly dir: string;
  readonly #seeds = new Map<string, { readonly hash: string; readonly document: PoolDocument }>();
  /** Saved pools as last read or written, with the file's stamp then: read again only when the file changed. */
  readonly #saved = new Map<
    string,
    { readonly stamp: string | undefined; readonly stored?: StoredPool; readonly text?: string }
  >();
  /** Pools as {@link current} last resolved them, with the saved state they came from. */
  readonly #read = new Map<
    string,
    { readonly saved: StoredPool | undefined; readonly pool?: PoolDocument }
  >();
  readonly #options: StateStoreOptions;
  /** Saving behind the calls: the lock this process holds until its changes are on disk. */
  #lock: HeldLock | undefined;
  /**
   * Saving behind the calls: pools changed in memory and not yet written (null: the file goes). A pool stays here until
   * the version written is on disk, so that reads meanwhile see it.
   */
  readonly #pendingPools = new Map<string, StoredPool | null>();
  /** The version of each pool the writer has been given and has not yet answered for. */
  readonly #sentPools = new Map<string, StoredPool | null>();
  readonly #pendingMessages: PendingMessage[] = [];
  readonly #sentMessages = new Set<PendingMessage>();
  /** Outbox names handed out and not yet written, so that two messages of one millisecond get two names. */
  readonly #pendingNames = new Set<string>();
  #writer: StateWriter | undefined;
  /** Pools read since this process took the lock: no other process can have changed their files since. */
  readonly #checked = new Set<string>();
  #saveTimer: NodeJS.Timeout | undefined;
  #saveError: Error | undefined;
  /** Saves that failed in a row: the next waits longer. */
  #failures = 0;
  /** Work under the lock is running: the lock stays, whatever a batch written meanwhile would decide. */
  #working = 0;
  readonly #saveOnExit = () => {
    try {
      this.#saveNow();
    } catch (error) {
      this.#options.onSaveError?.(asStateError(`save the state in ${this.dir}`, error));
    } finally {
      this.#letGo();
    }
  };

  constructor(dir: string = DEFAULT_STATE_DIR, options: StateStoreOptions = {}) {
    this.dir = dir;
    this.#options = options;
  }

  get outboxDir(): string {
    return join(this.dir, 'outbox');
  }

  get #poolsDir(): string {
    return join(this.dir, 'pools');
  }

  get #lockPath(): string {
    return join(this.dir, '.lock');
  }

  #poolPath(id: string): string {
    return join(this.#poolsDir, `${safeName(id)}.json`);
  }

  /**
   * Runs `work` as the only writer of this state directory, across processes. Saving behind the calls, the lock is
   * taken once and kept until the changes are written.
   */
  #locked<T>(doing: string, work: () => T): T {
    if (!this.#options.saveBehind)
      try {
        mkdirSync(this.dir, { recursive: true, mode: DIR_MODE });
        return withLock(this.#lockPath, work);
      } catch (error) {
        throw asStateError(doing, error);
      }
    // While what was answered cannot be written, nothing more is answered: every change fails with the reason, until
    // a save goes through.
    if (this.#saveError) throw this.#saveError;
    this.#working++;
    try {
      if (!this.#lock) {
        mkdirSync(this.dir, { recursive: true, mode: DIR_MODE });
        this.#lock = acquireLock(this.#lockPath, { yieldToWaiters: true });
        this.#checked.clear();
        process.on('exit', this.#saveOnExit);
      }
      return work();
    } catch (error) {
      throw asStateError(doing, error);
    } finally {
      this.#working--;
      this.#afterWork();
    }
  }

  /**
   * Saving behind the calls, after each piece of work under the lock: a save is due when something waits to be
   * written; with nothing waiting or being written, the lock goes.
   */
  #afterWork(): void {
    if (this.#saveTimer || this.#working > 0) return;
    if (this.#pendingPools.size > this.#sentPools.size || this.#pendingMessages.length > 0)
      this.#saveTimer = setTimeout(
        () => {
          this.#saveTimer = undefined;
          this.#save();
        },
        this.#failures === 0
          ? (this.#options.saveDelayMs ?? SAVE_DELAY_MS)
          : Math.min(RETRY_DELAY_MS * this.#failures, 5_000),
      );
    else if (this.#pendingPools.size === 0 && !this.#writer?.busy) this.#letGo();
  }

  #letGo(): void {
    this.#lock?.release();
    this.#lock = undefined;
    process.off('exit', this.#saveOnExit);
  }

  /**
   * Hands what waits to the writer thread; calls go on meanwhile, and their changes join the next save. When another
   * process waits for the lock, everything is written at once instead and the lock let go, so that a command run
   * beside a busy `serve` gets its turn.
   */
  #save(): void {
    if (this.#lock && hasWaiters(this.#lockPath)) {
      const reported = this.#saveError;
      try {
        this.#saveNow();
        this.#letGo();
      } catch (error) {
        // Kept, and still in use: tried again later (a batch that failed meanwhile has reported itself already).
        this.#lock.refresh();
        if (this.#saveError === reported) {
          this.#failures++;
          this.#saveError = asStateError(`save the state in ${this.dir}`, error);
          this.#options.onSaveError?.(this.#saveError);
        }
        this.#afterWork();
      }
      return;
    }
    const pools = [...this.#pendingPools].filter(([id, stored]) => this.#sentPools.get(id) !== stored);
    const messages = this.#pendingMessages.splice(0);
    const jobs: WriteJob[] = [
      ...pools.map(
        ([id, stored]): WriteJob =>
          stored === null
            ? { type: 'remove', paths: [this.#poolPath(id)] }
            : { type: 'pool', path: this.#poolPath(id), text: poolText(stored) },
      ),
      ...messages.map(
        (message): WriteJob => ({
          type: 'message',
          dir: this.outboxDir,
          base: message.base,
          files: Object.entries(outboxFiles(message.message)),
        }),
      ),
    ];
    if (jobs.length === 0) {
      this.#afterWork();
      return;
    }
    for (const [id, stored] of pools) this.#sentPools.set(id, stored);
    for (const message of messages) this.#sentMessages.add(message);
    // Held longer while saves fail: still in use, not abandoned.
    if (this.#failures > 0) this.#lock?.refresh();
    if (!this.#writer?.alive) this.#writer = new StateWriter();
    this.#writer.send(jobs, (results) => {
      const failures: string[] = [];
      for (const [index, [id, stored]] of pools.entries()) {
        const { stamp, error } = results[index] as WriteResult;
        const job = jobs[index] as WriteJob;
        if (this.#sentPools.get(id) === stored) this.#sentPools.delete(id);
        if (error) {
          failures.push(error.message);
          continue;
        }
        this.#saved.set(
          id,
          stored === null || job.type !== 'pool' ? { stamp: undefined } : { stamp, stored, text: job.text },
        );
        // Written as it stands in memory: nothing more to write for it until it changes again.
        if (this.#pendingPools.get(id) === stored) this.#pendingPools.delete(id);
      }
      for (const [index, message] of messages.entries()) {
        const { paths, error } = results[pools.length + index] as WriteResult;
        this.#sentMessages.delete(message);
        if (error || !paths) {
          // Tried again with the next save, unless the call that sent it has taken it back.
          if (message.cancelled) this.#pendingNames.delete(message.base);
          else this.#pendingMessages.push(message);
          failures.push(error?.message ?? 'no files written');
          continue;
        }
        this.#pendingNames.delete(message.base);
        message.paths.splice(0, message.paths.length, ...paths);
        if (message.cancelled) this.#writer?.send([{ type: 'remove', paths }], () => this.#afterWork());
      }
      this.#failures = failures.length > 0 ? this.#failures + 1 : 0;
      this.#saveError =
        failures.length > 0
          ? new StateError(`cannot save the state in ${this.dir}: ${failures[0]}`)
          : undefined;
      if (this.#saveError) this.#options.onSaveError?.(this.#saveError);
      this.#afterWork();
    });
  }

  /**
   * Writes everything that waits, blocking: what the writer has is finished first, the rest written here. For
   * `close()`, listing and resetting, and the process's exit.
   */
  #saveNow(): void {
    clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    this.#working++;
    try {
      this.#writeAll();
    } finally {
      this.#working--;
    }
  }

  #writeAll(): void {
    this.#writer?.drain();
    try {
      if (this.#pendingPools.size > 0) mkdirSync(this.#poolsDir, { recursive: true, mode: DIR_MODE });
      for (const [id, stored] of this.#pendingPools) {
        if (stored === null) {
          rmSync(this.#poolPath(id), { force: true });
          this.#saved.set(id, { stamp: undefined });
        } else this.#writeFile(id, stored);
        this.#pendingPools.delete(id);
      }
      // One at a time, each taken off the queue once written: a failure leaves it and those after it waiting.
      for (let message = this.#pendingMessages[0]; message; message = this.#pendingMessages[0]) {
        const paths = this.#writeOutbox(message.base, outboxFiles(message.message));
        this.#pendingMessages.shift();
        message.paths.splice(0, message.paths.length, ...paths);
        this.#pendingNames.delete(message.base);
      }
    } catch (error) {
      throw asStateError(`save the state in ${this.dir}`, error);
    }
    this.#failures = 0;
    this.#saveError = undefined;
  }

  /**
   * Writes what is left, ends the writer thread and lets the lock go: the state is all on disk when it resolves.
   * Only a store saving behind its calls has anything to do.
   */
  async close(): Promise<void> {
    try {
      this.#saveNow();
    } finally {
      this.#letGo();
      await this.#writer?.close();
      this.#writer = undefined;
    }
  }

  /** The saved pool for an id: undefined when none is saved, a StateError when its file is damaged. */
  #readSaved(id: string, forChange = false): StoredPool | undefined {
    const pending = this.#pendingPools.get(id);
    if (pending !== undefined) return pending ?? undefined;
    const cached = this.#saved.get(id);
    if (cached && this.#lock && this.#checked.has(id)) return cached.stored;
    const path = this.#poolPath(id);
    const stamp = stampOf(path);
    if (this.#lock) this.#checked.add(id);
    if (!forChange && cached && cached.stamp === stamp) return cached.stored;
    // A read for a change, under the lock, reads the file (a stamp can repeat where times are coarse and inodes are
    // reused), and parses it only when its text is not the one last read or written.
    const text = stamp === undefined ? undefined : readIfExists(path);
    if (cached && text !== undefined && text === cached.text) {
      this.#saved.set(id, { ...cached, stamp });
      return cached.stored;
    }
    const stored = text === undefined ? undefined : parseStoredPool(path, text);
    this.#saved.set(id, stored === undefined ? { stamp } : { stamp, stored, text });
    return stored;
  }

  /**
   * A pool as it stands given what is saved for it: the saved state, or its seed when none is saved or the seed
   * changed; undefined when it is deleted, or neither saved nor seeded.
   */
  #resolve(id: string, saved: StoredPool | undefined): PoolDocument | undefined {
    if (saved?.deleted) return undefined;
    const seed = this.#seeds.get(id);
    if (saved !== undefined && (seed === undefined || saved.seed === seed.hash)) return saved.pool;
    return seed === undefined ? undefined : structuredClone(seed.document);
  }

  /** Every saved file in the pools folder, parsed, or the error to answer with for a damaged one. */
  #readAll(): { id: string; stored?: StoredPool; error?: StateError }[] {
    let names: string[] = [];
    try {
      names = readdirSync(this.#poolsDir).filter((name) => name.endsWith('.json'));
    } catch {
      // no state yet
    }
    return names.map((name) => {
      const path = join(this.#poolsDir, name);
      try {
        const stored = parseStoredPool(path, readFileSync(path, 'utf8'));
        return { id: stored.pool.UserPool.Id, stored };
      } catch (error) {
        return {
          id: name.slice(0, -'.json'.length),
          error: asStateError(`read ${path}`, error) as StateError,
        };
      }
    });
  }

  /**
   * Every saved pool, read under the lock once the state directory exists (a process writing behind its calls takes
   * the lock there before it has written any pool), so that what it has answered is written first; a state this
   * process may not write is read as it is.
   */
  #readAllLocked(): { id: string; stored?: StoredPool; error?: StateError }[] {
    if (!existsSync(this.dir)) return this.#readAll();
    try {
      return this.#locked(`read ${this.#poolsDir}`, () => {
        this.#saveNow();
        return this.#readAll();
      });
    } catch (error) {
      if (cannotWrite(error)) return this.#readAll();
      throw error;
    }
  }

  /**
   * Every pool in the state, with the seeds merged in. `reseeded` names the pools whose seed changed; `broken` holds,
   * for each pool whose saved file is damaged, the error to answer with when that pool is used.
   */
  load(seeds: readonly PoolDocument[]): {
    pools: Map<string, PoolDocument>;
    reseeded: string[];
    broken: Map<string, StateError>;
  } {
    const pools = new Map<string, PoolDocument>();
    const broken = new Map<string, StateError>();
    const saved = new Map<string, StoredPool>();
    for (const { id, stored, error } of this.#readAllLocked()) {
      if (error) broken.set(id, error);
      else if (stored) {
        saved.set(id, stored);
        if (!stored.deleted) pools.set(id, stored.pool);
      }
    }
    const reseeded: string[] = [];
    for (const seed of seeds) {
      const id = seed.UserPool.Id;
      const hash = hashOf(seed);
      this.#seeds.set(id, { hash, document: seed });
      const brokenError = broken.get(safeName(id));
      if (brokenError) {
        broken.delete(safeName(id));
        broken.set(id, brokenError);
        continue;
      }
      const existing = saved.get(id);
      if (existing?.deleted) continue;
      if (existing !== undefined && existing.seed !== hash) reseeded.push(id);
      if (existing === undefined || existing.seed !== hash) pools.set(id, structuredClone(seed));
    }
    return { pools, reseeded, broken };
  }

  /**
   * Every pool as saved now, seeded and created, read under the lock; `broken` holds the errors of damaged files,
   * whose pools are left out. Call {@link load} first, so that the seeds are known.
   */
  list(): { pools: PoolDocument[]; broken: StateError[] } {
    return this.#locked(`read ${this.#poolsDir}`, () => {
      this.#saveNow();
      const pools: PoolDocument[] = [];
      const broken: StateError[] = [];
      const seen = new Set<string>();
      for (const { id, stored, error } of this.#readAll()) {
        seen.add(id);
        if (error) broken.push(error);
        const pool = stored && this.#resolve(id, stored);
        if (pool) pools.push(pool);
      }
      for (const [id, seed] of this.#seeds)
        if (!seen.has(id) && !seen.has(safeName(id))) pools.push(structuredClone(seed.document));
      return { pools, broken };
    });
  }

  /**
   * A pool as saved now (or its seed, when none is saved or the seed changed), for a long-lived engine that other
   * processes write beside: read again only when the file changed. Undefined for a pool neither saved nor seeded, or
   * deleted; a StateError when its file is damaged.
   */
  current(id: string): PoolDocument | undefined {
    const saved = this.#readSaved(id);
    const cached = this.#read.get(id);
    if (cached && cached.saved === saved) return cached.pool;
    const pool = this.#resolve(id, saved);
    this.#read.set(id, pool === undefined ? { saved } : { saved, pool });
    return pool;
  }

  /**
   * Forgets every pool's state, created pools and deletions included, so that the next command starts from the pool
   * files again.
   */
  reset(): void {
    this.#locked(`reset ${this.#poolsDir}`, () => {
      this.#pendingPools.clear();
      this.#writer?.drain();
      rmSync(this.#poolsDir, { recursive: true, force: true });
    });
    this.#saved.clear();
    this.#read.clear();
  }

  /**
   * Changes one pool as the only writer: reads its saved state (or its seed, when none is saved or the seed changed),
   * applies `change`, and saves the result. What `change` throws propagates, and nothing is saved. A pool that is not
   * there (deleted, or neither saved nor seeded) throws what `missing` gives, else a StateError.
   */
  update(id: string, change: (current: PoolDocument) => PoolDocument, missing?: () => Error): PoolDocument {
    return this.#locked(`save the pool ${id} in ${this.dir}`, () => {
      const saved = this.#readSaved(id, true);
      const current = this.#resolve(id, saved);
      if (current === undefined)
        throw missing?.() ?? new StateError(`the pool ${id} is neither saved in ${this.dir} nor seeded`);
      const next = change(current);
      this.#write(id, next, this.#seeds.get(id)?.hash ?? saved?.seed ?? hashOf(next));
      return next;
    });
  }

  /**
   * Saves a pool created at run time, with no seed. A StateError when a pool of that id is saved (or deleted) or
   * seeded already: ids are random, so the caller makes another.
   */
  create(pool: PoolDocument): void {
    const id = pool.UserPool.Id;
    this.#locked(`save the pool ${id} in ${this.dir}`, () => {
      if (this.#seeds.has(id) || this.#readSaved(id, true) !== undefined)
        throw new StateError(`the pool ${id} already exists in ${this.dir}`);
      this.#write(id, pool, CREATED);
    });
  }

  /**
   * Deletes a pool as the only writer: a created pool's file goes, a seeded pool leaves a tombstone that keeps it
   * deleted until `reset`. `check` sees the pool first, and what it throws leaves it as it was. A pool that is not
   * there throws what `missing` gives, else a StateError.
   */
  delete(id: string, check?: (current: PoolDocument) => void, missing?: () => Error): void {
    this.#locked(`delete the pool ${id} in ${this.dir}`, () => {
      const current = this.#resolve(id, this.#readSaved(id, true));
      if (current === undefined)
        throw missing?.() ?? new StateError(`the pool ${id} is neither saved in ${this.dir} nor seeded`);
      check?.(current);
      const seed = this.#seeds.get(id);
      this.#writeStored(id, seed ? { seed: seed.hash, deleted: true, pool: { UserPool: { Id: id } } } : null);
    });
  }

  /**
   * Saves a pool's state as it is, unless its saved state is already from the same seed (another writer's) or is a
   * tombstone.
   */
  saveIfNew(pool: PoolDocument): void {
    const id = pool.UserPool.Id;
    this.#locked(`save the pool ${id} in ${this.dir}`, () => {
      const seed = this.#seeds.get(id);
      const saved = this.#readSaved(id, true);
      if (saved?.deleted) return;
      if (saved !== undefined && (seed === undefined || saved.seed === seed.hash)) return;
      this.#write(id, pool, seed?.hash ?? hashOf(pool));
    });
  }

  #write(id: string, pool: PoolDocument, seed: string): void {
    this.#writeStored(id, { seed, pool });
  }

  #writeStored(id: string, stored: StoredPool | null): void {
    if (this.#options.saveBehind) this.#pendingPools.set(id, stored);
    else if (stored === null) {
      rmSync(this.#poolPath(id), { force: true });
      this.#saved.set(id, { stamp: undefined });
    } else {
      mkdirSync(this.#poolsDir, { recursive: true, mode: DIR_MODE });
      this.#writeFile(id, stored);
    }
  }

  /** Writes a pool's file, and remembers it as read: this process need not read back what it wrote. */
  #writeFile(id: string, stored: StoredPool): void {
    const path = this.#poolPath(id);
    const text = poolText(stored);
    writeAtomically(path, text);
    this.#saved.set(id, { stamp: stampOf(path), stored, text });
  }

  /** A 32-byte secret kept with the state (the local KMS keys' material), created once whoever asks first. */
  secret(name: string): Buffer {
    const path = join(this.dir, `${name}.secret`);
    return this.#createdOnce(
      path,
      () => randomBytes(32).toString('base64'),
      (text) => {
        const saved = Buffer.from(text.trim(), 'base64');
        if (saved.length !== 32) throw new Error('it does not hold a 32-byte base64 secret');
        return saved;
      },
    );
  }

  /** The RSA key pair that signs local tokens, created once whoever asks first. */
  signingKey(): { privateKey: string; publicKey: string; kid: string } {
    return this.#createdOnce(
      join(this.dir, 'signing-key.json'),
      () => {
        const { privateKey, publicKey } = generateKeyPairSync('rsa', {
          modulusLength: 2048,
          privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
          publicKeyEncoding: { type: 'spki', format: 'pem' },
        });
        const kid = createHash('sha256').update(publicKey).digest('base64url').slice(0, 22);
        return JSON.stringify({ privateKey, publicKey, kid });
      },
      (text) => {
        const key = JSON.parse(text);
        if (
          typeof key?.privateKey !== 'string' ||
          typeof key.publicKey !== 'string' ||
          typeof key.kid !== 'string'
        )
          throw new Error('it does not hold "privateKey", "publicKey" and "kid"');
        return key as { privateKey: string; publicKey: string; kid: string };
      },
    );
  }

  /**
   * Reads a file made once for the whole state, making it if it does not exist. Two processes that both find it
   * missing both make one, and the first to link it into place wins: the other reads the winner's.
   */
  #createdOnce<T>(path: string, make: () => string, parse: (text: string) => T): T {
    const read = (): T | undefined => {
      const text = readIfExists(path);
      if (text === undefined) return undefined;
      try {
        return parse(text);
      } catch (error) {
        throw new StateError(
          `the state file ${path} is damaged (${(error as Error).message}): delete it to make a new one (what was made with the old one stops working)`,
        );
      }
    };
    const existing = read();
    if (existing !== undefined) return existing;
    try {
      mkdirSync(this.dir, { recursive: true, mode: DIR_MODE });
      createOnce(path, make());
    } catch (error) {
      throw asStateError(`write ${path}`, error);
    }
    return read() as T;
  }

  /**
   * Writes a delivered message into the outbox, named by time, label and destination: an email as `.html` and a
   * `.txt` with its headers and plain text, an SMS as `.txt`. Returns the paths. A long destination is shortened in
   * the name (with a hash of the whole), never in the file.
   */
  writeMessage(label: string, message: OutboxMessage): string[] {
    const base = outboxName(label, message);
    if (!this.#options.saveBehind) return this.#writeOutbox(base, outboxFiles(message));
    return this.#locked(`write the outbox in ${this.outboxDir}`, () => {
      let name = base;
      for (let attempt = 1; this.#pendingNames.has(name); attempt++) name = `${base}~${attempt}`;
      this.#pendingNames.add(name);
      const paths = outboxExtensions(message).map((extension) =>
        join(this.outboxDir, `${name}.${extension}`),
      );
      this.#pendingMessages.push({ base: name, message, paths });
      return paths;
    });
  }

  /** Removes outbox files of a call that failed after writing them (or takes them back before they are written). */
  removeMessages(paths: readonly string[]): void {
    const isOf = (message: PendingMessage) => message.paths.some((path) => paths.includes(path));
    const waiting = this.#pendingMessages.findIndex(isOf);
    if (waiting >= 0) {
      const [message] = this.#pendingMessages.splice(waiting, 1);
      if (message) this.#pendingNames.delete(message.base);
      return;
    }
    const sent = [...this.#sentMessages].find(isOf);
    if (sent) {
      sent.cancelled = true;
      return;
    }
    removeFiles(paths);
  }

  #writeOutbox(baseName: string, files: Readonly<Record<string, string>>): string[] {
    try {
      return writeOutboxFiles(this.outboxDir, baseName, files);
    } catch (error) {
      throw asStateError(`write the outbox in ${this.outboxDir}`, error);
    }
  }
}

export type { StateStoreOptions };
export { DEFAULT_STATE_DIR, StateError, StateStore };
