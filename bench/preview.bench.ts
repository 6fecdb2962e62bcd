// `cognito-trigger preview` on the example handlers: the gallery without screenshots (every trigger source × brand ×
// locale, each function in its own process, the gallery written to disk), and with every email looked at in Chromium
// (PNGs at 375 and 1024 px, the page checks, axe-core's contrast). Measured through runPreview, as the CLI runs it,
// after one warm-up run that fills the caches a second run of the command finds (transpiled TypeScript, the encrypted
// sample code).
//   node --conditions=source --import ./bin/register-ts.mjs bench/preview.bench.ts
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from '../src/preview/browser.js';
import { runPreview } from '../src/preview/command.js';
import { median } from './measure.js';
import { report, verdict } from './report.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const RUNS = Number(process.env.BENCH_PREVIEW_RUNS ?? 7);
const SCREENSHOT_RUNS = Number(process.env.BENCH_PREVIEW_SCREENSHOT_RUNS ?? 3);
const EXAMPLES = ['--handler', 'handlers/custom-message.ts', '--handler', 'handlers/custom-sms-sender.ts'];

const out = mkdtempSync(join(tmpdir(), 'preview-bench-'));
/** One run of the command: wall time, and what it rendered. */
const run = async (argv: readonly string[]) => {
  const started = performance.now();
  const result = await runPreview([...argv, '--out', out], { cwd: root }, []);
  const ms = performance.now() - started;
  if (result.exitCode !== 0)
    throw new Error(`preview ${argv.join(' ')} exited ${result.exitCode}: ${result.stderr}`);
  const written = JSON.parse(readFileSync(join(out, 'messages.json'), 'utf8')) as {
    handlers: { note?: string; error?: string }[];
    messages: { email: unknown }[];
  };
  return {
    ms,
    messages: written.messages.length,
    emails: written.messages.filter((m) => m.email).length,
    handlers: written.handlers.length,
    previewed: written.handlers.filter((h) => !h.note && !h.error).length,
    browserMs: Number(/Chromium: every email at 375 and 1024 px in (\d+) ms/.exec(result.stderr)?.[1] ?? 0),
  };
};

const series = async (argv: readonly string[], runs: number) => {
  await run(argv);
  const times: Awaited<ReturnType<typeof run>>[] = [];
  for (let i = 0; i < runs; i++) times.push(await run(argv));
  return times;
};

const lines: string[] = [];
try {
  const examples = await series(EXAMPLES, RUNS);
  const everything = await series([], RUNS);
  const chromium = findChromium();
  const screenshots = chromium ? await series([...EXAMPLES, '--screenshots'], SCREENSHOT_RUNS) : undefined;

  const figure = (times: readonly { ms: number }[]) => {
    const ms = times.map((t) => t.ms);
    return { median: median(ms), max: Math.max(...ms), all: ms.map((t) => t.toFixed(0)).join(', ') };
  };
  const a = figure(examples);
  const b = figure(everything);
  lines.push(
    `${RUNS} runs each after a warm-up; the gallery written to a temporary folder; wall time of runPreview`,
    '',
    '| measure | messages | median | max | runs (ms) | target |',
    '|---|---|---|---|---|---|',
    `| gallery of the two example handlers (custom-message.ts, custom-sms-sender.ts), no screenshots | ${examples[0]?.messages} | ${a.median.toFixed(0)} ms | ${a.max.toFixed(0)} ms | ${a.all} | < 1 s ${verdict(a.median < 1000)} |`,
    `| gallery of every module in handlers/ (${everything[0]?.handlers} handlers, ${everything[0]?.previewed} previewed), no screenshots | ${everything[0]?.messages} | ${b.median.toFixed(0)} ms | ${b.max.toFixed(0)} ms | ${b.all} | < 1 s ${verdict(b.median < 1000)} |`,
  );
  if (screenshots) {
    const c = figure(screenshots);
    const browser = median(screenshots.map((s) => s.browserMs));
    lines.push(
      `| the two example handlers with --screenshots: ${screenshots[0]?.emails} emails at 375 and 1024 px, page checks and axe-core (${chromium}) | ${screenshots[0]?.messages} | ${c.median.toFixed(0)} ms (in Chromium ${browser.toFixed(0)} ms) | ${c.max.toFixed(0)} ms | ${c.all} | < 20 s ${verdict(c.median < 20_000)} |`,
    );
  } else
    lines.push(
      '| --screenshots | – | not measured: no Chromium (apt-get install chromium, or set CHROMIUM_PATH) | | | < 20 s ✗ |',
    );
} finally {
  rmSync(out, { recursive: true, force: true });
}
await report('preview', lines);
