import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = join(process.cwd(), 'bin', 'cognito-trigger.mjs');
/** The bin's own hooks transpile TypeScript with esbuild, in the hooks thread: that is not the command's doing. */
const TS_HOOKS = pathToFileURL(join(process.cwd(), 'bin', 'ts-hooks.mjs')).href;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cognito-trigger-imports-'));
  // A resolve hook that writes down every specifier resolved, with the module that imported it.
  writeFileSync(
    join(dir, 'record-hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(log, JSON.stringify({ specifier, parent: context.parentURL ?? null }) + '\\n');
  return result;
}
`,
  );
  writeFileSync(
    join(dir, 'record.mjs'),
    `import { register } from 'node:module';
register('./record-hooks.mjs', import.meta.url, { data: { log: process.env.IMPORT_LOG } });
`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the bin with the recording hook; returns what it resolved, apart from the bin's own TypeScript hooks. */
const resolvedBy = async (name: string, ...argv: string[]) => {
  const log = join(dir, `${name}.log`);
  writeFileSync(log, '');
  // Whatever the command answers, what it loaded is in the log.
  await run(process.execPath, ['--import', pathToFileURL(join(dir, 'record.mjs')).href, BIN, ...argv], {
    env: { ...process.env, IMPORT_LOG: log },
  }).catch(() => undefined);
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { specifier: string; parent: string | null })
    .filter((entry) => entry.parent !== TS_HOOKS)
    .map((entry) => entry.specifier);
};

describe('Command line: what a command loads', () => {
  it('runs admin-get-user without loading esbuild or zlib, which only build needs', async () => {
    // Act
    const specifiers = await resolvedBy(
      'admin-get-user',
      'admin-get-user',
      '--user-pool-id',
      'us-west-2_aaaaaaaaa',
      '--username',
      'diego@example.com',
      '--state-dir',
      join(dir, 'state'),
    );

    // Assess
    expect(specifiers).toContain('node:fs');
    expect(specifiers).not.toContain('esbuild');
    expect(specifiers).not.toContain('node:zlib');
  }, 30_000);

  it('loads the build code when build runs (the recording sees what the test looks for)', async () => {
    // Act
    const specifiers = await resolvedBy('build', 'build', '--help');

    // Assess
    expect(specifiers).toContain('node:zlib');
  }, 30_000);
});
