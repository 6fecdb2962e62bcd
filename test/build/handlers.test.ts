import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildHandlers } from '../../src/build/build.js';
import { runCli } from '../../src/cli/main.js';

let project: string;
const write = (path: string, text: string) => {
  mkdirSync(join(project, path, '..'), { recursive: true });
  writeFileSync(join(project, path), text);
};
const built = () => readdirSync(join(project, 'dist')).sort();

beforeEach(() => {
  // Prepare: a handler beside the two modules it imports, as a project lays out its own helpers.
  project = mkdtempSync(join(tmpdir(), 'cognito-trigger-handlers-only-'));
  write(
    'handlers/custom-message.ts',
    "import { BRANDS } from './brands.js';\nimport { subject } from './templates.js';\n" +
      'export const handler = async (event: { response: Record<string, string> }) => {\n' +
      '  event.response.emailSubject = subject(BRANDS.acme);\n  return event;\n};\n',
  );
  write('handlers/brands.ts', "export const BRANDS = { acme: 'Acme' };\n");
  write(
    'handlers/templates.ts',
    "export const subject = (brand: string) => brand + ': your code';\nexport default subject;\n",
  );
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

describe('Command: build, choosing the handlers', () => {
  it('builds only the modules that export a handler, and says which it skipped and why', async () => {
    // Act
    const result = await runCli(['build'], { cwd: project });

    // Assess
    expect(result.exitCode).toBe(0);
    expect(built()).toEqual(['custom-message', 'custom-message.zip']);
    expect(result.stdout).toMatch(/^custom-message\s/m);
    expect(result.stdout).toContain('skipped handlers/brands.ts: exports no handler (exports: BRANDS)\n');
    expect(result.stdout).toContain(
      'skipped handlers/templates.ts: exports no handler (exports: default, subject)\n',
    );
  });

  it('reads the exports without running the module', async () => {
    // Prepare
    write(
      'handlers/side-effect.ts',
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(join(project, 'ran'))}, '');\nexport const x = 1;\n`,
    );

    // Act
    const report = await buildHandlers({ root: project });

    // Assess
    expect(report.skipped.map((s) => s.entry)).toContain('handlers/side-effect.ts');
    expect(existsSync(join(project, 'ran'))).toBe(false);
  });

  it('counts a handler re-exported from a module in a subfolder', async () => {
    // Prepare
    write('handlers/shared/sender.ts', 'export const handler = async () => "sent";\n');
    write('handlers/custom-sms-sender.ts', "export { handler } from './shared/sender.js';\n");

    // Act
    const report = await buildHandlers({ root: project, zip: false });

    // Assess
    expect(report.handlers.map((h) => h.name)).toEqual(['custom-message', 'custom-sms-sender']);
  });

  it('takes "cognitoTrigger": { "build": { "handlers": [...] } } in package.json as the list, skipping the rest', async () => {
    // Prepare
    write(
      'package.json',
      JSON.stringify({ cognitoTrigger: { build: { handlers: ['custom-message', 'templates'] } } }),
    );

    // Act
    const result = await runCli(['build', '--no-zip'], { cwd: project });

    // Assess
    expect(result.exitCode).toBe(0);
    expect(built()).toEqual(['custom-message', 'templates']);
    expect(result.stdout).toContain(
      'skipped handlers/brands.ts: not listed in cognitoTrigger.build.handlers in package.json\n',
    );
  });

  it('refuses a package.json list naming a module that is not there, exit 252', async () => {
    // Prepare
    write('package.json', JSON.stringify({ cognitoTrigger: { build: { handlers: ['custom-mesage'] } } }));

    // Act
    const result = await runCli(['build'], { cwd: project });

    // Assess
    expect(result.exitCode).toBe(252);
    expect(result.stderr).toContain(
      'cognitoTrigger.build.handlers in package.json names custom-mesage, not in handlers (modules: brands, custom-message, templates)',
    );
  });

  it('refuses to build a helper module named on the command line, saying why, exit 252', async () => {
    // Act
    const result = await runCli(['build', 'templates'], { cwd: project });

    // Assess
    expect(result.exitCode).toBe(252);
    expect(result.stderr).toContain(
      'handlers/templates.ts is not built: exports no handler (exports: default, subject) (handlers: custom-message)',
    );
    expect(existsSync(join(project, 'dist'))).toBe(false);
  });

  it('says so, listing what it skipped, when no module exports a handler, exit 1', async () => {
    // Prepare
    rmSync(join(project, 'handlers', 'custom-message.ts'));

    // Act
    const result = await runCli(['build'], { cwd: project });

    // Assess
    expect(result).toMatchObject({ stdout: '', exitCode: 1 });
    expect(result.stderr).toBe(
      'cognito-trigger build: no handlers (*.ts exporting a handler) in handlers/\n' +
        'skipped handlers/brands.ts: exports no handler (exports: BRANDS)\n' +
        'skipped handlers/templates.ts: exports no handler (exports: default, subject)\n',
    );
  });

  it('still reports a module that does not compile, with its file and line, exit 255', async () => {
    // Prepare
    write('handlers/broken.ts', 'export const handler = async () => {\n  return (;\n};\n');

    // Act
    const result = await runCli(['build'], { cwd: project });

    // Assess
    expect(result.exitCode).toBe(255);
    expect(result.stderr).toMatch(/cannot build broken: .*handlers\/broken\.ts:2: /);
  });
});
