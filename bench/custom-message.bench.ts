// `npm run bench`: the example Custom message handler, built as it is deployed, against a hand-written floor that
// produces the same messages. Reports bundle bytes, cold cost (import + first invocation in a fresh process) and
// warm cost per invocation, with the ratios and the targets of BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { FIXTURES } from '../src/events/fixtures.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'bench', '.out');
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 51);
const WARM_ROUNDS = Number(process.env.BENCH_WARM_ROUNDS ?? 3);
const WARM_INVOCATIONS = Number(process.env.BENCH_WARM_INVOCATIONS ?? 5000);
const EVENT = join(root, 'events', 'CustomMessage_UpdateUserAttribute.client-metadata.json');

const subjects = {
  kit: join(root, 'handlers', 'custom-message.ts'),
  bundled: join(root, 'bench', 'bundled-brands.ts'),
  floor: join(root, 'bench', 'floor', 'custom-message.ts'),
} as const;
type Subject = keyof typeof subjects;

/**
 * Bundles a handler the way it is deployed: ESM for the Lambda Node.js runtime, minified, AWS SDK left out (the runtime
 * has it), split at dynamic imports so that code loaded on demand (remote brand configuration and the SDK client it
 * imports) stays out of the file Lambda imports at a cold start.
 */
const bundle = async (name: Subject) => {
  const outdir = join(outDir, name);
  await build({
    entryPoints: { index: subjects[name] },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    minify: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    conditions: ['source'],
    external: ['@aws-sdk/*'],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'silent',
  });
  const outfile = join(outdir, 'index.mjs');
  // What Lambda loads at a cold start: the entry file and every chunk it imports statically, transitively.
  const loaded = new Set<string>();
  const visit = async (file: string) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    const text = await readFile(join(outdir, file), 'utf8');
    for (const [, chunk] of text.matchAll(/(?:^|[;\n}])\s*import[^(;]*?from\s*"\.\/([^"]+)"/g))
      await visit(chunk as string);
  };
  await visit('index.mjs');
  const code = Buffer.concat(await Promise.all([...loaded].map((file) => readFile(join(outdir, file)))));
  const files = await readdir(outdir);
  const total = (await Promise.all(files.map(async (file) => (await stat(join(outdir, file))).size))).reduce(
    (a, b) => a + b,
    0,
  );
  return { outfile, bytes: code.length, gzipBytes: gzipSync(code).length, totalBytes: total };
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};

const ENV = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'us-west-2',
  AWS_LAMBDA_FUNCTION_NAME: 'custom-message',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  NODE_OPTIONS: '',
};

const child = async <T>(args: string[]): Promise<T> => {
  const out = join(tmpdir(), `bench-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  const result = spawnSync(
    process.execPath,
    [join(root, 'bench', 'child.mjs'), ...args.slice(0, 3), out, ...args.slice(3)],
    {
      env: ENV,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (result.status !== 0) throw new Error(`benchmark child failed: ${args.join(' ')}`);
  const figures = JSON.parse(await readFile(out, 'utf8')) as T;
  await rm(out);
  return figures;
};

/** The floor is only a floor if it sends the same messages: compare every fixture's response. */
const assertSameMessages = async (kit: string, floor: string) => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const { handler: kitHandler } = await import(kit);
  const { handler: floorHandler } = await import(floor);
  for (const fixture of FIXTURES) {
    const event = JSON.parse(await readFile(join(root, 'events', fixture.file), 'utf8'));
    const [a, b] = [await kitHandler(structuredClone(event)), await floorHandler(structuredClone(event))];
    const fields = ['emailSubject', 'emailMessage', 'smsMessage'] as const;
    if (fields.some((field) => a.response[field] !== b.response[field]))
      throw new Error(`the floor's message differs from the kit's for ${fixture.file}`);
  }
};

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });
const built = { kit: await bundle('kit'), bundled: await bundle('bundled'), floor: await bundle('floor') };
await assertSameMessages(built.kit.outfile, built.floor.outfile);
await assertSameMessages(built.bundled.outfile, built.floor.outfile);

// Fresh processes in rotating order, so that drift in the machine's speed hits all three alike.
type Cold = { coldMs: number; cpuMs: number };
const names = ['kit', 'bundled', 'floor'] as const;
const cold: Record<Subject, Cold[]> = { kit: [], bundled: [], floor: [] };
for (let i = 0; i < COLD_RUNS; i++)
  for (let j = 0; j < names.length; j++) {
    const name = names[(i + j) % names.length] as Subject;
    cold[name].push(await child<Cold>(['cold', built[name].outfile, EVENT]));
  }
const coldOf = (name: Subject, key: keyof Cold) => cold[name].map((run) => run[key]);
const pairedRatio = (name: Subject) =>
  median(cold[name].map((run, i) => run.coldMs / (cold.floor[i] as Cold).coldMs));

const warm: Record<Subject, number[]> = { kit: [], bundled: [], floor: [] };
for (let round = 0; round < WARM_ROUNDS; round++)
  for (const name of names)
    warm[name].push(
      ...(
        await child<{ samplesUs: number[] }>(['warm', built[name].outfile, EVENT, String(WARM_INVOCATIONS)])
      ).samplesUs,
    );

const row = (label: string, of: (name: Subject) => number, unit: string, target?: number) => {
  const figure = (name: Subject) => `${of(name).toFixed(unit === 'B' ? 0 : 1)} ${unit}`;
  const ratio = (name: Subject) => {
    const value = of(name) / of('floor');
    const verdict = target === undefined ? '' : value <= target ? ' ✓' : ' ✗';
    return `${value.toFixed(2)}x${verdict}`;
  };
  return `| ${label} | ${figure('kit')} | ${figure('bundled')} | ${figure('floor')} | ${ratio('kit')} | ${ratio('bundled')} | ${target === undefined ? '' : `≤ ${target}x`} |`;
};
const lines = [
  `Node ${process.version}, ${COLD_RUNS} cold processes each, ${WARM_ROUNDS} x ${WARM_INVOCATIONS} warm invocations each; event: events/CustomMessage_UpdateUserAttribute.client-metadata.json`,
  '',
  '| measure | example (handlers/custom-message.ts) | bundled brands only (bench/bundled-brands.ts) | floor (hand-written) | example / floor | bundled only / floor | target |',
  '|---|---|---|---|---|---|---|',
  row('bundle, minified (the files imported at a cold start)', (name) => built[name].bytes, 'B', 1.5),
  row('all chunks, including those loaded on demand', (name) => built[name].totalBytes, 'B'),
  row('bundle, gzip', (name) => built[name].gzipBytes, 'B'),
  row('cold: import + first invocation, median', (name) => median(coldOf(name, 'coldMs')), 'ms', 1.25),
  row('cold: CPU time of that process part, median', (name) => median(coldOf(name, 'cpuMs')), 'ms'),
  row('warm: per invocation, p50', (name) => median(warm[name]), 'µs', 1.5),
  row('warm: per invocation, p99', (name) => percentile(warm[name], 99), 'µs'),
];
lines.push(
  '',
  `Median of the ${COLD_RUNS} paired cold ratios (same round of processes): example / floor ${pairedRatio('kit').toFixed(2)}x, bundled only / floor ${pairedRatio('bundled').toFixed(2)}x`,
);
console.log(lines.join('\n'));
