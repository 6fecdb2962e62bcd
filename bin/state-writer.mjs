// The thread that writes a state directory's files for a process that saves behind its calls (`cognito-trigger
// serve`): batches of jobs from src/local/state.ts, run in order, each file written whole. A pool is written to a
// temporary name and renamed over the old one; a message's files are created new ('wx'), another name taken when a
// file of that name exists. Each batch is answered on the port it came with, then counted in the shared counter, so
// that the owner can also wait for it synchronously.
import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { workerData } from 'node:worker_threads';

const { port, done } = workerData;
const counter = new Int32Array(done);
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;
const made = new Set();

const folder = (path) => {
  if (made.has(path)) return;
  mkdirSync(path, { recursive: true, mode: DIR_MODE });
  made.add(path);
};

const writePool = ({ path, text }) => {
  folder(dirname(path));
  const temporary = `${path}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  try {
    writeFileSync(temporary, text, { mode: FILE_MODE });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  const { mtimeMs, size, ino } = statSync(path);
  return { stamp: `${mtimeMs}:${size}:${ino}` };
};

const writeMessage = ({ dir, base, files }) => {
  folder(dir);
  for (let attempt = 0; ; attempt++) {
    const name = attempt === 0 ? base : `${base}~${attempt}`;
    const paths = files.map(([extension]) => join(dir, `${name}.${extension}`));
    const written = [];
    try {
      for (const [index, [, text]] of files.entries()) {
        writeFileSync(paths[index], text, { mode: FILE_MODE, flag: 'wx' });
        written.push(paths[index]);
      }
      return { paths };
    } catch (error) {
      for (const path of written) rmSync(path, { force: true });
      if (error.code !== 'EEXIST' || attempt > 100) throw error;
    }
  }
};

const run = (job) => {
  try {
    if (job.type === 'pool') return writePool(job);
    if (job.type === 'message') return writeMessage(job);
    for (const path of job.paths) rmSync(path, { force: true });
    return {};
  } catch (error) {
    // A folder removed meanwhile (a reset) is made again next time.
    made.clear();
    return { error: { message: error.message, code: error.code } };
  }
};

port.on('message', ({ id, jobs }) => {
  const results = jobs.map(run);
  port.postMessage({ id, results });
  Atomics.store(counter, 0, id);
  Atomics.notify(counter, 0);
});
