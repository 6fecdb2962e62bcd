// `npm run bench` (third part): brands from Parameter Store. The example handler (handlers/custom-message.ts, with
// BRAND_CONFIG_PARAMETER set) against a naive one (Powertools' SSMProvider made at import, built the default way with
// the SDK bundled, the same templates), both fetching from a local Parameter Store endpoint, for the cold start; and
// against the same bundle with the variable unset, for the warm cost. The example is built by `cognito-trigger build`;
// the naive one for the same runtime, SDK included. Writes its section of BENCHMARKS.md.
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundledBrands } from '../handlers/brands/index.js';
import { toBrandDocument } from '../src/brand/config.js';
import { RUNTIME } from '../src/build/build.js';
import { startParameterEndpoint } from '../src/local/parameter-endpoint.js';
import { buildAsDeployed } from './deployed.js';
import { report, verdict } from './report.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'bench', '.out', 'brand-config');
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 31);
const WARM_INVOCATIONS = Number(process.env.BENCH_WARM_INVOCATIONS ?? 5000);
const WARM_ROUNDS = Number(process.env.BENCH_WARM_ROUNDS ?? 4);
const EVENT = join(root, 'events', 'CustomMessage_UpdateUserAttribute.client-metadata.json');
const BANNER = "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

const subjects = {
  kit: join(root, 'handlers', 'custom-message.ts'),
  naive: join(root, 'bench', 'brand-config', 'naive.ts'),
} as const;
/** The naive handler is built the default way, SDK included, for the runtime `cognito-trigger build` targets. */
const bundleNaive = async () => {
  const outfile = join(outDir, 'naive', 'index.mjs');
  await build({
    entryPoints: [subjects.naive],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    target: RUNTIME.replace(/^nodejs(\d+)\.x$/, 'node$1'),
    format: 'esm',
    conditions: ['source'],
    banner: { js: BANNER },
    logLevel: 'silent',
  });
  return { outfile, bytes: (await stat(outfile)).size };
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] as number;

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });
const built = {
  kit: (await buildAsDeployed(join(outDir, 'project'), { kit: subjects.kit })).kit,
  naive: await bundleNaive(),
};
const endpoint = await startParameterEndpoint({
  '/brands': { value: JSON.stringify(toBrandDocument(bundledBrands)) },
});
const env = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'us-west-2',
  AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_ENDPOINT_URL_SSM: endpoint.url,
  AWS_LAMBDA_FUNCTION_NAME: 'custom-message',
  BRAND_CONFIG_PARAMETER: '/brands',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  // The SDK warns on Node.js 20 at every start: not what is measured.
  NODE_NO_WARNINGS: '1',
};
const child = async <T>(args: string[], extraEnv: Record<string, string | undefined> = {}): Promise<T> => {
  const out = join(tmpdir(), `bench-brands-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  // The endpoint answers in this process: the child runs asynchronously so that it can.
  const result = await new Promise<number>((resolve) => {
    const proc = spawn(
      process.execPath,
      [join(root, 'bench', 'child.mjs'), ...args.slice(0, 3), out, ...args.slice(3)],
      {
        env: { ...env, ...extraEnv },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    proc.on('exit', (code) => resolve(code ?? 1));
  });
  if (result !== 0) throw new Error(`benchmark child failed: ${args.join(' ')}`);
  const figures = JSON.parse(await readFile(out, 'utf8')) as T;
  await rm(out);
  return figures;
};

const fetchesBefore = endpoint.requests.length;
const cold: Record<'kit' | 'naive', number[]> = { kit: [], naive: [] };
for (let i = 0; i < COLD_RUNS; i++)
  for (const name of i % 2 ? (['naive', 'kit'] as const) : (['kit', 'naive'] as const))
    cold[name].push((await child<{ coldMs: number }>(['cold', built[name].outfile, EVENT])).coldMs);
// Each cold process must have fetched once: a handler answering from its bundled brands would measure nothing.
if (endpoint.requests.length - fetchesBefore !== 2 * COLD_RUNS)
  throw new Error(`expected ${2 * COLD_RUNS} fetches, saw ${endpoint.requests.length - fetchesBefore}`);
// Warm rounds alternate between the two, so that a noisy moment does not fall on one side only.
const warm: Record<'kit' | 'inline', number[]> = { kit: [], inline: [] };
for (let round = 0; round < WARM_ROUNDS; round++)
  for (const name of round % 2 ? (['inline', 'kit'] as const) : (['kit', 'inline'] as const))
    warm[name].push(
      ...(
        await child<{ samplesUs: number[] }>(
          ['warm', built.kit.outfile, EVENT, String(WARM_INVOCATIONS)],
          // The same bundle with the variable unset: bundled brands.
          name === 'inline' ? { BRAND_CONFIG_PARAMETER: undefined } : {},
        )
      ).samplesUs,
    );
await endpoint.close();

const [coldRatio, warmRatio] = [
  median(cold.kit) / median(cold.naive),
  median(warm.kit) / median(warm.inline),
];
await report('brand-config', [
  `${COLD_RUNS} cold processes each, ${WARM_ROUNDS} × ${WARM_INVOCATIONS.toLocaleString('en-US')} warm invocations; Parameter Store on 127.0.0.1`,
  '',
  '| measure | example handler, BRAND_CONFIG_PARAMETER set | reference | ratio | target |',
  '|---|---|---|---|---|',
  `| bundle, minified | ${built.kit.bytes.toLocaleString('en-US')} B | ${built.naive.bytes.toLocaleString('en-US')} B (naive, SDK bundled) | ${(built.kit.bytes / built.naive.bytes).toFixed(2)}x | |`,
  `| cold: import + first invocation (with the fetch), median | ${median(cold.kit).toFixed(1)} ms | ${median(cold.naive).toFixed(1)} ms (naive) | ${coldRatio.toFixed(2)}x | ≤ 0.6x ${verdict(coldRatio <= 0.6)} |`,
  `| warm: per invocation, p50 | ${median(warm.kit).toFixed(1)} µs | ${median(warm.inline).toFixed(1)} µs (same bundle, variable unset) | ${warmRatio.toFixed(2)}x | ≤ 1.2x ${verdict(warmRatio <= 1.2)} |`,
]);
