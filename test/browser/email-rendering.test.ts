/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { handler } from '../../handlers/custom-message.js';
import { CUSTOM_MESSAGE_TRIGGER_SOURCES } from '../../src/cognito/trigger-sources.js';
import { customMessageEvent } from '../../src/events/factory.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumPath } from '../helpers/chromium.js';
import { describeWithTool } from '../helpers/tools.js';

const SCREENSHOTS = new URL('../../.cognito-trigger/screenshots/', import.meta.url);
const WIDTHS = [320, 375, 600, 1024];

describeWithTool(CHROMIUM, 'Example email in a real browser (Chromium)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
    await mkdir(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  const render = async (source: (typeof CUSTOM_MESSAGE_TRIGGER_SOURCES)[number], clientMetadata = {}) => {
    const result = await handler(customMessageEvent(source, { clientMetadata }));
    return { html: result.response.emailMessage ?? '', subject: result.response.emailSubject ?? '' };
  };

  it.each(WIDTHS)(
    'fits a %i px wide screen without horizontal scrolling and shows the code',
    async (width) => {
      const { html, subject } = await render('CustomMessage_UpdateUserAttribute', { brand: 'globex' });
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.setContent(html.replace('{####}', '482913'));
      const layout = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        title: document.title,
        // innerText, not textContent: it leaves out what the reader can't see, such as the hidden preheader
        text: document.body.innerText,
      }));
      const code = page.getByText('482913', { exact: true });
      await expect(code.isVisible()).resolves.toBe(true);
      const box = await code.boundingBox();
      await page.screenshot({
        path: new URL(`update-user-attribute-${width}.png`, SCREENSHOTS).pathname,
        fullPage: true,
      });
      await page.close();

      expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth);
      expect(layout.title).toBe(subject);
      expect(box && box.x >= 0 && box.x + box.width <= width).toBe(true);
      expect(layout.text).toContain('Confirmez votre nouvelle adresse e-mail');
      expect(layout.text).not.toContain('Saisissez ce code pour terminer'); // the hidden preheader
    },
  );

  it('renders every trigger source’s email with its heading, greeting and code visible', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 900 } });
    for (const source of CUSTOM_MESSAGE_TRIGGER_SOURCES) {
      const { html } = await render(source);
      if (html === '') continue;
      await page.setContent(html.replace('{####}', '482913'));
      await expect(page.locator('h1').isVisible()).resolves.toBe(true);
      await expect(page.getByText('Hello Diego,').isVisible()).resolves.toBe(true);
      await expect(page.getByText('482913', { exact: true }).isVisible()).resolves.toBe(true);
    }
    await page.close();
  });

  it('shows script in a given name as text and runs none of it', async () => {
    const result = await handler(
      customMessageEvent('CustomMessage_UpdateUserAttribute', {
        userAttributes: { given_name: '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>' },
      }),
    );
    const page = await browser.newPage();
    await page.setContent(result.response.emailMessage ?? '');
    const state = await page.evaluate(() => ({
      pwned: (window as unknown as { pwned?: number }).pwned,
      images: document.images.length,
      text: document.body.innerText,
    }));
    await page.close();
    expect(state.pwned).toBeUndefined();
    expect(state.images).toBe(1); // the brand logo only
    expect(state.text).toContain(
      'Hello <img src=x onerror="window.pwned=1"><script>window.pwned=2</script>,',
    );
  });
});
