// One benchmark process: imports a built handler bundle and invokes it as the Lambda Node.js runtime would, with
// the JSON round trip (the runtime parses the event and serialises the result). Writes its figures as JSON to the
// file named by the last argument; its own stdout carries the handler's log lines and is discarded.
//   node child.mjs cold BUNDLE EVENT OUT     import + first invocation
//   node child.mjs warm BUNDLE EVENT OUT N   N timed invocations after a warm-up
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [mode, bundle, eventFile, out, count = '5000'] = process.argv.slice(2);
const eventText = readFileSync(eventFile, 'utf8');
const invoke = async (handler) => JSON.stringify(await handler(JSON.parse(eventText)));

if (mode === 'cold') {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const { handler } = await import(pathToFileURL(bundle).href);
  const imported = performance.now();
  await invoke(handler);
  const end = performance.now();
  const { user, system } = process.cpuUsage(cpu);
  writeFileSync(
    out,
    JSON.stringify({
      importMs: imported - start,
      firstMs: end - imported,
      coldMs: end - start,
      cpuMs: (user + system) / 1000,
    }),
  );
} else {
  const { handler } = await import(pathToFileURL(bundle).href);
  const n = Number(count);
  for (let i = 0; i < Math.min(1000, n); i++) await invoke(handler);
  const samples = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await invoke(handler);
    samples[i] = performance.now() - start;
  }
  writeFileSync(out, JSON.stringify({ samplesUs: Array.from(samples, (ms) => ms * 1000) }));
}
