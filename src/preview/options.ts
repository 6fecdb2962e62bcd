/**
 * @module preview/options — what `preview` takes on its command line, what `--help` says of it, and the gallery's
 * settings read from it.
 */
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { type OptionSpec, UsageError } from '../cli/aws/args.js';
import { lambdaEnvironment, readEnvVars } from '../cli/session.js';
import type { CommandUsage } from '../cli/usage.js';
import { PreviewEventError, readPreviewEvent } from './events.js';
import type { GalleryOptions } from './gallery.js';
import { DEFAULT_PREVIEW_PORT } from './serve.js';

/** Where the gallery goes when neither `--out` nor `--serve` is given. */
const DEFAULT_OUT = '.cognito-trigger/preview';

const PREVIEW_OPTIONS: readonly OptionSpec[] = [
  {
    flag: '--handler',
    arity: 'one',
    repeatable: true,
    value: 'FILE[:export]',
    help: 'a handler to preview, repeatable (default: every module in handlers/ that exports handler); Custom message function or Custom SMS sender, told apart by running it on a sample event',
  },
  {
    flag: '--sms-sender',
    arity: 'one',
    repeatable: true,
    value: 'FILE[:export]',
    help: 'a handler to run as a Custom SMS sender whatever it answers to a Custom message event, repeatable',
  },
  {
    flag: '--event',
    arity: 'one',
    repeatable: true,
    value: 'FILE',
    help: 'an event to run instead of the sample event of every trigger source, repeatable (Custom message or Custom SMS sender events)',
  },
  { flag: '--out', arity: 'one', value: 'DIR', help: `write the gallery here (default: ${DEFAULT_OUT}/)` },
  { flag: '--serve', arity: 'none', help: 'serve the gallery on 127.0.0.1 until Ctrl-C' },
  {
    flag: '--port',
    arity: 'one',
    value: 'N',
    help: `the port --serve listens on (default: ${DEFAULT_PREVIEW_PORT}; 0 picks a free one)`,
  },
  {
    flag: '--watch',
    arity: 'none',
    help: 'with --serve: render again when a handler, template or brand file changes, and reload the open pages',
  },
  {
    flag: '--screenshots',
    arity: 'none',
    help: 'look at every email in Chromium (CHROMIUM_PATH, else /usr/bin/chromium): PNGs at 375 and 1024 px, and what a browser finds (horizontal scrolling, text cut off, images without alt, text under 12 px, contrast below WCAG AA, links without a target)',
  },
  {
    flag: '--check',
    arity: 'none',
    help: 'exit 1, listing each problem, when a message falls back, breaks a Cognito rule or misses its locale, or (with --screenshots) has a browser finding of severity error',
  },
  {
    flag: '--baseline',
    arity: 'one',
    value: 'DIR',
    help: 'a previous --out to compare with: lists each message added, removed or changed (subject, text, HTML, SMS, findings, screenshot pixels)',
  },
  {
    flag: '--threshold',
    arity: 'one',
    value: 'PERCENT',
    help: 'share of a screenshot’s pixels that may differ from the baseline’s before it counts as changed (default: 0.1)',
  },
  {
    flag: '--env-vars',
    arity: 'one',
    value: 'FILE',
    help: 'environment for the functions, as `sam local invoke --env-vars`',
  },
  {
    flag: '--parameters',
    arity: 'one',
    value: 'FILE',
    help: 'serve Parameter Store / AppConfig values from a JSON map; when the environment names a brand configuration in it, its brands are previewed',
  },
  {
    flag: '--code',
    arity: 'one',
    value: 'CODE',
    help: 'the code shown in place of {####} (default: 123456)',
  },
  { flag: '--quiet', arity: 'none', help: 'no summary on stderr' },
];

/** What `preview --help` prints. */
const previewUsage: CommandUsage = {
  command: 'preview',
  summary:
    'Renders every message the handlers send, for every trigger source they answer, in every brand and locale, through the same engine and judging as the other commands, and writes a gallery you can open offline: index.html (a grid filterable by brand, locale, source and outcome), a page per message (the email at 375 and 1024 px, dark mode, plain text, raw HTML) and messages.json.',
  options: [{ title: 'Options', specs: PREVIEW_OPTIONS }],
  notes: [
    'Brands and locales: the brand configuration the handler’s environment names (BRAND_CONFIG_PARAMETER or BRAND_CONFIG_APPCONFIG, from --env-vars) when --parameters holds it; else the first module among the handler’s own files that exports bundledBrands or brands; else none, and the handler picks its brand itself. Each pair is asked for through clientMetadata brand=… and locale=….',
    'Exit status: 0; 1 when --check finds a problem; 252 for a usage error; 255 when Chromium or a package is missing.',
  ],
};

const fail = (message: string) => new UsageError('', `\ncognito-trigger: ${message}\n`);

const readParameters = (path: string): Record<string, unknown> => {
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw fail(`cannot read the parameters file ${path}: ${(error as Error).message}`);
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document))
    throw fail(`${path} must map parameter names to values`);
  return document as Record<string, unknown>;
};

const numberOption = (
  options: ReadonlyMap<string, readonly string[]>,
  flag: string,
  valid: (n: number) => boolean,
  what: string,
): number | undefined => {
  const text = options.get(flag)?.[0];
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !valid(value))
    throw fail(`${flag} must be ${what}, got ${JSON.stringify(text)}`);
  return value;
};

const galleryOptions = (options: ReadonlyMap<string, readonly string[]>, cwd: string): GalleryOptions => {
  const envVars = options.get('--env-vars')?.[0];
  const parameters = options.get('--parameters')?.[0];
  const threshold = numberOption(
    options,
    '--threshold',
    (n) => n >= 0 && n <= 100,
    'a percentage from 0 to 100',
  );
  let events: GalleryOptions['events'];
  try {
    events = options.get('--event')?.map((file) => readPreviewEvent(file, cwd));
  } catch (error) {
    if (error instanceof PreviewEventError) throw fail(error.message);
    throw error;
  }
  return {
    cwd,
    ...(options.has('--handler') ? { handlers: options.get('--handler') } : {}),
    ...(options.has('--sms-sender') ? { senders: options.get('--sms-sender') } : {}),
    ...(events ? { events } : {}),
    environment: {
      ...lambdaEnvironment('us-west-2'),
      ...(envVars === undefined ? {} : readEnvVars(resolvePath(cwd, envVars))),
    },
    ...(parameters === undefined ? {} : { parameters: readParameters(resolvePath(cwd, parameters)) }),
    ...(options.has('--code') ? { code: options.get('--code')?.[0] } : {}),
    screenshots: options.has('--screenshots'),
    ...(options.has('--baseline')
      ? { baseline: resolvePath(cwd, options.get('--baseline')?.[0] ?? '') }
      : {}),
    ...(threshold === undefined ? {} : { pixelThreshold: threshold / 100 }),
  };
};

export { DEFAULT_OUT, fail, galleryOptions, numberOption, PREVIEW_OPTIONS, previewUsage };
