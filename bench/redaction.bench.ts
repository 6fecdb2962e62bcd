// `npm run bench` (fifth part): what logging the event costs as clientMetadata grows, through the real handler (the
// example brands and templates, built with `customMessage`), with event logging on and off, beside a hand-written
// floor: JSON.stringify of the same event, which writing the event costs whatever the redaction. The value is a token
// without `@` or spaces (a caller's state blob), the shape an email pattern that backtracks takes quadratic time on.
// Writes its section of BENCHMARKS.md.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CustomMessageTriggerEvent } from 'aws-lambda';
import { brands, clientIds } from '../handlers/brands/index.js';
import { templates } from '../handlers/brands/templates.js';
import { customMessage } from '../src/handler/custom-message.js';
import { median } from './measure.js';
import { report } from './report.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const EVENT = join(root, 'events', 'CustomMessage_UpdateUserAttribute.client-metadata.json');
const SIZES = [1_024, 10_240, 102_400, 1_048_576] as const;
/** Samples per size: fewer for the larger values, whose single samples are long enough to time. */
const SAMPLES: Readonly<Record<number, number>> = { 1024: 400, 10240: 200, 102400: 60, 1048576: 15 };

/** A token of `size` characters from the base64 alphabet, the same for every run. */
const token = (size: number) => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let seed = 0x2545f491;
  let text = '';
  for (let i = 0; i < size; i++) {
    seed = (seed * 1_103_515_245 + 12_345) >>> 0;
    text += alphabet[seed >>> 26];
  }
  return text;
};

// The log lines go nowhere, but they are written: the Logger serialises them and calls write as in Lambda.
process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
let written = 0;
const write = process.stdout.write.bind(process.stdout);
const quiet = ((chunk: string | Uint8Array) => {
  written += chunk.length;
  return true;
}) as typeof process.stdout.write;

const build = (logEvent: boolean) =>
  customMessage({ brands, defaultBrand: 'acme', resolution: { clientIds }, templates, logEvent });
const logged = build(true);
const unlogged = build(false);
const base = JSON.parse(await readFile(EVENT, 'utf8')) as CustomMessageTriggerEvent;

const rows: string[] = [];
process.stdout.write = quiet;
try {
  for (const size of SIZES) {
    const event: CustomMessageTriggerEvent = {
      ...base,
      request: { ...base.request, clientMetadata: { ...base.request.clientMetadata, state: token(size) } },
    };
    const samples = SAMPLES[size] as number;
    const times: Record<'logged' | 'unlogged' | 'floor', number[]> = { logged: [], unlogged: [], floor: [] };
    // One warm-up round, then rounds in rotating order so that drift in the machine's speed hits all three alike.
    for (let round = -1; round < samples; round++) {
      const order = (['logged', 'unlogged', 'floor'] as const).map((_, i, all) => all[(i + round + 3) % 3]);
      for (const name of order) {
        const started = performance.now();
        if (name === 'floor') written += JSON.stringify(event).length;
        else await (name === 'logged' ? logged : unlogged)(event);
        const ms = performance.now() - started;
        if (round >= 0 && name) times[name].push(ms);
      }
    }
    const [on, off, floor] = [median(times.logged), median(times.unlogged), median(times.floor)];
    const added = on - off;
    rows.push(
      `| ${size >= 1_048_576 ? `${size / 1_048_576} MB` : `${size / 1_024} KB`} | ${on.toFixed(3)} ms | ${off.toFixed(3)} ms | ${added.toFixed(3)} ms | ${floor.toFixed(3)} ms | ${(added / floor).toFixed(1)}x | ${((added * 1_000) / (size / 1_024)).toFixed(1)} µs |`,
    );
  }
} finally {
  process.stdout.write = write;
}
if (written === 0) throw new Error('nothing was logged: the benchmark measured no redaction');

await report('redaction', [
  `Medians of ${SIZES.map((size) => SAMPLES[size]).join(' / ')} invocations; event: events/CustomMessage_UpdateUserAttribute.client-metadata.json with clientMetadata.state set`,
  '',
  '| clientMetadata.state | handler, event logged | handler, event not logged | added by logging the event | floor: JSON.stringify(event) | added / floor | added per KB |',
  '|---|---|---|---|---|---|---|',
  ...rows,
]);
