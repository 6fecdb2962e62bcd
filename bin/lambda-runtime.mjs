// The child process that runs a built handler bundle as the Lambda Node.js runtime does: the module imported once
// (its top level is the function's init), each invocation's event parsed from JSON and its result serialised to JSON,
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

const run = (event, context) =>
  new Promise((resolve, reject) => {
    const callback = (error, result) => (error ? reject(error) : resolve(result));
    try {
      const returned = handler(event, context, callback);
      if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
      else if (handler.length < 3) resolve(returned);
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
    try {
      const result = await run(JSON.parse(event), full);
      process.send({ type: 'result', id, payload: JSON.stringify(result) ?? 'null' });
    } catch (error) {
      process.send({ type: 'error', id, error: describe(error) });
    }
  });
  process.send({ type: 'ready' });
}
