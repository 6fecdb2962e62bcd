// The Cognito endpoint under the real SDK v3 client: AdminUpdateUserAttributes email changes against
// `cognito-trigger serve` with the example handler running as the trigger (in its own processes, as the CLI runs it),
// at concurrency 1 and 8, beside a floor measured in the same run: an HTTP server that answers every call with {} at
// once, driven by the same client. Also: memory after 10,000 calls against memory after 100, and the time from
// starting `serve` to its first answer.
//   node --conditions=source --import ./bin/register-ts.mjs bench/serve.bench.ts
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { report, verdict } from './report.js';

const root = new URL('../', import.meta.url).pathname;
const POOL = 'us-west-2_aaaaaaaaa';
const DURATION_MS = Number(process.env.BENCH_SERVE_MS ?? 4_000);
const LEAK_CALLS = Number(process.env.BENCH_SERVE_CALLS ?? 10_000);

const clientFor = (endpoint: string) =>
  new CognitoIdentityProviderClient({
    endpoint,
    region: 'us-west-2',
    credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });

let sequence = 0;
/** One email change: each call a new address, so that every call runs the trigger and delivers a message. */
const change = (client: CognitoIdentityProviderClient) =>
  client.send(
    new AdminUpdateUserAttributesCommand({
      UserPoolId: POOL,
      Username: 'zoe@example.com',
      UserAttributes: [
        { Name: 'given_name', Value: `Zoë ${sequence++}` },
        { Name: 'phone_number', Value: `+1432555${String(1000 + (sequence % 9000))}` },
      ],
      ClientMetadata: { brand: 'globex' },
    }),
  );

/** Calls per second with `concurrency` callers for DURATION_MS, after a warm-up. */
const rate = async (client: CognitoIdentityProviderClient, concurrency: number): Promise<number> => {
  const until = async (deadline: number) => {
    let calls = 0;
    while (Date.now() < deadline) {
      await change(client);
      calls++;
    }
    return calls;
  };
  await Promise.all(Array.from({ length: concurrency }, () => until(Date.now() + 500)));
  const started = Date.now();
  const counts = await Promise.all(Array.from({ length: concurrency }, () => until(started + DURATION_MS)));
  return (counts.reduce((a, b) => a + b, 0) * 1000) / (Date.now() - started);
};

/** The floor: an HTTP server that answers {} at once, in this process like the client's own overhead. */
const startFloor = async () => {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': '2' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/** Starts `serve` with the example handler; resolves with its URL, and how long the first answer took from spawn. */
const startServe = async (stateDir: string) => {
  const started = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    [join(root, 'bin/cognito-trigger.mjs'), 'serve', '--port', '0', '--state-dir', stateDir, '--quiet'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    },
  );
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const found = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (found) resolve(found[1] as string);
    });
    child.on('exit', (code) => reject(new Error(`serve exited (${code}): ${stderr}`)));
  });
  const client = clientFor(url);
  await change(client);
  const firstAnswerMs = performance.now() - started;
  client.destroy();
  const rss = async (): Promise<number> => {
    const { readFile } = await import('node:fs/promises');
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
  };
  return {
    url,
    firstAnswerMs,
    rss,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
};

const stateDir = mkdtempSync(join(tmpdir(), 'ctk-bench-serve-'));
const floor = await startFloor();
const served = await startServe(stateDir);
const floorClient = clientFor(floor.url);
const servedClient = clientFor(served.url);

const rows: string[] = [];
const results: { concurrency: number; kit: number; floor: number }[] = [];
for (const concurrency of [1, 8]) {
  const floorRate = await rate(floorClient, concurrency);
  const kitRate = await rate(servedClient, concurrency);
  results.push({ concurrency, kit: kitRate, floor: floorRate });
}
for (const { concurrency, kit, floor: floorRate } of results)
  rows.push(
    `| ${concurrency} | ${kit.toFixed(0)} | ${floorRate.toFixed(0)} | ${(kit / floorRate).toFixed(2)}x | ≥ 0.6x ${verdict(kit / floorRate >= 0.6)} |`,
  );

// Memory: after 100 calls, and after LEAK_CALLS, on a fresh server (the rate runs above warmed the first one).
await served.close();
rmSync(stateDir, { recursive: true, force: true });
const leakDir = mkdtempSync(join(tmpdir(), 'ctk-bench-serve-'));
const fresh = await startServe(leakDir);
const leakClient = clientFor(fresh.url);
const callsInBatches = async (count: number) => {
  for (let done = 0; done < count; done += 8)
    await Promise.all(Array.from({ length: Math.min(8, count - done) }, () => change(leakClient)));
};
await callsInBatches(100);
const rssAfter100 = await fresh.rss();
await callsInBatches(LEAK_CALLS - 100);
const rssAfterAll = await fresh.rss();
leakClient.destroy();
await fresh.close();
rmSync(leakDir, { recursive: true, force: true });
floorClient.destroy();
servedClient.destroy();
await floor.close();

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
await report('serve', [
  `SDK v3 AdminUpdateUserAttributes (a phone change and a name, brand globex: the example handler runs as the trigger and an SMS is delivered each call) against \`cognito-trigger serve\`, ${DURATION_MS / 1000} s per run, beside a server that answers {} at once, driven by the same client.`,
  '',
  '| concurrency | serve, calls/s | floor, calls/s | serve / floor | target |',
  '|---|---|---|---|---|',
  ...rows,
  '',
  '| measure | value | target |',
  '|---|---|---|',
  `| RSS after 100 calls | ${mb(rssAfter100)} | |`,
  `| RSS after ${LEAK_CALLS.toLocaleString('en')} calls | ${mb(rssAfterAll)} (${(rssAfterAll / rssAfter100).toFixed(2)}x) | ≤ 1.5x ${verdict(rssAfterAll / rssAfter100 <= 1.5)} |`,
  `| start to first answer | ${served.firstAnswerMs.toFixed(0)} ms | < 300 ms ${verdict(served.firstAnswerMs < 300)} |`,
]);
