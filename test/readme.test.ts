import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { exampleParameters } from '../scripts/example-parameters.js';

const run = promisify(execFile);
const root = new URL('../', import.meta.url).pathname;
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

/**
 * The README's shell blocks that run on a fresh clone with nothing else installed: every line is a `cognito-trigger`
 * command (or the Quick start's `npm run demo` and `npm test`), a continuation, or a comment; not `serve`, which runs
 * until it is stopped.
 */
const runnableBlocks = (): string[] =>
  [...readme.matchAll(/```sh\n([\s\S]*?)```/g)]
    .map((match) => match[1] as string)
    .filter((block) => {
      const lines = block.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
      // `serve` runs until it is stopped: its own tests start and stop it.
      if (lines.some((line) => /^npx cognito-trigger serve\b/.test(line))) return false;
      let continued = false;
      return lines.every((line) => {
        const ok =
          continued ||
          /^(TOKEN=\$\()?npx cognito-trigger /.test(line) ||
          /^npm ci && npm (run demo|test)\b/.test(line);
        continued = line.trimEnd().endsWith('\\');
        return ok;
      });
    });

let dir: string;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README.md', () => {
  it('runs its commands in the order it gives them, from a fresh state, without an error', {
    timeout: 120_000,
  }, async () => {
    // Prepare: a folder that looks like a fresh clone to the commands (handlers/ and package.json), with no state.
    dir = mkdtempSync(join(tmpdir(), 'ctk-readme-'));
    symlinkSync(join(root, 'handlers'), join(dir, 'handlers'));
    const demoScript = packageJson.scripts.demo ?? '';
    const oneLine = (block: string) => block.replace(/\\\n\s*/g, '').trim();
    // The block that shows what `npm run demo` runs is run once, as the demo.
    const blocks = runnableBlocks().filter(
      (block) => !demoScript.includes(oneLine(block).replace(/^npx cognito-trigger /, '')),
    );
    const demo = demoScript.replaceAll('node bin/', `node ${root}bin/`);
    const script = [
      'set -euo pipefail',
      `npx() { if [ "$1" = cognito-trigger ]; then shift; node ${root}bin/cognito-trigger.mjs "$@"; else command npx "$@"; fi; }`,
      // The Quick start: the demo as package.json runs it; the tests are what is running this.
      ...blocks.map((block) =>
        block.replace(/^npm ci && npm run demo.*$/m, demo).replace(/^npm ci && npm test.*$/m, ''),
      ),
    ].join('\n');

    // Act
    const { stderr } = await run('bash', ['-c', script], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });

    // Assess
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    expect(stderr).not.toContain('An error occurred');
  });

  it('has handlers/brands/parameters.json as `npm run template:brands` writes it', () => {
    expect(readFileSync(join(root, 'handlers/brands/parameters.json'), 'utf8')).toBe(exampleParameters());
  });
});
