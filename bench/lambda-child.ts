/**
 * @module bench/lambda-child — one benchmark process, compiled to JavaScript before it runs (no TypeScript hooks in
 * the measured process): it imports a built handler bundle and invokes it as the Lambda Node.js runtime does, parsing
 * the event from its JSON text and serialising the result. Each invocation is timed twice: the handler alone, and
 * with those two conversions. Writes its figures as JSON to the file named by the fourth argument; its stdout carries
 * the handler's log lines and is discarded.
 *
 *   node lambda-child.mjs cold BUNDLE EVENT OUT     import + first invocation
 *   node lambda-child.mjs warm BUNDLE EVENT OUT N   N timed invocations after a warm-up
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

type Handler = (event: unknown) => Promise<unknown>;

const [mode, bundle = '', eventFile = '', out = '', count = '5000'] = process.argv.slice(2);
const eventText = readFileSync(eventFile, 'utf8');

/** One invocation: milliseconds for the handler alone, and for the JSON parse, the handler and the JSON stringify. */
const invoke = async (handler: Handler) => {
  const start = performance.now();
  const event = JSON.parse(eventText);
  const called = performance.now();
  const result = await handler(event);
  const returned = performance.now();
  JSON.stringify(result);
  return { handlerMs: returned - called, totalMs: performance.now() - start };
};

const load = async (): Promise<Handler> => (await import(pathToFileURL(bundle).href)).handler;

if (mode === 'cold') {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const handler = await load();
  const imported = performance.now();
  const first = await invoke(handler);
  const end = performance.now();
  const { user, system } = process.cpuUsage(cpu);
  writeFileSync(
    out,
    JSON.stringify({
      importMs: imported - start,
      firstHandlerMs: first.handlerMs,
      coldMs: end - start,
      cpuMs: (user + system) / 1000,
    }),
  );
} else {
  const handler = await load();
  const n = Number(count);
  for (let i = 0; i < Math.min(1000, n); i++) await invoke(handler);
  const handlerUs = new Float64Array(n);
  const totalUs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const { handlerMs, totalMs } = await invoke(handler);
    handlerUs[i] = handlerMs * 1000;
    totalUs[i] = totalMs * 1000;
  }
  writeFileSync(out, JSON.stringify({ handlerUs: Array.from(handlerUs), totalUs: Array.from(totalUs) }));
}
