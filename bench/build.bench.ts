// `npm run bench` (fourth part): the built handlers as deployed. Each bundle's size, and its cold and warm cost as the
// local invoker runs it (its own Node.js process, Lambda's environment, events over IPC), against a trivial bundle run
// the same way: the floor is what the process and the invoker cost by themselves. Writes its section of BENCHMARKS.md.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { buildHandlers } from '../src/build/build.js';
import { openHandler } from '../src/local/handler-process.js';
import { invokeHandler } from '../src/local/invoker.js';
import { startSenderEnvironment } from '../src/local/sender-environment.js';
import { percentile } from './measure.js';
import { report, verdict } from './report.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'bench', '.out', 'build');
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 21);
const WARM_INVOCATIONS = Number(process.env.BENCH_WARM_INVOCATIONS ?? 2000);

const KEY_ARN = 'arn:aws:kms:us-west-2:123456789012:key/6c0b2f7e-5d1a-4e8b-9a3c-2f4e6d8b0a1c';
/** The sender decrypts through a local KMS and publishes to a local SNS, as `cognito-trigger` runs it. */
const sender = await startSenderEnvironment();
/** The event each handler is measured with, and the variables it needs; one without is measured for size only. */
const SUBJECTS: Record<string, () => Promise<{ event: unknown; variables: Record<string, string> }>> = {
  'custom-message': async () => ({
    event: JSON.parse(
      await readFile(join(root, 'events', 'CustomMessage_UpdateUserAttribute.client-metadata.json'), 'utf8'),
    ),
    variables: {},
  }),
  'custom-sms-sender': async () => ({
    event: {
      version: '1',
      triggerSource: 'CustomSMSSender_UpdateUserAttribute',
      region: 'us-west-2',
      userPoolId: 'us-west-2_bbbbbbbbb',
      userName: 'diego',
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'CLIENT_ID_NOT_APPLICABLE' },
      request: {
        type: 'customSMSSenderRequestV1',
        code: await sender.setup(() => undefined).encrypt('123456', KEY_ARN),
        userAttributes: { sub: 'x', phone_number: '+33612345678', locale: 'fr' },
        clientMetadata: { brand: 'globex' },
      },
      response: {},
    },
    variables: { ...sender.variables, KEY_ARN },
  }),
};
const ENVIRONMENT = {
  AWS_REGION: 'us-west-2',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
};
const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] as number;

await rm(outDir, { recursive: true, force: true });
await mkdir(join(outDir, 'floor'), { recursive: true });
const { handlers } = await buildHandlers({ root, outDir: join(outDir, 'dist') });
// The floor: a bundle that answers at once, run the same way.
const floorFile = join(outDir, 'floor', 'index.mjs');
await writeFile(floorFile, 'export const handler = async (event) => event;\n');

/** Opening the handler (process start, module import) and its first answer; then warm invocations over IPC. */
const measure = async (spec: string, event: unknown, variables: Record<string, string> = {}) => {
  const environment = { ...ENVIRONMENT, ...variables };
  const cold: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const started = performance.now();
    const opened = await openHandler(spec, { cwd: root, environment, output: quiet });
    const { invocation } = await invokeHandler(opened.handler, event);
    cold.push(performance.now() - started);
    if (invocation.kind !== 'returned') throw new Error(`${spec}: ${JSON.stringify(invocation)}`);
    await opened.close();
  }
  const opened = await openHandler(spec, { cwd: root, environment, output: quiet });
  for (let i = 0; i < 200; i++) await invokeHandler(opened.handler, event);
  const warm: number[] = [];
  for (let i = 0; i < WARM_INVOCATIONS; i++) {
    const started = performance.now();
    await invokeHandler(opened.handler, event);
    warm.push((performance.now() - started) * 1000);
  }
  await opened.close();
  return { cold, warm };
};

const lines = [
  `${COLD_RUNS} cold starts and ${WARM_INVOCATIONS.toLocaleString('en-US')} warm invocations per bundle, through the invoker's child process; bundles built by \`cognito-trigger build\` (the zip holds the source map)`,
  '',
  '| handler | index.mjs | gzip | zip | budget (index.mjs) | cold: start + first answer, median | warm: p50 | warm: p99 |',
  '|---|---|---|---|---|---|---|---|',
];
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const floorEvent = { hello: 'world' };
const floor = await measure(floorFile, floorEvent);
for (const built of handlers) {
  const subject = SUBJECTS[built.name];
  const sizes = `${kib(built.bytes)} | ${kib(built.gzipBytes)} | ${built.zipBytes === undefined ? '-' : kib(built.zipBytes)} | ${kib(built.budgetBytes)} ${verdict(built.bytes <= built.budgetBytes)}`;
  if (!subject) {
    lines.push(`| ${built.name} | ${sizes} | (no event) | | |`);
    continue;
  }
  const { event, variables } = await subject();
  const { cold, warm } = await measure(join(outDir, 'dist', built.name, 'index.handler'), event, variables);
  lines.push(
    `| ${built.name} | ${sizes} | ${median(cold).toFixed(1)} ms (${(median(cold) / median(floor.cold)).toFixed(2)}x the floor) | ${median(warm).toFixed(0)} µs | ${percentile(warm, 99).toFixed(0)} µs |`,
  );
}
lines.push(
  `| floor: \`export const handler = async (event) => event\` | | | | | ${median(floor.cold).toFixed(1)} ms | ${median(floor.warm).toFixed(0)} µs | ${percentile(floor.warm, 99).toFixed(0)} µs |`,
);
await sender.close();
await report('build', lines);
