// `npm run bench` (first part): the example Custom message handler, built by `cognito-trigger build` as it is
// deployed, against a hand-written floor that produces the same messages. Reports bundle bytes, cold cost (import +
// first invocation in a fresh process) and warm cost per invocation, the handler alone and with the Lambda runtime's
// JSON conversions, for an event whose text stays in Latin-1 (the fast path) and for one whose name carries U+202F,
// ’, CJK text and an emoji (the escaping and Unicode checks). Writes its section of BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CustomMessageTriggerEvent } from 'aws-lambda';
import { FIXTURES } from '../src/events/fixtures.js';
import { buildAsDeployed } from './deployed.js';
import { buildLambdaChild, median, percentile } from './measure.js';
import { report, verdict } from './report.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'bench', '.out', 'custom-message');
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 51);
const WARM_ROUNDS = Number(process.env.BENCH_WARM_ROUNDS ?? 3);
const WARM_INVOCATIONS = Number(process.env.BENCH_WARM_INVOCATIONS ?? 5000);
const EVENT = 'events/CustomMessage_UpdateUserAttribute.client-metadata.json';
/** A given name with a narrow no-break space (which Cognito's email pattern refuses), ’, CJK text and an emoji. */
const UNICODE_NAME = 'Zoë d’Arcy\u202F美咲 🌸';
/** What the Unicode event's email must show: the name escaped as the kit and the floor write it. */
const UNICODE_IN_EMAIL = 'Zoë d’Arcy&#x202F;美咲 🌸';

const subjects = {
  example: join(root, 'handlers', 'custom-message.ts'),
  bundled: join(root, 'bench', 'bundled-brands.ts'),
  floor: join(root, 'bench', 'floor', 'custom-message.ts'),
} as const;
type Subject = keyof typeof subjects;
const names = Object.keys(subjects) as Subject[];
type EventKind = 'latin1' | 'unicode';
const eventKinds: readonly EventKind[] = ['latin1', 'unicode'];

const withUnicodeName = (event: CustomMessageTriggerEvent): CustomMessageTriggerEvent => ({
  ...event,
  request: {
    ...event.request,
    userAttributes: { ...event.request.userAttributes, given_name: UNICODE_NAME },
  },
});

const ENV = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'us-west-2',
  AWS_LAMBDA_FUNCTION_NAME: 'custom-message',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  NODE_OPTIONS: '',
};

const child = async <T>(script: string, args: readonly string[]): Promise<T> => {
  const out = join(tmpdir(), `bench-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  const result = spawnSync(process.execPath, [script, ...args.slice(0, 3), out, ...args.slice(3)], {
    env: ENV,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`benchmark child failed: ${args.join(' ')}`);
  const figures = JSON.parse(await readFile(out, 'utf8')) as T;
  await rm(out);
  return figures;
};

/**
 * The floor is only a floor if it sends the same messages: every fixture's response is compared, as it is and with
 * the Unicode name; and the Unicode event must carry its characters into the email.
 */
const assertSameMessages = async (kit: string, floor: string, unicodeEvent: CustomMessageTriggerEvent) => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const { handler: kitHandler } = await import(kit);
  const { handler: floorHandler } = await import(floor);
  for (const fixture of FIXTURES) {
    const event = JSON.parse(await readFile(join(root, 'events', fixture.file), 'utf8'));
    for (const variant of [event, withUnicodeName(event)]) {
      const [a, b] = [
        await kitHandler(structuredClone(variant)),
        await floorHandler(structuredClone(variant)),
      ];
      const fields = ['emailSubject', 'emailMessage', 'smsMessage'] as const;
      if (fields.some((field) => a.response[field] !== b.response[field]))
        throw new Error(`the floor's message differs from the kit's for ${fixture.file}`);
    }
  }
  const { response } = await kitHandler(structuredClone(unicodeEvent));
  if (!String(response.emailMessage).includes(UNICODE_IN_EMAIL))
    throw new Error('the Unicode event did not reach the email: it would measure the fast path');
};

await rm(outDir, { recursive: true, force: true });
await mkdir(join(outDir, 'events'), { recursive: true });
const built = await buildAsDeployed(join(outDir, 'project'), subjects);
const script = await buildLambdaChild(outDir);
const latin1Event = JSON.parse(await readFile(join(root, EVENT), 'utf8')) as CustomMessageTriggerEvent;
const unicodeEvent = withUnicodeName(latin1Event);
const eventFiles: Record<EventKind, string> = {
  latin1: join(root, EVENT),
  unicode: join(outDir, 'events', 'unicode.json'),
};
await writeFile(eventFiles.unicode, JSON.stringify(unicodeEvent));
await assertSameMessages(built.example.outfile, built.floor.outfile, unicodeEvent);
await assertSameMessages(built.bundled.outfile, built.floor.outfile, unicodeEvent);

// Fresh processes in rotating order, so that drift in the machine's speed hits all three alike.
type Cold = { coldMs: number; firstHandlerMs: number; cpuMs: number };
const cold = Object.fromEntries(
  eventKinds.map((kind) => [kind, Object.fromEntries(names.map((name) => [name, [] as Cold[]]))]),
) as Record<EventKind, Record<Subject, Cold[]>>;
for (let i = 0; i < COLD_RUNS; i++)
  for (const kind of eventKinds)
    for (let j = 0; j < names.length; j++) {
      const name = names[(i + j) % names.length] as Subject;
      cold[kind][name].push(await child<Cold>(script, ['cold', built[name].outfile, eventFiles[kind]]));
    }

type Warm = { handlerUs: number[]; totalUs: number[] };
const warm = Object.fromEntries(
  eventKinds.map((kind) => [
    kind,
    Object.fromEntries(names.map((name) => [name, { handlerUs: [], totalUs: [] } as Warm])),
  ]),
) as Record<EventKind, Record<Subject, Warm>>;
for (let round = 0; round < WARM_ROUNDS; round++)
  for (const kind of eventKinds)
    for (let j = 0; j < names.length; j++) {
      const name = names[(round + j) % names.length] as Subject;
      const samples = await child<Warm>(script, [
        'warm',
        built[name].outfile,
        eventFiles[kind],
        String(WARM_INVOCATIONS),
      ]);
      warm[kind][name].handlerUs.push(...samples.handlerUs);
      warm[kind][name].totalUs.push(...samples.totalUs);
    }

const format = (value: number, unit: string) =>
  unit === 'B' ? `${value.toLocaleString('en-US')} B` : `${value.toFixed(1)} ${unit}`;
/** One row: the three subjects, the two ratios to the floor, each marked ✓ or ✗ when there is a target. */
const row = (label: string, of: (name: Subject) => number, unit: string, target?: number) => {
  const ratio = (name: Subject) => {
    const value = of(name) / of('floor');
    return `${value.toFixed(2)}x${target === undefined ? '' : ` ${verdict(value <= target)}`}`;
  };
  return `| ${label} | ${format(of('example'), unit)} | ${format(of('bundled'), unit)} | ${format(of('floor'), unit)} | ${ratio('example')} | ${ratio('bundled')} | ${target === undefined ? '' : `≤ ${target}x`} |`;
};
const HEADER = [
  '| measure | example (handlers/custom-message.ts) | bundled brands only (bench/bundled-brands.ts) | floor (hand-written) | example / floor | bundled only / floor | target |',
  '|---|---|---|---|---|---|---|',
];
/** The targets were set on the Latin-1 event; the Unicode one is measured to know what the slow path costs. */
const invocationRows = (kind: EventKind) => {
  const targets = kind === 'latin1';
  const coldOf = (key: keyof Cold) => (name: Subject) => median(cold[kind][name].map((run) => run[key]));
  const warmOf = (key: keyof Warm, p: number) => (name: Subject) => percentile(warm[kind][name][key], p);
  return [
    row(
      'cold: import + first invocation, with the JSON conversions, median',
      coldOf('coldMs'),
      'ms',
      targets ? 1.25 : undefined,
    ),
    row('cold: of which the first invocation, handler only, median', coldOf('firstHandlerMs'), 'ms'),
    row('cold: CPU time of the process part above, median', coldOf('cpuMs'), 'ms'),
    row('warm: per invocation, handler only, p50', warmOf('handlerUs', 50), 'µs'),
    row(
      'warm: per invocation, with the JSON conversions, p50',
      warmOf('totalUs', 50),
      'µs',
      targets ? 1.5 : undefined,
    ),
    row('warm: per invocation, handler only, p99', warmOf('handlerUs', 99), 'µs'),
    row('warm: per invocation, with the JSON conversions, p99', warmOf('totalUs', 99), 'µs'),
  ];
};
const pairedRatio = (name: Subject) =>
  median(cold.latin1[name].map((run, i) => run.coldMs / (cold.latin1.floor[i] as Cold).coldMs));

/** What the Unicode event costs over the Latin-1 one, per subject: the difference and the ratio of the medians. */
const slowPathRow = (label: string, of: (kind: EventKind, name: Subject) => number, unit: string) => {
  const cell = (name: Subject) => {
    const [fast, slow] = [of('latin1', name), of('unicode', name)];
    return `${slow - fast >= 0 ? '+' : '−'}${Math.abs(slow - fast).toFixed(1)} ${unit} (${(slow / fast).toFixed(2)}x)`;
  };
  return `| ${label} | ${cell('example')} | ${cell('bundled')} | ${cell('floor')} |`;
};

await report('custom-message', [
  `${COLD_RUNS} cold processes and ${WARM_ROUNDS} × ${WARM_INVOCATIONS.toLocaleString('en-US')} warm invocations per subject and event; bundles built by \`cognito-trigger build\` (buildHandlers); event: ${EVENT}, and the same with given_name ${JSON.stringify(UNICODE_NAME)} (U+202F, U+2019, CJK, emoji) for the Unicode run.`,
  '',
  '**Bundles**',
  '',
  ...HEADER,
  row('bundle, minified (index.mjs as deployed)', (name) => built[name].bytes, 'B', 1.5),
  row('bundle, gzip', (name) => built[name].gzipBytes, 'B'),
  '',
  '**Latin-1 event (the fast path)**',
  '',
  ...HEADER,
  ...invocationRows('latin1'),
  '',
  `Median of the ${COLD_RUNS} paired cold ratios (same round of processes): example / floor ${pairedRatio('example').toFixed(2)}x, bundled only / floor ${pairedRatio('bundled').toFixed(2)}x.`,
  '',
  '**Unicode event (the slow path: escaping and the Unicode checks)**',
  '',
  ...HEADER,
  ...invocationRows('unicode'),
  '',
  '**What the slow path adds: Unicode event against Latin-1 event, same bundle**',
  '',
  '| measure | example | bundled brands only | floor |',
  '|---|---|---|---|',
  slowPathRow(
    'cold: import + first invocation, with the JSON conversions, median',
    (kind, name) => median(cold[kind][name].map((run) => run.coldMs)),
    'ms',
  ),
  slowPathRow('warm: handler only, p50', (kind, name) => percentile(warm[kind][name].handlerUs, 50), 'µs'),
  slowPathRow(
    'warm: with the JSON conversions, p50',
    (kind, name) => percentile(warm[kind][name].totalUs, 50),
    'µs',
  ),
]);
