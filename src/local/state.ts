/** @module local/state — the simulator's state directory: pools between commands, the signing key, the outbox. */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PoolDocument } from './pool.js';

/** Where state lives when no `--state-dir` is given. */
const DEFAULT_STATE_DIR = '.cognito-trigger';

interface StoredPool {
  /** A hash of the pool file or embedded pool this state was seeded from. */
  readonly seed: string;
  readonly pool: PoolDocument;
}

const hashOf = (document: PoolDocument): string =>
  createHash('sha256').update(JSON.stringify(document)).digest('hex').slice(0, 16);

/** Writes a file whole or not at all: to a temporary name, then renamed over the old one. */
const writeAtomically = (path: string, text: string): void => {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
};

const safeName = (id: string): string => id.replace(/[^\w.-]/g, '_');

/**
 * The state directory. Pools are seeded from a pool document (the embedded demo pool or a `--pool` file) the first
 * time, or again when that document changes, and then persist between commands.
 *
 * @example
 * ```ts
 * const store = new StateStore('.cognito-trigger');
 * const pool = store.load(DEMO_POOL).pool;
 * ```
 */
class StateStore {
  readonly dir: string;
  readonly #seeds = new Map<string, string>();
  constructor(dir: string = DEFAULT_STATE_DIR) {
    this.dir = dir;
  }

  get outboxDir(): string {
    return join(this.dir, 'outbox');
  }

  #poolPath(id: string): string {
    return join(this.dir, 'pools', `${safeName(id)}.json`);
  }

  /** Every pool in the state, with the seeds merged in. `reseeded` names the pools whose seed changed. */
  load(seeds: readonly PoolDocument[]): { pools: Map<string, PoolDocument>; reseeded: string[] } {
    const pools = new Map<string, PoolDocument>();
    let stored: StoredPool[] = [];
    try {
      stored = readdirSync(join(this.dir, 'pools'))
        .filter((name) => name.endsWith('.json'))
        .map((name) => JSON.parse(readFileSync(join(this.dir, 'pools', name), 'utf8')) as StoredPool);
    } catch {
      // no state yet
    }
    for (const { pool } of stored) pools.set(pool.UserPool.Id, pool);
    const reseeded: string[] = [];
    for (const seed of seeds) {
      const seedHash = hashOf(seed);
      const existing = stored.find((entry) => entry.pool.UserPool.Id === seed.UserPool.Id);
      if (existing !== undefined && existing.seed !== seedHash) reseeded.push(seed.UserPool.Id);
      if (existing === undefined || existing.seed !== seedHash)
        pools.set(seed.UserPool.Id, structuredClone(seed));
      this.#seeds.set(seed.UserPool.Id, seedHash);
    }
    return { pools, reseeded };
  }

  /** Forgets every pool's state, so that the next command starts from the pool files again. */
  reset(): void {
    rmSync(join(this.dir, 'pools'), { recursive: true, force: true });
  }

  /** Saves one pool's state atomically. */
  save(pool: PoolDocument): void {
    mkdirSync(join(this.dir, 'pools'), { recursive: true });
    const seed = this.#seeds.get(pool.UserPool.Id) ?? hashOf(pool);
    writeAtomically(
      this.#poolPath(pool.UserPool.Id),
      `${JSON.stringify({ seed, pool } satisfies StoredPool, null, 2)}\n`,
    );
  }

  /** A 32-byte secret kept with the state (the local KMS keys' material), created on first use. */
  secret(name: string): Buffer {
    const path = join(this.dir, `${name}.secret`);
    try {
      const saved = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
      if (saved.length === 32) return saved;
    } catch {
      // Not made yet.
    }
    const made = randomBytes(32);
    mkdirSync(this.dir, { recursive: true });
    writeAtomically(path, made.toString('base64'));
    return made;
  }

  /** The RSA key pair that signs local access tokens, created on first use. */
  signingKey(): { privateKey: string; publicKey: string; kid: string } {
    const path = join(this.dir, 'signing-key.json');
    try {
      return JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', {
        modulusLength: 2048,
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
      });
      const key = {
        privateKey,
        publicKey,
        kid: createHash('sha256').update(publicKey).digest('base64url').slice(0, 22),
      };
      mkdirSync(this.dir, { recursive: true });
      writeAtomically(path, JSON.stringify(key));
      return key;
    }
  }

  /**
   * Writes a delivered message into the outbox, named by time, label and destination: an email as `.html` and a
   * `.txt` with its headers and plain text, an SMS as `.txt`. Returns the paths.
   */
  writeMessage(
    label: string,
    message: {
      readonly medium: 'EMAIL' | 'SMS';
      readonly destination?: string;
      readonly subject?: string | null;
      readonly html?: string;
      readonly text: string;
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
    const to = message.destination === undefined ? '' : `-${message.destination.replace(/[^\w@.+-]/g, '_')}`;
    const base = `${stamp}-${label}-${message.medium.toLowerCase()}${to}`;
    const headers = [
      ...(message.destination === undefined ? [] : [`To: ${message.destination}`]),
      ...(message.medium === 'EMAIL' ? [`Subject: ${message.subject ?? ''}`] : []),
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
    return this.#write(base, message.medium === 'EMAIL' ? { html: message.html ?? '', txt } : { txt });
  }

  #write(baseName: string, files: Readonly<Record<string, string>>): string[] {
    mkdirSync(this.outboxDir, { recursive: true });
    return Object.entries(files).map(([extension, text]) => {
      const path = join(this.outboxDir, `${baseName}.${extension}`);
      writeAtomically(path, text);
      return path;
    });
  }
}

export { DEFAULT_STATE_DIR, StateStore, writeAtomically };
