/**
 * @module local/state-writer — the thread that writes a state directory's files for a process saving behind its
 * calls (bin/state-writer.mjs): batches of jobs, written in the order they were sent, each answered with its result.
 * The owner hands a batch over and goes on; it can also wait for every batch, blocking, where it must (closing,
 * listing, the process's exit).
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { StateError } from './state-files.js';

const WRITER_SCRIPT = new URL('../../bin/state-writer.mjs', import.meta.url);
/** How long a blocking wait for the writer may last before it is given up as stuck. */
const DRAIN_TIMEOUT_MS = 30_000;

type WriteJob =
  | { readonly type: 'pool'; readonly path: string; readonly text: string }
  | {
      readonly type: 'message';
      readonly dir: string;
      readonly base: string;
      readonly files: readonly (readonly [extension: string, text: string])[];
    }
  | { readonly type: 'remove'; readonly paths: readonly string[] };

interface WriteResult {
  /** A pool's file as written: its modification time, size and inode. */
  readonly stamp?: string;
  /** A message's files as written (another name when a file of the first one existed). */
  readonly paths?: readonly string[];
  readonly error?: { readonly message: string; readonly code?: string };
}

interface Reply {
  readonly id: number;
  readonly results: readonly WriteResult[];
}

/**
 * A writer thread. Batches are written in order; `onWritten` is called with each job's result, on this thread,
 * when the batch's answer arrives or during {@link drain}. A thread that fails (it could not load, or ended) answers
 * every batch it still had as failed, and is not {@link alive} any more: the owner starts another.
 */
class StateWriter {
  readonly #worker: Worker;
  readonly #port: MessagePort;
  readonly #done = new Int32Array(new SharedArrayBuffer(4));
  readonly #waiting = new Map<
    number,
    { readonly jobs: number; readonly onWritten: (results: readonly WriteResult[]) => void }
  >();
  #next = 0;
  #failure: string | undefined;

  /** `script` is the writer's module (default: bin/state-writer.mjs). */
  constructor(script: URL = WRITER_SCRIPT) {
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.#worker = new Worker(script, {
      workerData: { port: port2, done: this.#done.buffer },
      transferList: [port2],
    });
    // The process lives on while a batch is on its way, not for an idle writer.
    this.#worker.unref();
    this.#port.unref();
    this.#port.on('message', (reply: Reply) => this.#answer(reply));
    this.#worker.on('error', (error) => this.#fail(`the state writer failed: ${error.message}`));
    this.#worker.on('exit', (code) => this.#fail(`the state writer ended (exit code ${code})`));
  }

  /** Whether the thread can still take batches. */
  get alive(): boolean {
    return this.#failure === undefined;
  }

  /** Whether a batch sent is not yet written. */
  get busy(): boolean {
    return this.#waiting.size > 0;
  }

  send(jobs: readonly WriteJob[], onWritten: (results: readonly WriteResult[]) => void): void {
    const id = ++this.#next;
    this.#waiting.set(id, { jobs: jobs.length, onWritten });
    if (this.#failure !== undefined) this.#fail(this.#failure);
    else {
      this.#port.ref();
      this.#port.postMessage({ id, jobs });
    }
  }

  /** Blocks until every batch sent is written and its results handed out. */
  drain(): void {
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    while (this.#waiting.size > 0) {
      // Read before looking for an answer: an answer that arrives in between changes it, and the wait returns at once.
      const counted = Atomics.load(this.#done, 0);
      const received = receiveMessageOnPort(this.#port);
      if (received) {
        this.#answer(received.message as Reply);
        continue;
      }
      if (Date.now() > deadline)
        throw new StateError(`the state writer did not finish within ${DRAIN_TIMEOUT_MS} ms`);
      Atomics.wait(this.#done, 0, counted, 50);
    }
  }

  /** Waits for what was sent, then ends the thread. */
  async close(): Promise<void> {
    try {
      this.drain();
    } finally {
      this.#failure ??= 'the state writer was closed';
      this.#port.close();
      await this.#worker.terminate();
    }
  }

  #answer({ id, results }: Reply): void {
    const waiting = this.#waiting.get(id);
    if (!waiting) return;
    this.#waiting.delete(id);
    if (this.#waiting.size === 0) this.#port.unref();
    waiting.onWritten(results);
  }

  /** Answers every batch still waiting as failed, with the reason. */
  #fail(reason: string): void {
    this.#failure ??= reason;
    for (const [id, { jobs }] of this.#waiting)
      this.#answer({ id, results: Array.from({ length: jobs }, () => ({ error: { message: reason } })) });
  }
}

export type { WriteJob, WriteResult };
export { StateWriter };
