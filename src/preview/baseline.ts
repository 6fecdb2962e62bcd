/**
 * @module preview/baseline — what changed since a previous gallery (`--out`): messages added and removed, and for each
 * message its outcome, subject, text, HTML, SMS and findings, and its screenshots, decoded and compared pixel by pixel.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeMessage } from './check.js';
import { BROWSER_WIDTHS, type PreviewMessage, type PreviewRun } from './model.js';
import { comparePixels, decodePng } from './png.js';

/** How one message differs from the baseline. */
interface Change {
  readonly messageId: string;
  readonly kind: 'added' | 'removed' | 'changed';
  /** The message, as problems name one. */
  readonly label: string;
  /** What changed: `subject`, `text`, `html`, `screenshot 375 px: 2.41% of pixels`, … */
  readonly parts: readonly string[];
}

/** Thrown when the baseline is not a gallery. */
class BaselineError extends Error {
  override readonly name = 'BaselineError';
}

/** Share of a screenshot's pixels that may differ before it counts as changed (default: 0.1 %). */
const DEFAULT_PIXEL_THRESHOLD = 0.001;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const percent = (ratio: number) => `${(ratio * 100).toFixed(2)}%`;

const readBaseline = (dir: string): readonly PreviewMessage[] => {
  const file = join(dir, 'messages.json');
  let document: { messages?: unknown };
  try {
    document = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BaselineError(
      `the baseline ${dir} has no readable messages.json (make one with --out ${dir}): ${(error as Error).message}`,
    );
  }
  if (!Array.isArray(document?.messages))
    throw new BaselineError(`${file} is not a preview's messages.json: it has no "messages"`);
  return document.messages as PreviewMessage[];
};

const screenshotChanges = (
  before: PreviewMessage,
  after: PreviewMessage,
  dir: string,
  current: (path: string) => Uint8Array | undefined,
  threshold: number,
): string[] => {
  const parts: string[] = [];
  for (const width of BROWSER_WIDTHS) {
    const old = before.browser?.screenshots[`${width}`];
    const now = after.browser?.screenshots[`${width}`];
    if (old === undefined || now === undefined || !existsSync(join(dir, old))) continue;
    const image = current(now);
    if (!image) continue;
    const a = decodePng(readFileSync(join(dir, old)));
    const b = decodePng(image);
    const difference = comparePixels(a, b);
    if (!difference.sameSize)
      parts.push(`screenshot ${width} px: ${a.width}×${a.height} → ${b.width}×${b.height}`);
    else if (difference.ratio > threshold)
      parts.push(`screenshot ${width} px: ${percent(difference.ratio)} of pixels`);
  }
  return parts;
};

/**
 * Compares a run with the gallery in `dir`. `current` gives the run's own files (its screenshots) by their path in
 * the gallery.
 *
 * @example
 * ```ts
 * const changes = compareWithBaseline(run, 'preview-main', (path) => files.get(path) as Uint8Array);
 * for (const change of changes) console.log(change.kind, change.label, change.parts.join(', '));
 * ```
 */
const compareWithBaseline = (
  run: PreviewRun,
  dir: string,
  current: (path: string) => Uint8Array | undefined,
  options: { readonly pixelThreshold?: number } = {},
): Change[] => {
  const threshold = options.pixelThreshold ?? DEFAULT_PIXEL_THRESHOLD;
  const baseline = new Map(readBaseline(dir).map((message) => [message.id, message]));
  const changes: Change[] = [];
  for (const message of run.messages) {
    const before = baseline.get(message.id);
    const label = describeMessage(message);
    if (!before) {
      changes.push({ messageId: message.id, kind: 'added', label, parts: [] });
      continue;
    }
    const parts = [
      ...(same(before.outcome, message.outcome) && same(before.reason, message.reason) ? [] : ['outcome']),
      ...(same(before.subject, message.subject) ? [] : ['subject']),
      ...(same(before.email?.text, message.email?.text) ? [] : ['text']),
      ...(same(before.email?.html, message.email?.html) ? [] : ['html']),
      ...(same(before.sms, message.sms) ? [] : ['sms']),
      ...(same(
        before.findings.map((f) => [f.rule, f.field, f.detail]),
        message.findings.map((f) => [f.rule, f.field, f.detail]),
      )
        ? []
        : ['findings']),
      ...screenshotChanges(before, message, dir, current, threshold),
    ];
    if (parts.length > 0) changes.push({ messageId: message.id, kind: 'changed', label, parts });
  }
  const ids = new Set(run.messages.map((message) => message.id));
  for (const [id, message] of baseline)
    if (!ids.has(id))
      changes.push({ messageId: id, kind: 'removed', label: describeMessage(message), parts: [] });
  return changes;
};

export type { Change };
export { BaselineError, compareWithBaseline, DEFAULT_PIXEL_THRESHOLD };
