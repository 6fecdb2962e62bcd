import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHandlers, findHandlers, parseSize } from '../../src/build/build.js';
import { runCli } from '../../src/cli/main.js';
import { hasCommand } from '../helpers/commands.js';
import { itWithTool, type Tool } from '../helpers/tools.js';

const root = process.cwd();
/** Info-ZIP's unzip, an independent reader of the zips the build writes. */
const UNZIP: Tool = { name: 'unzip', available: hasCommand('unzip', '-v'), install: 'apt-get install unzip' };

let out: string;
let report: Awaited<ReturnType<typeof buildHandlers>>;
beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'cognito-trigger-build-'));
  report = await buildHandlers({ root, outDir: out, only: ['custom-message'] });
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('Function: buildHandlers', () => {
  it('bundles each handler into <out>/<name>/index.mjs with a source map, within the default budget', () => {
    const [built] = report.handlers;
    expect(built).toMatchObject({ name: 'custom-message', entry: 'handlers/custom-message.ts' });
    const code = readFileSync(join(out, 'custom-message', 'index.mjs'), 'utf8');
    expect(code.length).toBe(built?.bytes);
    expect(code).toContain('//# sourceMappingURL=index.mjs.map');
    expect(existsSync(join(out, 'custom-message', 'index.mjs.map'))).toBe(true);
    expect(report.overBudget).toEqual([]);
  });

  it('leaves the AWS SDK to the runtime and gives CommonJS dependencies a require', () => {
    const code = readFileSync(join(out, 'custom-message', 'index.mjs'), 'utf8');
    expect(code).toMatch(/import\("@aws-sdk\/client-(ssm|appconfigdata)"\)/);
    expect(code).not.toContain('class SSMClient');
    expect(code.startsWith("import { createRequire as __kitCreateRequire } from 'node:module';")).toBe(true);
  });

  itWithTool(UNZIP, 'writes a zip that unzip reads back byte for byte', {}, () => {
    const zipFile = join(out, 'custom-message.zip');
    const listing = execFileSync('unzip', ['-l', zipFile], { encoding: 'utf8' });
    expect(listing).toMatch(/index\.mjs\n/);
    expect(listing).toContain('index.mjs.map');
    const extracted = execFileSync('unzip', ['-p', zipFile, 'index.mjs']);
    expect(extracted.equals(readFileSync(join(out, 'custom-message', 'index.mjs')))).toBe(true);
    execFileSync('unzip', ['-tq', zipFile]);
  });

  it('gives the same zip, byte for byte, when built again from the same sources', async () => {
    const first = readFileSync(join(out, 'custom-message.zip'));
    const again = mkdtempSync(join(tmpdir(), 'cognito-trigger-build-'));
    try {
      await buildHandlers({ root, outDir: again, only: ['custom-message'] });
      expect(readFileSync(join(again, 'custom-message.zip')).equals(first)).toBe(true);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});

describe('Function: parseSize', () => {
  it.each([
    ['512KB', 524_288],
    ['1MB', 1_048_576],
    ['1.5 MiB', 1_572_864],
    ['2048', 2048],
    [4096, 4096],
  ])('reads %j as %d bytes', (value, bytes) => {
    expect(parseSize(value, '--budget')).toBe(bytes);
  });

  it.each(['', 'big', '-1KB', '1GB', 0, '0', '0KB'])('refuses %j, saying what a size looks like', (value) => {
    expect(() => parseSize(value, '--budget')).toThrow(/--budget must be a size such as 512KB or 1MB/);
  });
});

describe('Function: findHandlers', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cognito-trigger-handlers-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists a handler linked in from elsewhere like a file, and not a link to nothing or to a folder', () => {
    // Prepare
    mkdirSync(join(dir, 'elsewhere'));
    writeFileSync(join(dir, 'elsewhere', 'shared-sender.ts'), 'export const handler = async () => 1;\n');
    mkdirSync(join(dir, 'handlers'));
    writeFileSync(join(dir, 'handlers', 'own.ts'), 'export const handler = async () => 2;\n');
    symlinkSync(join(dir, 'elsewhere', 'shared-sender.ts'), join(dir, 'handlers', 'linked.ts'));
    symlinkSync(join(dir, 'elsewhere', 'gone.ts'), join(dir, 'handlers', 'dangling.ts'));
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'handlers', 'folder.ts'));

    // Act
    const handlers = findHandlers(join(dir, 'handlers'));

    // Assess
    expect(handlers).toEqual(['linked', 'own']);
  });
});

describe('Command: build', () => {
  let project: string;
  const handler = (name: string, body: string) => {
    mkdirSync(join(project, 'handlers'), { recursive: true });
    writeFileSync(join(project, 'handlers', `${name}.ts`), body);
  };
  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'cognito-trigger-project-'));
    handler('small', 'export const handler = async (event: unknown) => event;\n');
    handler('large', `export const handler = async () => ${JSON.stringify('x'.repeat(20_000))};\n`);
    mkdirSync(join(project, 'handlers', 'shared'));
    writeFileSync(join(project, 'handlers', 'shared', 'helper.ts'), 'export const x = 1;\n');
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('builds every handler directly in handlers/, not the modules in its subfolders', async () => {
    const result = await runCli(['build'], { cwd: project });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^large\s/m);
    expect(result.stdout).toMatch(/^small\s/m);
    expect(existsSync(join(project, 'dist', 'shared'))).toBe(false);
    expect(existsSync(join(project, 'dist', 'small.zip'))).toBe(true);
  });

  it('fails, naming the handler, its size and its largest inputs, when a bundle is over its budget', async () => {
    const result = await runCli(['build', '--budget', '10KB'], { cwd: project });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /large: 19\.\d KiB is over its budget of 10\.0 KiB; largest inputs: handlers\/large\.ts/,
    );
    expect(result.stdout).not.toMatch(/^small: /m);
  });

  it('takes per-handler budgets from package.json', async () => {
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ cognitoTrigger: { build: { budget: '10KB', budgets: { large: '64KB' } } } }),
    );
    try {
      const result = await runCli(['build'], { cwd: project });
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toMatch(/^large .* 64\.0 KiB ok$/m);
      // --budget, as the over-budget advice says, raises every budget, the handler's own included.
      const raised = await runCli(['build', '--budget', '8KB'], { cwd: project });
      expect(raised.exitCode).toBe(1);
      expect(raised.stdout).toMatch(/^large .* 8\.0 KiB OVER$/m);
    } finally {
      rmSync(join(project, 'package.json'));
    }
  });

  it.each([
    [['build', 'nope'], 'no handler named nope in handlers (handlers: large, small)'],
    [['build', '--budget', 'lots'], '--budget must be a size such as 512KB or 1MB, not "lots"'],
  ])('says what is wrong with %j, with exit status 252', async (argv, message) => {
    const result = await runCli(argv, { cwd: project });
    expect(result.exitCode).toBe(252);
    expect(result.stderr).toContain(message);
  });

  it('replaces a symlink at dist/<name>.zip with the zip, leaving the file it pointed to as it was', async () => {
    // Prepare
    const outside = mkdtempSync(join(tmpdir(), 'cognito-trigger-outside-'));
    writeFileSync(join(outside, 'precious.txt'), 'not a zip\n');
    mkdirSync(join(project, 'dist'), { recursive: true });
    rmSync(join(project, 'dist', 'small.zip'), { force: true });
    symlinkSync(join(outside, 'precious.txt'), join(project, 'dist', 'small.zip'));

    try {
      // Act
      const result = await runCli(['build', 'small'], { cwd: project });

      // Assess
      expect(result.exitCode).toBe(0);
      expect(readFileSync(join(outside, 'precious.txt'), 'utf8')).toBe('not a zip\n');
      expect(lstatSync(join(project, 'dist', 'small.zip')).isSymbolicLink()).toBe(false);
      expect(readFileSync(join(project, 'dist', 'small.zip')).subarray(0, 4)).toEqual(
        Buffer.from([0x50, 0x4b, 0x03, 0x04]),
      );
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('replaces a symlink at dist/<name> with the bundle folder, leaving the folder it pointed to as it was', async () => {
    // Prepare
    const outside = mkdtempSync(join(tmpdir(), 'cognito-trigger-outside-'));
    writeFileSync(join(outside, 'index.mjs'), 'precious\n');
    mkdirSync(join(project, 'dist'), { recursive: true });
    rmSync(join(project, 'dist', 'small'), { recursive: true, force: true });
    symlinkSync(outside, join(project, 'dist', 'small'));

    try {
      // Act
      const result = await runCli(['build', 'small'], { cwd: project });

      // Assess
      expect(result.exitCode).toBe(0);
      expect(readdirSync(outside)).toEqual(['index.mjs']);
      expect(readFileSync(join(outside, 'index.mjs'), 'utf8')).toBe('precious\n');
      expect(lstatSync(join(project, 'dist', 'small')).isDirectory()).toBe(true);
      expect(readFileSync(join(project, 'dist', 'small', 'index.mjs'), 'utf8')).toContain('export');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('builds a handler whose source is a symlink, and leaves no temporary file beside its outputs', async () => {
    // Prepare
    const outside = mkdtempSync(join(tmpdir(), 'cognito-trigger-outside-'));
    writeFileSync(join(outside, 'linked.ts'), 'export const handler = async () => "linked";\n');
    symlinkSync(join(outside, 'linked.ts'), join(project, 'handlers', 'linked.ts'));

    try {
      // Act
      const result = await runCli(['build', 'linked'], { cwd: project });

      // Assess
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toMatch(/^linked\s/m);
      expect(readFileSync(join(project, 'dist', 'linked', 'index.mjs'), 'utf8')).toContain('"linked"');
      expect(readdirSync(join(project, 'dist', 'linked')).sort()).toEqual(['index.mjs', 'index.mjs.map']);
      expect(readdirSync(join(project, 'dist')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    } finally {
      rmSync(join(project, 'handlers', 'linked.ts'));
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('reports a handler that does not compile with its file and line, exit status 255', async () => {
    handler('broken', 'export const handler = async () => {\n  return (;\n};\n');
    try {
      const result = await runCli(['build', 'broken'], { cwd: project });
      expect(result.exitCode).toBe(255);
      expect(result.stderr).toMatch(/cannot build broken: .*handlers\/broken\.ts:2: /);
    } finally {
      rmSync(join(project, 'handlers', 'broken.ts'));
    }
  });
});
