// `npm run bench` (seventh part): the two custom senders, built by `cognito-trigger build` as they are deployed, each
// as it is now and as it was built before (the Encryption SDK through `@aws-crypto/client-node`, SNS and SES through
// their SDK clients: bench/senders/). Reports bundle bytes and the cold cost of a fresh process (import + first
// invocation, which decrypts a code with the KMS keyring against a local KMS endpoint and sends it to a local SNS or
// SES v2 endpoint), with the SMS sender as it was as the reference. Writes its section of BENCHMARKS.md.
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { customEmailSenderEvent } from '../src/email/events.js';
import { startKmsEndpoint } from '../src/local/kms-endpoint.js';
import { LOCAL_CREDENTIALS } from '../src/local/listen.js';
import { startSesEndpoint } from '../src/local/ses-endpoint.js';
import { startSnsEndpoint } from '../src/local/sns-endpoint.js';
import { kmsCodeEncrypter } from '../src/sender/encrypt.js';
import { customSmsSenderEvent } from '../src/sms/events.js';
import { buildAsDeployed } from './deployed.js';
import { buildLambdaChild, median } from './measure.js';
import { report, verdict } from './report.js';

// This process encrypts the event's code with the SDK's KMS client: the SDK's notice about Node.js 20 is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'bench', '.out', 'email-sender');
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 31);
/** The target: each sender's cold start at most this fraction of the SMS sender's as it was. */
const TARGET = 0.5;
const KEY_ARN = 'arn:aws:kms:us-west-2:123456789012:key/6c0b2f7e-5d1a-4e8b-9a3c-2f4e6d8b0a1c';

const subjects = {
  'sms-before': join(root, 'bench', 'senders', 'sms-before.ts'),
  sms: join(root, 'handlers', 'custom-sms-sender.ts'),
  'email-before': join(root, 'bench', 'senders', 'email-before.ts'),
  email: join(root, 'handlers', 'custom-email-sender.ts'),
} as const;
type Subject = keyof typeof subjects;
const names = Object.keys(subjects) as Subject[];
const LABELS: Record<Subject, string> = {
  'sms-before': 'SMS sender as before (client-node, SNS client)',
  sms: 'SMS sender (handlers/custom-sms-sender.ts)',
  'email-before': 'email sender built as before (client-node, SES v2 client)',
  email: 'email sender (handlers/custom-email-sender.ts)',
};

await rm(outDir, { recursive: true, force: true });
await mkdir(join(outDir, 'events'), { recursive: true });
const kms = await startKmsEndpoint();
const sns = await startSnsEndpoint();
const ses = await startSesEndpoint();
const encrypt = kmsCodeEncrypter({
  clientConfig: { endpoint: kms.url, region: 'us-west-2', credentials: LOCAL_CREDENTIALS },
});
const code = await encrypt('482916', KEY_ARN);
const smsEvent = customSmsSenderEvent('CustomSMSSender_UpdateUserAttribute', {
  code,
  userAttributes: { phone_number: '+33612345678', locale: 'fr' },
  clientMetadata: { brand: 'globex' },
});
const emailEvent = customEmailSenderEvent('CustomEmailSender_UpdateUserAttribute', {
  code,
  userAttributes: { email: 'diego.new@example.com', locale: 'fr' },
  clientMetadata: { brand: 'globex' },
});
const eventFiles = { sms: join(outDir, 'events', 'sms.json'), email: join(outDir, 'events', 'email.json') };
await writeFile(eventFiles.sms, JSON.stringify(smsEvent));
await writeFile(eventFiles.email, JSON.stringify(emailEvent));

const built = await buildAsDeployed(join(outDir, 'project'), subjects);
const script = await buildLambdaChild(outDir);

/** Lambda's environment, with the local endpoints where the deployed function would reach AWS. */
const ENV = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'us-west-2',
  AWS_LAMBDA_FUNCTION_NAME: 'custom-sender',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  AWS_ENDPOINT_URL_KMS: kms.url,
  AWS_ENDPOINT_URL_SNS: sns.url,
  AWS_ENDPOINT_URL_SESV2: ses.url,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  KEY_ARN,
  POWERTOOLS_LOG_LEVEL: 'INFO',
  NODE_OPTIONS: '',
};

type Cold = { importMs: number; firstHandlerMs: number; coldMs: number; cpuMs: number };

/**
 * One cold process: import and first invocation. Spawned without blocking, since the endpoints it calls answer from
 * this process; the run counts only if the endpoint received the message.
 */
const coldRun = async (name: Subject): Promise<Cold> => {
  const out = join(outDir, `cold-${name}.json`);
  const isEmail = name.startsWith('email');
  const before = isEmail ? ses.emails.length : sns.messages.length;
  const status = await new Promise<number | null>((resolve) => {
    const child = spawn(
      process.execPath,
      [script, 'cold', built[name].outfile, isEmail ? eventFiles.email : eventFiles.sms, out],
      { env: ENV, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    child.on('exit', resolve);
  });
  if (status !== 0) throw new Error(`benchmark child failed for ${name}`);
  const after = isEmail ? ses.emails.length : sns.messages.length;
  if (after !== before + 1) throw new Error(`${name}: the first invocation sent nothing`);
  const figures = JSON.parse(await readFile(out, 'utf8')) as Cold;
  await rm(out);
  return figures;
};

// Fresh processes in rotating order, so that drift in the machine's speed hits all four alike.
const cold = Object.fromEntries(names.map((name) => [name, [] as Cold[]])) as Record<Subject, Cold[]>;
for (let i = 0; i < COLD_RUNS; i++)
  for (let j = 0; j < names.length; j++) {
    const name = names[(i + j) % names.length] as Subject;
    cold[name].push(await coldRun(name));
  }
await Promise.all([kms.close(), sns.close(), ses.close()]);

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const of = (name: Subject, key: keyof Cold) => median(cold[name].map((run) => run[key]));
const reference = of('sms-before', 'coldMs');
/** The paired ratio: each round's cold start over the same round's SMS sender as before, then the median. */
const paired = (name: Subject) =>
  median(cold[name].map((run, i) => run.coldMs / (cold['sms-before'][i] as Cold).coldMs));
const targetCell = (name: Subject) =>
  name.endsWith('before') ? '' : `${paired(name).toFixed(2)}x ${verdict(paired(name) <= TARGET)}`;

await report('email-sender', [
  `${COLD_RUNS} cold processes per sender, in rotating order; bundles built by \`cognito-trigger build\` (buildHandlers). Each process imports the bundle and invokes it once, as the Lambda runtime would, on a \`*_UpdateUserAttribute\` event (Globex, French) whose code was encrypted with the Encryption SDK's KMS keyring: the first invocation decrypts it (one KMS Decrypt) and sends it (one SNS Publish or SES v2 SendEmail), against local endpoints. The run counts only if the endpoint received the message.`,
  '',
  `| sender | index.mjs | gzip | cold: import + first invocation, median | of which import | of which first invocation | CPU | median / SMS sender as before | paired ratio, median (target ≤ ${TARGET}x) |`,
  '|---|---|---|---|---|---|---|---|---|',
  ...names.map(
    (name) =>
      `| ${LABELS[name]} | ${kib(built[name].bytes)} | ${kib(built[name].gzipBytes)} | ${of(name, 'coldMs').toFixed(1)} ms | ${of(name, 'importMs').toFixed(1)} ms | ${of(name, 'firstHandlerMs').toFixed(1)} ms | ${of(name, 'cpuMs').toFixed(1)} ms | ${(of(name, 'coldMs') / reference).toFixed(2)}x | ${targetCell(name)} |`,
  ),
]);
