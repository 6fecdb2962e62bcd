// The thread that writes a state directory's files for a process that saves behind its calls (`cognito-trigger
// serve`): batches of jobs from src/local/state.ts, run in order with the state's own helpers (a pool written whole
// and renamed into place, a message's files created new). Each batch is answered on the port it came with, then
// counted in the shared counter, so that the owner can also wait for it synchronously.
import { existsSync, mkdirSync } from 'node:fs';
import { register } from 'node:module';
import { dirname } from 'node:path';
import { workerData } from 'node:worker_threads';

// Module hooks do not reach worker threads: a checkout of the repository (no lib/) registers its own here.
const built = existsSync(new URL('../lib/local/state-files.js', import.meta.url));
if (!built) register('./ts-hooks.mjs', import.meta.url);
const module = (name) =>
  new URL(built ? `../lib/local/${name}.js` : `../src/local/${name}.ts`, import.meta.url).href;
const { DIR_MODE, stampOf, writeAtomically } = await import(module('state-files'));
const { removeFiles, writeOutboxFiles } = await import(module('outbox'));

const { port, done } = workerData;
const counter = new Int32Array(done);

const run = (job) => {
  try {
    if (job.type === 'pool') {
      // Made again for each pool written: a reset (here or in another process) removes the folder.
      mkdirSync(dirname(job.path), { recursive: true, mode: DIR_MODE });
      writeAtomically(job.path, job.text);
      return { stamp: stampOf(job.path) };
    }
    if (job.type === 'message')
      return { paths: writeOutboxFiles(job.dir, job.base, Object.fromEntries(job.files)) };
    removeFiles(job.paths);
    return {};
  } catch (error) {
    return { error: { message: error.message, code: error.code } };
  }
};

port.on('message', ({ id, jobs }) => {
  const results = jobs.map(run);
  port.postMessage({ id, results });
  Atomics.store(counter, 0, id);
  Atomics.notify(counter, 0);
});
