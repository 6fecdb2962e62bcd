// The child process that runs a built handler bundle as the Lambda Node.js runtime does: the module imported once
// (its top level is the function's init), each invocation's event arriving as JSON and its result serialised to JSON,
// a context whose remaining time counts down to the caller's deadline, errors reported by name and message. The
// parent (src/local/handler-process.ts) talks to it over the IPC channel; the function's own output goes to stdout.
//   node lambda-runtime.mjs FILE EXPORT
import { pathToFileURL } from 'node:url';

const [file, exportName] = process.argv.slice(2);

const describe = (error) =>
  error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: typeof error === 'string' ? error : JSON.stringify(error) };

let handler;
try {
  const module = await import(pathToFileURL(file).href);
  handler = module[exportName];
  if (typeof handler !== 'function') {
    process.send({
      type: 'init-error',
      error: {
        name: 'Runtime.HandlerNotFound',
        message: `${process.env._HANDLER} is undefined or not exported`,
      },
    });
    process.disconnect();
  }
} catch (error) {
  const { name, message } = describe(error);
  process.send({
    type: 'init-error',
    error: { name: 'Runtime.ImportModuleError', message: `${name}: ${message}` },
  });
  process.disconnect();
}

/** Resolves once what was written to a stream before now has been handed to the system. */
const flush = (stream) => new Promise((resolve) => stream.write('', () => resolve()));

/**
 * Resolves once the function's work is done with nothing else left to run: the moment the runtime sends a callback
 * handler's answer. The IPC channel is the parent's, not the function's work, so it does not count meanwhile.
 */
const whenIdle = () =>
  new Promise((resolve) => {
    process.channel?.unref();
    process.once('beforeExit', () => {
      process.channel?.ref();
      resolve();
    });
  });

/**
 * One invocation, as the Node.js runtime runs it: an async handler's promise is the answer; any other handler answers
 * through the callback (sent once the event loop is empty, unless the context says not to wait), and what it returns
 * is ignored. A handler that never calls back answers null once its work is done.
 */
const run = (event, context) =>
  new Promise((resolve, reject) => {
    let answer;
    let settled = false;
    const settle = (finish) => {
      if (settled) return;
      settled = true;
      finish();
    };
    const callback = (error, result) => {
      if (answer) return;
      answer = () => (error !== undefined && error !== null ? reject(error) : resolve(result));
      if (!context.callbackWaitsForEmptyEventLoop) settle(answer);
    };
    try {
      const returned = handler(event, context, callback);
      if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
      else whenIdle().then(() => settle(answer ?? (() => resolve(null))));
    } catch (error) {
      reject(error);
    }
  });

if (typeof handler === 'function') {
  process.on('message', async (message) => {
    if (message?.type !== 'invoke') return;
    const { id, event, context, deadline } = message;
    const full = {
      ...context,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
    let reply;
    try {
      const result = await run(event, full);
      reply = { type: 'result', id, payload: JSON.stringify(result) ?? 'null' };
    } catch (error) {
      reply = { type: 'error', id, error: describe(error) };
    }
    // Everything the function wrote goes out before its answer: the parent may end this process once it has it.
    await Promise.all([flush(process.stdout), flush(process.stderr)]);
    process.send(reply);
  });
  process.send({ type: 'ready' });
}
