/// <reference lib="dom" />
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runPreview } from '../../src/preview/command.js';
import type { PreviewMessage } from '../../src/preview/model.js';
import { decodePng } from '../../src/preview/png.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumPath } from '../helpers/chromium.js';
import { describeWithTool } from '../helpers/tools.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string) => `test/preview/fixtures/${name}.ts`;
const folders: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'preview-gallery-'));
  folders.push(dir);
  return dir;
};
const messagesIn = (dir: string): PreviewMessage[] =>
  JSON.parse(readFileSync(join(dir, 'messages.json'), 'utf8')).messages;

describeWithTool(CHROMIUM, 'The gallery, in Chromium', () => {
  let browser: Browser;
  let out: string;
  let messages: PreviewMessage[];
  beforeAll(async () => {
    out = folder();
    const [launched] = await Promise.all([
      chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS }),
      runPreview(
        [
          ...['--handler', 'handlers/custom-message.ts', '--handler', 'handlers/custom-sms-sender.ts'],
          ...['--handler', fixture('broken'), '--handler', fixture('sms-only'), '--out', out],
        ],
        { cwd: root },
        [],
      ),
    ]);
    browser = launched;
    messages = messagesIn(out);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens a page of the gallery from disk, with what it logs as an error kept. */
  const open = async (path: string, viewport = { width: 1280, height: 900 }) => {
    const page = await browser.newPage({ viewport });
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(pathToFileURL(join(out, path)).href);
    return { page, errors };
  };
  const shown = (page: Page) => page.locator('.card:visible');

  it('loads offline with no console error, and renders a card for every message', async () => {
    const { page, errors } = await open('index.html');

    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForTimeout(200);
    const cards = await page.locator('.card').evaluateAll((all) =>
      all.map((card) => ({
        id: (card as HTMLElement).dataset.id,
        height: card.getBoundingClientRect().height,
        title: card.querySelector('h2')?.textContent,
        frames: card.querySelectorAll('iframe[sandbox]').length,
      })),
    );
    await page.close();

    expect(errors).toEqual([]);
    expect(cards.map((card) => card.id)).toEqual(messages.map((m) => m.id));
    expect(cards.every((card) => card.height > 80 && card.title)).toBe(true);
    expect(cards.filter((card) => card.frames === 1)).toHaveLength(messages.filter((m) => m.email).length);
  });

  it('filters by brand, locale, source and outcome, and keeps the filters through a reload', async () => {
    const { page } = await open('index.html');

    await page.selectOption('select[name=brand]', 'globex');
    await page.selectOption('select[name=locale]', 'fr');
    const globexFr = await shown(page).evaluateAll((all) => all.map((c) => (c as HTMLElement).dataset.id));
    await page.selectOption('select[name=brand]', '');
    await page.selectOption('select[name=locale]', '');
    await page.selectOption('select[name=outcome]', 'fallback');
    const fallbacks = await shown(page).evaluateAll((all) => all.map((c) => (c as HTMLElement).dataset.id));
    const hash = await page.evaluate(() => location.hash);
    await page.reload();
    const afterReload = await shown(page).count();
    const kept = await page.inputValue('select[name=outcome]');
    await page.selectOption('select[name=source]', 'Authentication');
    const none = await page.locator('#empty').isVisible();
    const count = await page.locator('#count').textContent();
    await page.close();

    expect(globexFr).toEqual(
      messages.filter((m) => m.brand === 'globex' && m.locale === 'fr').map((m) => m.id),
    );
    expect(globexFr.length).toBeGreaterThan(0);
    expect(fallbacks).toEqual(['broken.signup.acme.en', 'broken.updateuserattribute.acme.en']);
    expect(hash).toBe('#outcome=fallback');
    expect([afterReload, kept]).toEqual([2, 'fallback']);
    expect(none).toBe(true);
    expect(count).toBe(`0 of ${messages.length} messages`);
  });

  it('shows the email previews at 375 px, or at 1024 px scaled to the card', async () => {
    const { page } = await open('index.html');
    const frame = page.locator('.card .frame iframe').first();
    const size = () =>
      frame.evaluate((element) => ({
        width: (element as HTMLElement).offsetWidth,
        scale: new DOMMatrix(getComputedStyle(element).transform).a,
        shownWidth: element.getBoundingClientRect().width,
        card: element.parentElement?.clientWidth ?? 0,
      }));

    const phone = await size();
    await page.click('[data-width="1024"]');
    const desktop = await size();
    const pressed = await page.getAttribute('[data-width="1024"]', 'aria-pressed');
    const hash = await page.evaluate(() => location.hash);
    await page.close();

    expect(phone.width).toBe(375);
    expect(desktop.width).toBe(1024);
    expect(desktop.scale).toBeLessThan(phone.scale);
    expect(Math.abs(desktop.shownWidth - desktop.card)).toBeLessThanOrEqual(1);
    expect([pressed, hash]).toEqual(['true', '#width=1024']);
  });

  it('shows a broken rule on the card of the template that breaks it, the offending character highlighted', async () => {
    const { page } = await open('index.html');
    const signUp = page.locator('.card[data-id="broken.signup.acme.en"]');
    const update = page.locator('.card[data-id="broken.updateuserattribute.acme.en"]');

    const badge = await signUp.locator('.badge.outcome-fallback').textContent();
    const finding = await signUp.locator('.rule-findings li[data-rule="code-placeholder"]').textContent();
    const character = await update
      .locator('.rule-findings li[data-rule="character-pattern"] mark.char')
      .first();
    const mark = { text: await character.textContent(), title: await character.getAttribute('title') };
    const fine = await page.locator('.card[data-id="broken.forgotpassword.acme.en"] .findings').count();
    await page.close();

    expect(badge).toBe('fallback');
    expect(finding).toContain('smsMessage must contain the codeParameter "{####}"');
    expect(mark).toEqual({ text: 'U+00A0', title: 'U+00A0 NO-BREAK SPACE' });
    expect(fine).toBe(0);
  });

  it('shows a message on its own page: 375 and 1024 px side by side, dark mode, the text and the raw HTML', async () => {
    const { page } = await open('pages/custom-message.signup.globex.fr.html');

    const widths = await page
      .locator('#widths iframe')
      .evaluateAll((all) => all.map((f) => (f as HTMLElement).offsetWidth));
    const dark = await page.locator('#dark iframe').count();
    const text = await page.locator('#text pre').textContent();
    const raw = await page.locator('#raw code').textContent();
    const inFrame = await page.frameLocator('#widths iframe >> nth=0').locator('h1').textContent();
    await page.close();

    expect(widths).toEqual([375, 1024]);
    expect(dark).toBe(2);
    expect(text).toContain('123456');
    expect(raw?.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(inFrame).toBe('Bienvenue chez Globex');
  });

  it('fails --check for the template that breaks a rule', async () => {
    const { exitCode, stdout } = await runPreview(
      ['--handler', fixture('broken'), '--check', '--out', folder(), '--quiet'],
      { cwd: root },
      [],
    );

    expect(exitCode).toBe(1);
    expect(stdout).toContain('code-placeholder in smsMessage');
  });

  describeWithTool(CHROMIUM, 'with --screenshots', () => {
    let shots: string;
    let result: Awaited<ReturnType<typeof runPreview>>;
    beforeAll(async () => {
      shots = folder();
      result = await runPreview(
        ['--handler', fixture('bad-layout'), '--screenshots', '--check', '--out', shots],
        { cwd: root },
        [],
      );
    }, 60_000);

    it('writes a full-page PNG of the email at 375 and 1024 px beside the pages, overflow included', () => {
      const [message] = messagesIn(shots);

      const images = [375, 1024].map((width) => {
        const path = message?.browser?.screenshots[`${width}` as '375' | '1024'] ?? '';
        return decodePng(readFileSync(join(shots, path))).width;
      });

      // The 900 px table does not fit the phone: its screenshot shows all of it.
      expect(images).toEqual([900, 1024]);
    });

    it('finds what a reader would see wrong, and shows it on the card', async () => {
      const [message] = messagesIn(shots);
      const page = await browser.newPage();
      await page.goto(pathToFileURL(join(shots, 'index.html')).href);
      const onCard = await page
        .locator('.card .browser-findings li')
        .evaluateAll((all) => all.map((li) => (li as HTMLElement).dataset.rule));
      await page.close();

      const seen = message?.browser?.findings.map((f) => `${f.rule} ${f.severity} ${f.width ?? 'any'}`);
      expect(seen?.sort()).toEqual([
        'horizontal-scroll error 375',
        'image-without-alt error any',
        'link-without-target error any',
        'low-contrast error any',
        'small-text warning any',
        'text-cut-off error any',
      ]);
      expect(onCard.sort()).toEqual(message?.browser?.findings.map((f) => f.rule).sort());
    });

    it('fails --check on a browser finding of severity error, and not on a warning', () => {
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toContain(
        'error   test/preview/fixtures/bad-layout.ts CustomMessage_UpdateUserAttribute (default brand): horizontal-scroll at 375 px',
      );
      expect(result.stdout).toContain('warning test/preview/fixtures/bad-layout.ts');
      expect(result.stderr).toContain('check failed: 5 problems');
    });

    it('finds nothing wrong in the example emails, which fit both widths', async () => {
      const dir = folder();
      const { exitCode, stdout } = await runPreview(
        [
          ...[
            '--handler',
            'handlers/custom-message.ts',
            '--event',
            'events/CustomMessage_UpdateUserAttribute.json',
          ],
          ...['--screenshots', '--check', '--out', dir],
        ],
        { cwd: root },
        [],
      );
      const widths = messagesIn(dir).map((m) =>
        Object.values(m.browser?.screenshots ?? {}).map(
          (path) => decodePng(readFileSync(join(dir, path))).width,
        ),
      );

      expect(stdout).toBe('');
      expect(exitCode).toBe(0);
      expect(widths).toEqual([
        [375, 1024],
        [375, 1024],
        [375, 1024],
        [375, 1024],
      ]);
    }, 60_000);

    it('compares the screenshots with the baseline’s pixel by pixel, past the threshold', async () => {
      const again = (threshold: string[]) =>
        runPreview(
          [
            ...['--handler', fixture('bad-layout'), '--screenshots', '--code', '999999'],
            ...['--baseline', shots, '--out', folder(), ...threshold],
          ],
          { cwd: root },
          [],
        );

      const [usual, exact] = await Promise.all([again([]), again(['--threshold', '0'])]);

      // A new code moves a few hundred pixels: under the default 0.1 %, over none at all.
      expect(usual.stdout).toContain('(default brand): text, html\n');
      expect(exact.stdout).toMatch(
        /\(default brand\): text, html, screenshot 375 px: \d+\.\d\d% of pixels, screenshot 1024 px: \d+\.\d\d% of pixels\n/,
      );
    }, 60_000);
  });
});
