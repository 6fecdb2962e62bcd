import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '../../src/events/index.js';
import { invokeHandler } from '../../src/local/invoker.js';
import { invoke } from '../../src/testing/index.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/cognito-trigger.mjs', import.meta.url).pathname;
/** Far past Cognito's 5 s deadline: only a process that failed to stop reaches it. */
const STALL_MS = 45_000;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ctk-runtime-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a TypeScript handler module and runs an email change through it with the CLI, in a process of its own. */
const update = async (name: string, source: string) => {
  writeFileSync(join(dir, `${name}.ts`), source);
  const started = Date.now();
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [
        BIN,
        'admin-update-user-attributes',
        '--user-pool-id',
        'us-west-2_aaaaaaaaa',
        '--username',
        'diego@example.com',
        '--user-attributes',
        `Name=email,Value=${name}@example.com`,
        '--handler',
        `${name}.ts`,
        '--state-dir',
        `state-${name}`,
      ],
      { cwd: dir, timeout: STALL_MS, maxBuffer: 64 * 1024 * 1024 },
    );
    return { stdout, stderr, exitCode: 0 as number | null, ms: Date.now() - started };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number | null; killed: boolean };
    if (failed.killed) throw new Error(`the CLI was still running after ${STALL_MS} ms: ${failed.stderr}`);
    return { stdout: failed.stdout, stderr: failed.stderr, exitCode: failed.code, ms: Date.now() - started };
  }
};

const stored = async (name: string) => {
  const { stdout } = await run(
    process.execPath,
    [
      BIN,
      'admin-get-user',
      '--user-pool-id',
      'us-west-2_aaaaaaaaa',
      '--username',
      'diego@example.com',
      '--state-dir',
      `state-${name}`,
      '--quiet',
    ],
    { cwd: dir, timeout: STALL_MS },
  ).catch((error: { stdout: string }) => error);
  return stdout;
};

const TIMED_OUT =
  'An error occurred (UnexpectedLambdaException) when calling the AdminUpdateUserAttributes operation';

describe('CLI: TypeScript handlers judged on the wall clock, and never hung', () => {
  it('stops a synchronous endless loop at the deadline, fails the call and keeps the state', {
    timeout: STALL_MS + 15_000,
  }, async () => {
    // Act
    const [endless, busy] = await Promise.all([
      update('endless', 'export const handler = (event: unknown) => { for (;;) {} };\n'),
      update(
        'busy',
        'export const handler = async (event: unknown) => { const end = Date.now() + 7000; while (Date.now() < end) {} return event; };\n',
      ),
    ]);

    // Assess
    for (const result of [endless, busy]) {
      expect(result.exitCode).toBe(254);
      expect(result.stderr).toContain(TIMED_OUT);
    }
    expect(await stored('busy')).toContain('diego@example.com');
    expect(await stored('busy')).not.toContain('busy@example.com');
  });

  it('exits once its work is done, whatever timers the handler leaves or however late its promise settles', {
    timeout: STALL_MS + 15_000,
  }, async () => {
    // Act
    const [timer, late] = await Promise.all([
      update(
        'timer',
        'export const handler = async (event: unknown) => { setTimeout(() => undefined, 60_000); return event; };\n',
      ),
      update(
        'late',
        'export const handler = async (event: unknown) => { await new Promise((r) => setTimeout(r, 6_000)); return event; };\n',
      ),
    ]);

    // Assess
    expect(timer.exitCode).toBe(0);
    expect(late.exitCode).toBe(254);
    expect(late.stderr).toContain(TIMED_OUT);
  });

  it('ignores what a handler that is not async returns, as the Node.js runtime does', {
    timeout: STALL_MS,
  }, async () => {
    // Act
    const result = await update('plain', 'export const handler = (event: unknown) => event;\n');

    // Assess
    expect(result.exitCode).toBe(254);
    expect(result.stderr).toContain('InvalidLambdaResponseException');
  });

  it("takes a callback handler's answer once its work is done", { timeout: STALL_MS }, async () => {
    // Act
    const result = await update(
      'callback',
      'export const handler = (event: unknown, _context: unknown, callback: (e: null, r: unknown) => void) => { setTimeout(() => callback(null, event), 10); };\n',
    );

    // Assess
    expect(result.stderr).not.toContain('An error occurred');
    expect(result.exitCode).toBe(0);
  });

  it("fails a response over Lambda's 6 MB quota", { timeout: STALL_MS }, async () => {
    // Act
    const result = await update(
      'huge',
      "export const handler = async (event: { padding?: string }) => ({ ...event, padding: 'x'.repeat(6_300_000) });\n",
    );

    // Assess
    expect(result.exitCode).toBe(254);
    expect(result.stderr).toContain('Response payload size');
  });

  it('passes every byte the handler writes to the terminal, in order', { timeout: STALL_MS }, async () => {
    // Act
    const result = await update(
      'chatty',
      [
        'export const handler = async (event: unknown) => {',
        "  for (let i = 0; i < 2000; i++) console.log('line', i, '.'.repeat(5000));",
        "  console.log('last line');",
        '  return event;',
        '};',
        '',
      ].join('\n'),
    );

    // Assess
    const lines = result.stderr
      .split('\n')
      .filter((line) => line.startsWith('line ') || line === 'last line');
    expect(lines).toHaveLength(2001);
    expect(lines.map((line) => line.split(' ')[1])).toEqual([
      ...Array.from({ length: 2000 }, (_, i) => String(i)),
      'line',
    ]);
  });
});

describe('Function: invokeHandler, judged on the wall clock', () => {
  it('reports a handler that blocks past the deadline and then answers as a timeout', async () => {
    // Prepare
    const blocking = async (event: unknown) => {
      const end = Date.now() + 300;
      while (Date.now() < end) {}
      return event;
    };

    // Act
    const { invocation } = await invokeHandler(blocking as never, events.updateUserAttribute(), {
      deadlineMs: 100,
    });

    // Assess
    expect(invocation.kind).toBe('timeout');
  });

  it('ignores the return value of a handler that is not async and takes no callback', async () => {
    // Act
    const { invocation } = await invokeHandler(
      ((event: unknown) => event) as never,
      events.updateUserAttribute(),
    );

    // Assess
    expect(invocation).toEqual({ kind: 'returned', value: null });
  });

  it("testing's invoke reports a blocking handler as Cognito would: not accepted", async () => {
    // Prepare
    const blocking = async (event: unknown) => {
      const end = Date.now() + 300;
      while (Date.now() < end) {}
      return event;
    };

    // Act
    const outcome = await invoke(blocking as never, events.updateUserAttribute(), { deadlineMs: 100 });

    // Assess
    expect(outcome.judgement.verdict).not.toBe('accepted');
    expect(outcome.judgement.error?.name).toBe('UnexpectedLambdaException');
  });
});
