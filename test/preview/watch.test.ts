/// <reference lib="dom" />
import { rmSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runPreview } from '../../src/preview/command.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumPath } from '../helpers/chromium.js';
import { describeWithTool } from '../helpers/tools.js';
import { makeProject, writeProjectFile } from './project.js';

/** A handler whose subject is in a file of its own, the file the test edits. */
const WELCOME = `import { customMessage, html } from 'cognito-trigger-kit';
import { brands } from './brands/index.js';
import { subject } from './brands/wording.js';

export const handler = customMessage({
  brands,
  defaultBrand: 'acme',
  templates: {
    CustomMessage_SignUp: ({ locale, codeParameter }) => ({
      email: { subject: \`\${subject} (\${locale})\`, html: html\`<h1>\${subject}</h1><p>Code: \${codeParameter}</p>\` },
    }),
  },
});
`;
const wording = (subject: string) => `export const subject = ${JSON.stringify(subject)};\n`;

describeWithTool(CHROMIUM, 'preview --serve --watch, in Chromium', () => {
  let browser: Browser;
  let project: string;
  beforeAll(async () => {
    project = makeProject({
      'handlers/welcome.ts': WELCOME,
      'handlers/brands/index.ts': `export const brands = { acme: { displayName: 'Acme', defaultLocale: 'en', locales: ['en', 'fr'] } };\n`,
      'handlers/brands/wording.ts': wording('Welcome, first edition'),
    });
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(project, { recursive: true, force: true });
  });

  it('renders again when a template’s file changes, and the open page reloads with its filters and scroll position', async () => {
    // Prepare
    let stop = () => {};
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    let listening: (url: string) => void = () => {};
    const url = new Promise<string>((resolve) => {
      listening = resolve;
    });
    let renders = 0;
    const running = runPreview(
      ['--serve', '--watch', '--port', '0', '--quiet'],
      { cwd: project, stopped, onListening: listening, onRender: () => renders++, log: () => {} },
      [],
    );
    const page = await browser.newPage({ viewport: { width: 900, height: 400 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${await url}#locale=fr`);
    await page.evaluate(() => window.scrollTo(0, 150));
    const before = await page.locator('.card:visible .subject').allTextContents();

    // Act
    const reloaded = page.waitForEvent('load', { timeout: 20_000 });
    writeProjectFile(project, 'handlers/brands/wording.ts', wording('Welcome, second edition'));
    await reloaded;
    await page
      .waitForFunction(() => window.scrollY > 0, undefined, { timeout: 5_000 })
      .catch(() => undefined);
    const after = {
      subjects: await page.locator('.card:visible .subject').allTextContents(),
      locale: await page.inputValue('select[name=locale]'),
      scrollY: await page.evaluate(() => window.scrollY),
    };
    await page.close();
    stop();
    const result = await running;

    // Assess
    expect(before).toEqual(['Welcome, first edition (fr)']);
    expect(after).toEqual({ subjects: ['Welcome, second edition (fr)'], locale: 'fr', scrollY: 150 });
    expect(renders).toBeGreaterThanOrEqual(1);
    expect(errors).toEqual([]);
    expect(result.exitCode).toBe(0);
  }, 60_000);
});
