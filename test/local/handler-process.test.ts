import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHandlers } from '../../src/build/build.js';
import { runCli } from '../../src/cli/main.js';
import { FIXTURES } from '../../src/events/fixtures.js';
import { type OpenedHandler, openHandler, resolveHandlerSpec } from '../../src/local/handler-process.js';
import { invokeEvent } from '../../src/local/invoke-event.js';
import { invokeHandler } from '../../src/local/invoker.js';

const root = process.cwd();
let dir: string;
const opened: OpenedHandler[] = [];
const open = async (spec: string, environment: Record<string, string> = {}) => {
  const handler = await openHandler(spec, { cwd: dir, environment, output: devNull });
  opened.push(handler);
  return handler;
};
/** The functions' log lines are not what these tests read. */
const devNull = new (await import('node:stream')).Writable({ write: (_chunk, _encoding, done) => done() });

/** A built module, as a bundle would be: plain JavaScript in a folder of its own. */
const module = (name: string, code: string) => {
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(join(dir, name, 'index.mjs'), code);
  return join(name, 'index.mjs');
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cognito-trigger-process-'));
  await buildHandlers({ root, outDir: join(dir, 'dist'), only: ['custom-message'], zip: false });
}, 60_000);
afterAll(async () => {
  await Promise.all(opened.map((handler) => handler.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('Function: openHandler, a built bundle', () => {
  it('gives the same response as the TypeScript source for every fixture event', async () => {
    const source = await openHandler(join(root, 'handlers', 'custom-message.ts'), {
      cwd: root,
      environment: {},
    });
    opened.push(source);
    const built = await open('dist/custom-message/index.handler');
    expect(source.kind).toBe('source');
    expect(built.kind).toBe('built');
    for (const fixture of FIXTURES) {
      const event = JSON.parse(readFileSync(join(root, 'events', fixture.file), 'utf8'));
      const [fromSource, fromBundle] = [
        await invokeEvent(source.handler as never, structuredClone(event), { code: '123456' }),
        await invokeEvent(built.handler as never, structuredClone(event), { code: '123456' }),
      ];
      expect(fromBundle.returned, fixture.file).toBeDefined();
      expect(fromBundle.returned, fixture.file).toEqual(fromSource.returned);
      expect(fromBundle.judgement.verdict, fixture.file).toBe(fromSource.judgement.verdict);
    }
  });

  it("runs in its own process with Lambda's environment, the function's variables and a counting-down context", async () => {
    const spec = module(
      'env',
      `export const handler = async (event, context) => ({
        pid: process.pid,
        env: Object.fromEntries(['LAMBDA_TASK_ROOT', '_HANDLER', 'AWS_LAMBDA_FUNCTION_NAME', 'AWS_REGION', 'TZ', 'BRAND', 'AWS_LAMBDA_LOG_GROUP_NAME'].map((n) => [n, process.env[n]])),
        functionName: context.functionName,
        remaining: context.getRemainingTimeInMillis(),
        event,
      });`,
    );
    const handler = await open(spec, {
      AWS_LAMBDA_FUNCTION_NAME: 'brand-mail',
      AWS_REGION: 'eu-west-3',
      BRAND: 'acme',
    });
    const { invocation } = await invokeHandler(
      handler.handler,
      { hello: 'world' },
      { functionName: 'brand-mail' },
    );
    expect(invocation.kind).toBe('returned');
    const value = (invocation as { value: Record<string, unknown> }).value;
    expect(value.pid).not.toBe(process.pid);
    expect(value.env).toEqual({
      LAMBDA_TASK_ROOT: join(dir, 'env'),
      _HANDLER: 'index.handler',
      AWS_LAMBDA_FUNCTION_NAME: 'brand-mail',
      AWS_REGION: 'eu-west-3',
      TZ: ':UTC',
      BRAND: 'acme',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/brand-mail',
    });
    expect(value.functionName).toBe('brand-mail');
    expect(value.remaining).toBeGreaterThan(4_000);
    expect(value.remaining).toBeLessThanOrEqual(5_000);
    expect(value.event).toEqual({ hello: 'world' });
  });

  it('answers through the callback of a callback-style handler, and serialises the result as the runtime does', async () => {
    const spec = module(
      'callback',
      'export const handler = (event, context, callback) => callback(null, { when: new Date(0), gone: undefined });',
    );
    const { invocation } = await invokeHandler((await open(spec)).handler, {});
    expect(invocation).toEqual({ kind: 'returned', value: { when: '1970-01-01T00:00:00.000Z' } });
  });

  it('reports what the function threw, by name and message', async () => {
    const spec = module('throws', "export const handler = async () => { throw new TypeError('no brand'); };");
    const { invocation } = await invokeHandler((await open(spec)).handler, {});
    expect(invocation).toEqual({ kind: 'threw', error: { name: 'TypeError', message: 'no brand' } });
  });

  it('times out at the deadline, then starts a fresh process for the next invocation, as Lambda does', async () => {
    const spec = module(
      'hangs',
      'let calls = 0; export const handler = async (event) => { calls++; if (event.hang) await new Promise(() => setInterval(() => {}, 1000)); return { calls, pid: process.pid }; };',
    );
    const handler = await open(spec);
    const first = await invokeHandler(handler.handler, { hang: false });
    const hung = await invokeHandler(handler.handler, { hang: true }, { deadlineMs: 300 });
    expect(hung.invocation.kind).toBe('timeout');
    const after = await invokeHandler(handler.handler, { hang: false });
    const [before, now] = [first, after].map(
      (r) => (r.invocation as { value: { calls: number; pid: number } }).value,
    );
    expect(now?.calls).toBe(1);
    expect(now?.pid).not.toBe(before?.pid);
  });

  it.each([
    [
      'a module whose init throws',
      'throw new Error("boom at init");',
      /Runtime\.ImportModuleError: Error: boom at init/,
    ],
    [
      'a module without the export',
      'export const other = 1;',
      /Runtime\.HandlerNotFound: index\.handler is undefined or not exported/,
    ],
  ])("refuses %s, in the runtime's words", async (_label, code, message) => {
    const spec = module(`bad-${code.length}`, code);
    await expect(open(spec)).rejects.toThrow(message);
  });
});

describe('Command: invoke --handler with a built module that fails to load', () => {
  it('ends, with exit status 252, even when the module left a timer running', async () => {
    const spec = module('leaves-a-timer', 'setInterval(() => {}, 1000);\nexport const other = 1;\n');
    const { execFile } = await import('node:child_process');
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        [
          join(root, 'bin', 'cognito-trigger.mjs'),
          'invoke',
          '--event',
          join(root, 'events', 'CustomMessage_UpdateUserAttribute.json'),
          '--handler',
          join(dir, spec),
          '--state-dir',
          join(dir, 'state'),
        ],
        { timeout: 15_000 },
        (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
      );
    });
    expect(result.code).toBe(252);
    expect(result.stderr).toContain('Runtime.HandlerNotFound: index.handler is undefined or not exported');
  }, 20_000);
});

describe('Command: admin-update-user-attributes --handler with a Lambda handler string', () => {
  it('runs the built bundle in its own process and delivers its message', async () => {
    const result = await runCli(
      [
        'admin-update-user-attributes',
        '--user-pool-id',
        'us-west-2_aaaaaaaaa',
        '--username',
        'diego@example.com',
        '--user-attributes',
        'Name=phone_number,Value=+33612345678',
        '--client-metadata',
        'brand=globex',
        '--handler',
        join(dir, 'dist', 'custom-message', 'index.handler'),
        '--state-dir',
        join(dir, 'state'),
        '--code',
        '777777',
      ],
      { cwd: root },
    );
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('dist/custom-message/index.mjs (built, in its own process)');
    expect(result.stderr).toContain('Globex: 777777 is your code to confirm your new phone number.');
  });
});

describe('Function: resolveHandlerSpec', () => {
  it('reads a Lambda handler string: the module with a built extension, then the export', () => {
    expect(resolveHandlerSpec('dist/custom-message/index.handler', dir)).toEqual({
      file: join(dir, 'dist', 'custom-message', 'index.mjs'),
      exportName: 'handler',
    });
  });

  it('reads FILE and FILE:export as before', () => {
    expect(resolveHandlerSpec('dist/custom-message/index.mjs', dir).exportName).toBe('handler');
    expect(resolveHandlerSpec('dist/custom-message/index.mjs:main', dir)).toEqual({
      file: join(dir, 'dist', 'custom-message', 'index.mjs'),
      exportName: 'main',
    });
  });
});
