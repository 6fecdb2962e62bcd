/**
 * @module preview/browser — every email looked at in Chromium (Debian's, or CHROMIUM_PATH) through playwright-core: a
 * full-page PNG at 375 and 1024 px, the page checks of preview/page-checks at each width, and axe-core's colour
 * contrast (WCAG AA), injected from node_modules. Nothing is fetched from the network: remote images stay unloaded.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { importOptional } from '../aws/optional-package.js';
import {
  BROWSER_WIDTHS,
  type BrowserFinding,
  type BrowserRule,
  type BrowserWidth,
  type PreviewMessage,
  type PreviewRun,
} from './model.js';
import { checkPage, MIN_FONT_PX, type PageFinding } from './page-checks.js';

/** Flags for a headless Chromium on a machine without network access or a display. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--hide-scrollbars',
];

/**
 * The Chromium to drive: CHROMIUM_PATH, else Debian's package; undefined when there is none.
 *
 * @example
 * ```ts
 * if (!findChromium()) console.warn('no Chromium: apt-get install chromium');
 * ```
 */
const findChromium = (env: NodeJS.ProcessEnv = process.env): string | undefined =>
  [env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
    (path): path is string => path !== undefined && path !== '' && existsSync(path),
  );

/** Thrown when there is no Chromium to drive. */
class ChromiumNotFoundError extends Error {
  override readonly name = 'ChromiumNotFoundError';
}

interface BrowserOptions {
  /** Chromium's executable (default: CHROMIUM_PATH, else /usr/bin/chromium). */
  readonly executablePath?: string;
  /** Emails looked at side by side (default: 2). */
  readonly concurrency?: number;
}

/** The run with each email's screenshots and findings, and the PNGs by their path in the gallery. */
interface BrowserInspection {
  readonly run: PreviewRun;
  readonly screenshots: Map<string, Uint8Array>;
  readonly durationMs: number;
}

const VIEWPORT_HEIGHT = 800;

const axeSource = (): string => {
  const require = createRequire(import.meta.url);
  let path: string;
  try {
    path = require.resolve('axe-core/axe.min.js');
  } catch {
    throw new Error('checking colour contrast needs axe-core: npm install --save-dev axe-core');
  }
  return readFileSync(path, 'utf8');
};

interface AxeNode {
  readonly target: readonly string[];
  readonly any: readonly { readonly message: string }[];
}

/** WCAG AA colour contrast, by axe-core in the page. */
const contrastFindings = async (
  page: import('playwright-core').Page,
  axe: string,
): Promise<PageFinding[]> => {
  await page.addScriptTag({ content: axe });
  const nodes = await page.evaluate(async () => {
    const run = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } }).axe.run;
    const results = (await run(document, {
      runOnly: { type: 'rule', values: ['color-contrast'] },
      resultTypes: ['violations'],
    })) as { violations: { nodes: AxeNode[] }[] };
    return results.violations.flatMap((violation) =>
      violation.nodes.map((node) => ({ target: node.target, message: node.any[0]?.message ?? '' })),
    );
  });
  return nodes.map((node) => ({
    rule: 'low-contrast',
    severity: 'error',
    detail: node.message || 'text contrast is below WCAG AA',
    target: node.target.join(' '),
  }));
};

/** Findings seen at every width once, without a width; the others with theirs. */
const mergeWidths = (seen: readonly (PageFinding & { width: BrowserWidth })[]): BrowserFinding[] => {
  const key = (f: PageFinding) => JSON.stringify([f.rule, f.detail, f.target]);
  const widths = new Map<string, Set<BrowserWidth>>();
  for (const finding of seen)
    widths.set(key(finding), (widths.get(key(finding)) ?? new Set()).add(finding.width));
  const done = new Set<string>();
  const merged: BrowserFinding[] = [];
  for (const finding of seen) {
    const k = key(finding);
    const everywhere = widths.get(k)?.size === BROWSER_WIDTHS.length;
    if (everywhere && done.has(k)) continue;
    done.add(k);
    merged.push({
      rule: finding.rule as BrowserRule,
      severity: finding.severity,
      ...(everywhere || finding.rule === 'low-contrast' ? {} : { width: finding.width }),
      detail: finding.detail,
      ...(finding.target ? { target: finding.target } : {}),
    });
  }
  return merged;
};

const inspectEmail = async (
  page: import('playwright-core').Page,
  message: PreviewMessage,
  axe: string,
  screenshots: Map<string, Uint8Array>,
): Promise<PreviewMessage> => {
  const seen: (PageFinding & { width: BrowserWidth })[] = [];
  const paths: Partial<Record<`${BrowserWidth}`, string>> = {};
  for (const width of BROWSER_WIDTHS) {
    await page.setViewportSize({ width, height: VIEWPORT_HEIGHT });
    await page.setContent(message.email?.html ?? '', { waitUntil: 'load' });
    for (const finding of await page.evaluate(checkPage, MIN_FONT_PX)) seen.push({ ...finding, width });
    // Contrast does not change with the width: checked once, on the phone.
    if (width === BROWSER_WIDTHS[0])
      for (const finding of await contrastFindings(page, axe)) seen.push({ ...finding, width });
    const path = `shots/${message.id}-${width}.png`;
    screenshots.set(path, await page.screenshot({ fullPage: true, type: 'png' }));
    paths[`${width}`] = path;
  }
  return { ...message, browser: { screenshots: paths, findings: mergeWidths(seen) } };
};

/**
 * Looks at every email of a run in Chromium. Messages without an email are left as they are.
 *
 * @example
 * ```ts
 * const { run: checked, screenshots } = await inspectInBrowser(run);
 * checked.messages[0]?.browser?.findings;
 * ```
 */
const inspectInBrowser = async (
  run: PreviewRun,
  options: BrowserOptions = {},
): Promise<BrowserInspection> => {
  const started = performance.now();
  const executablePath = options.executablePath ?? findChromium();
  if (!executablePath)
    throw new ChromiumNotFoundError(
      '--screenshots needs Chromium: apt-get install chromium, or set CHROMIUM_PATH to its executable',
    );
  const { chromium } = await importOptional(() => import('playwright-core'), 'playwright-core', {
    by: 'cognito-trigger preview --screenshots',
    to: 'drive Chromium',
  });
  const axe = axeSource();
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const screenshots = new Map<string, Uint8Array>();
  try {
    const context = await browser.newContext({ deviceScaleFactor: 1, colorScheme: 'light' });
    await context.route(/^(https?|wss?|ftp):/i, (route) => route.abort());
    const queue = run.messages.map((message, index) => ({ message, index }));
    const inspected = [...run.messages];
    const worker = async () => {
      const page = await context.newPage();
      for (let next = queue.shift(); next; next = queue.shift())
        if (next.message.email)
          inspected[next.index] = await inspectEmail(page, next.message, axe, screenshots);
      await page.close();
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker));
    return {
      run: { ...run, messages: inspected },
      screenshots,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    await browser.close();
  }
};

export type { BrowserInspection, BrowserOptions };
export { CHROMIUM_ARGS, ChromiumNotFoundError, findChromium, inspectInBrowser };
