/**
 * @module local/state — the simulator's state directory: pools between commands, the signing key, the outbox. Every
 * read-modify-write happens under one lock shared by every process that uses the directory, and files that hold
 * codes, passwords or keys are readable by their owner only.
 */
import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import {
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { LockError, withLock } from './lock.js';
import type { PoolDocument } from './pool.js';

/** Where state lives when no `--state-dir` is given. */
const DEFAULT_STATE_DIR = '.cognito-trigger';
/** Folders and files of the state hold passwords, codes and keys: owner only. */
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;
/** Outbox file names stay well under the 255 bytes file systems allow, whatever the destination. */
const MAX_DESTINATION_IN_NAME = 64;

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

/**
 * The state directory cannot be used as it is: a file that is not what the kit wrote, a folder that cannot be
 * written, a lock held too long. The message names the file and the way out.
 */
class StateError extends Error {
  override readonly name = 'StateError';
}

const hashOf = (document: PoolDocument): string =>
  createHash('sha256').update(JSON.stringify(document)).digest('hex').slice(0, 16);

/** Writes a file whole or not at all: to a temporary name, then renamed over the old one. */
const writeAtomically = (path: string, text: string): void => {
  const temporary = `${path}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  try {
    writeFileSync(temporary, text, { mode: FILE_MODE });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
};

/**
 * Creates a file only if it does not exist yet, whole: written under a temporary name, then linked into place, which
 * fails when another process was first. Returns false when the file already existed.
 */
const createOnce = (path: string, text: string): boolean => {
  const temporary = `${path}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  writeFileSync(temporary, text, { mode: FILE_MODE });
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
};

const safeName = (id: string): string => id.replace(/[^\w.-]/g, '_');

/** A destination as a file name part: itself when short and plain, else a readable start and a hash of the whole. */
const destinationInName = (destination: string): string => {
  const plain = destination.replace(/[^\w@.+-]/g, '_');
  if (plain.length <= MAX_DESTINATION_IN_NAME && plain === destination) return plain;
  const hash = createHash('sha256').update(destination).digest('hex').slice(0, 12);
  return `${plain.slice(0, MAX_DESTINATION_IN_NAME - 13)}~${hash}`;
};

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

/** Turns a file-system failure into the state's own error, naming what could not be done. */
const asStateError = (doing: string, error: unknown): Error => {
  if (error instanceof StateError) return error;
  if (error instanceof LockError) return new StateError(error.message, { cause: error });
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string')
    return new StateError(`cannot ${doing}: ${(error as Error).message}`, { cause: error });
  return error as Error;
};

/** A state file's text, or undefined when there is no such file. */
const readIfExists = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw asStateError(`read ${path}`, error);
  }
};

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
  /** Pools as last read by {@link current}, with the file's stamp then (undefined: no such pool). */
  readonly #read = new Map<string, { readonly stamp: string | undefined; readonly pool?: PoolDocument }>();
  constructor(dir: string = DEFAULT_STATE_DIR) {
    this.dir = dir;
  }

  get outboxDir(): string {
    return join(this.dir, 'outbox');
  }

  get #poolsDir(): string {
    return join(this.dir, 'pools');
  }

  #poolPath(id: string): string {
    return join(this.#poolsDir, `${safeName(id)}.json`);
  }

  /** Runs `work` as the only writer of this state directory, across processes. */
  #locked<T>(doing: string, work: () => T): T {
    try {
      mkdirSync(this.dir, { recursive: true, mode: DIR_MODE });
      return withLock(join(this.dir, '.lock'), work);
    } catch (error) {
      throw asStateError(doing, error);
    }
  }

  /** The saved pool for an id: undefined when none is saved, a StateError when its file is damaged. */
  #readSaved(id: string): StoredPool | undefined {
    const path = this.#poolPath(id);
    const text = readIfExists(path);
    return text === undefined ? undefined : parseStoredPool(path, text);
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
    for (const { id, stored, error } of this.#readAll()) {
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
    const path = this.#poolPath(id);
    let stamp: string | undefined;
    try {
      const { mtimeMs, size, ino } = statSync(path);
      stamp = `${mtimeMs}:${size}:${ino}`;
    } catch {
      // not saved
    }
    const cached = this.#read.get(id);
    if (cached && cached.stamp === stamp) return cached.pool;
    const pool = this.#resolve(id, stamp === undefined ? undefined : this.#readSaved(id));
    this.#read.set(id, pool === undefined ? { stamp } : { stamp, pool });
    return pool;
  }

  /**
   * Forgets every pool's state, created pools and deletions included, so that the next command starts from the pool
   * files again.
   */
  reset(): void {
    this.#locked(`reset ${this.#poolsDir}`, () => rmSync(this.#poolsDir, { recursive: true, force: true }));
  }

  /**
   * Changes one pool as the only writer: reads its saved state (or its seed, when none is saved or the seed changed),
   * applies `change`, and saves the result. What `change` throws propagates, and nothing is saved. A pool that is not
   * there (deleted, or neither saved nor seeded) throws what `missing` gives, else a StateError.
   */
  update(id: string, change: (current: PoolDocument) => PoolDocument, missing?: () => Error): PoolDocument {
    return this.#locked(`save the pool ${id} in ${this.dir}`, () => {
      const saved = this.#readSaved(id);
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
      if (this.#seeds.has(id) || this.#readSaved(id) !== undefined)
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
      const current = this.#resolve(id, this.#readSaved(id));
      if (current === undefined)
        throw missing?.() ?? new StateError(`the pool ${id} is neither saved in ${this.dir} nor seeded`);
      check?.(current);
      const seed = this.#seeds.get(id);
      if (seed) this.#writeStored(id, { seed: seed.hash, deleted: true, pool: { UserPool: { Id: id } } });
      else rmSync(this.#poolPath(id), { force: true });
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
      const saved = this.#readSaved(id);
      if (saved?.deleted) return;
      if (saved !== undefined && (seed === undefined || saved.seed === seed.hash)) return;
      this.#write(id, pool, seed?.hash ?? hashOf(pool));
    });
  }

  #write(id: string, pool: PoolDocument, seed: string): void {
    this.#writeStored(id, { seed, pool });
  }

  #writeStored(id: string, stored: StoredPool): void {
    mkdirSync(this.#poolsDir, { recursive: true, mode: DIR_MODE });
    writeAtomically(this.#poolPath(id), `${JSON.stringify(stored, null, 2)}\n`);
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
  writeMessage(
    label: string,
    message: {
      readonly medium: 'EMAIL' | 'SMS';
      readonly destination?: string;
      readonly subject?: string | null;
      readonly html?: string;
      readonly text: string;
      /** For an email a Custom email sender sent: what SES was asked to send it with. */
      readonly ses?: {
        readonly from: string;
        readonly replyTo: readonly string[];
        readonly configurationSetName?: string | undefined;
        readonly tags: Readonly<Record<string, string>>;
      };
      /** For an SMS a Custom SMS sender published: what SNS was asked to send it with. */
      readonly sns?: {
        readonly senderId?: string | undefined;
        readonly originationNumber?: string | undefined;
        readonly smsType?: string | undefined;
        readonly maxPrice?: number | undefined;
        readonly encoding: string;
        readonly segments: number;
      };
    },
  ): string[] {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const to = message.destination === undefined ? '' : `-${destinationInName(message.destination)}`;
    const base = `${stamp}-${label}-${message.medium.toLowerCase()}${to}`;
    const { ses } = message;
    const tags = Object.entries(ses?.tags ?? {});
    const headers = [
      ...(ses ? [`From: ${ses.from}`] : []),
      ...(message.destination === undefined ? [] : [`To: ${message.destination}`]),
      ...(ses && ses.replyTo.length > 0 ? [`Reply-To: ${ses.replyTo.join(', ')}`] : []),
      ...(message.medium === 'EMAIL' ? [`Subject: ${message.subject ?? ''}`] : []),
      ...(ses?.configurationSetName ? [`Configuration-Set: ${ses.configurationSetName}`] : []),
      ...(tags.length > 0 ? [`Tags: ${tags.map(([name, value]) => `${name}=${value}`).join(', ')}`] : []),
      ...(message.sns
        ? [
            ...(message.sns.senderId ? [`Sender-ID: ${message.sns.senderId}`] : []),
            ...(message.sns.originationNumber
              ? [`Origination-Number: ${message.sns.originationNumber}`]
              : []),
            ...(message.sns.smsType ? [`SMS-Type: ${message.sns.smsType}`] : []),
            ...(message.sns.maxPrice === undefined ? [] : [`Max-Price: ${message.sns.maxPrice}`]),
            `Encoding: ${message.sns.encoding}, ${message.sns.segments} segment${message.sns.segments === 1 ? '' : 's'}`,
          ]
        : []),
    ];
    const txt = `${headers.length > 0 ? `${headers.join('\n')}\n\n` : ''}${message.text}\n`;
    return this.#writeOutbox(base, message.medium === 'EMAIL' ? { html: message.html ?? '', txt } : { txt });
  }

  /** Removes outbox files of a call that failed after writing them. */
  removeMessages(paths: readonly string[]): void {
    for (const path of paths) rmSync(path, { force: true });
  }

  #writeOutbox(baseName: string, files: Readonly<Record<string, string>>): string[] {
    const written: string[] = [];
    try {
      mkdirSync(this.outboxDir, { recursive: true, mode: DIR_MODE });
      // Each message gets files of its own, created new ('wx'): no rename is needed, and two messages that share a
      // millisecond and a destination (two processes, one state) get a suffix instead of one overwriting the other.
      for (let attempt = 0; ; attempt++) {
        const base = attempt === 0 ? baseName : `${baseName}~${attempt}`;
        const paths = Object.keys(files).map((extension) => join(this.outboxDir, `${base}.${extension}`));
        try {
          for (const [index, text] of Object.values(files).entries()) {
            writeFileSync(paths[index] as string, text, { mode: FILE_MODE, flag: 'wx' });
            written.push(paths[index] as string);
          }
          return written;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 100) throw error;
          this.removeMessages(written);
          written.length = 0;
        }
      }
    } catch (error) {
      this.removeMessages(written);
      throw asStateError(`write the outbox in ${this.outboxDir}`, error);
    }
  }
}

export { DEFAULT_STATE_DIR, StateError, StateStore, writeAtomically };
