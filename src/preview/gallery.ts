/**
 * @module preview/gallery — one preview from end to end: render every message, look at the emails in Chromium when
 * asked, check the run, compare it with a baseline, and build the gallery's files. What `preview` runs once, and
 * `--watch` again after each change.
 */
import { type Change, compareWithBaseline } from './baseline.js';
import { type BrowserOptions, inspectInBrowser } from './browser.js';
import { checkRun, type Problem } from './check.js';
import type { PreviewRun } from './model.js';
import { type RenderOptions, renderPreview } from './render.js';
import { buildSite, type SiteFiles } from './site/site.js';

interface GalleryOptions extends RenderOptions {
  /** Look at every email in Chromium: screenshots and browser findings (default: false). */
  readonly screenshots?: boolean | BrowserOptions;
  /** A previous gallery to compare with. */
  readonly baseline?: string;
  /** Share of a screenshot's pixels that may change before it counts (default: 0.001). */
  readonly pixelThreshold?: number;
}

interface Gallery {
  readonly run: PreviewRun;
  readonly files: SiteFiles;
  readonly problems: readonly Problem[];
  /** Set when a baseline was given. */
  readonly changes?: readonly Change[];
  /** The files the messages were made from: what `--watch` watches. */
  readonly watched: readonly string[];
  /** Milliseconds spent rendering, and in the browser (0 without screenshots). */
  readonly timings: { readonly renderMs: number; readonly browserMs: number; readonly totalMs: number };
}

/**
 * Makes the gallery.
 *
 * @example
 * ```ts
 * const { files, problems } = await makeGallery({ cwd: process.cwd(), screenshots: true });
 * writeSite('.cognito-trigger/preview', files);
 * ```
 */
const makeGallery = async (options: GalleryOptions): Promise<Gallery> => {
  const started = performance.now();
  const rendered = await renderPreview(options);
  const renderMs = Math.round(performance.now() - started);
  const inspected = options.screenshots
    ? await inspectInBrowser(rendered.run, options.screenshots === true ? {} : options.screenshots)
    : undefined;
  const run = inspected?.run ?? rendered.run;
  const screenshots = inspected?.screenshots ?? new Map<string, Uint8Array>();
  const problems = checkRun(run);
  const changes =
    options.baseline === undefined
      ? undefined
      : compareWithBaseline(run, options.baseline, (path) => screenshots.get(path), {
          ...(options.pixelThreshold === undefined ? {} : { pixelThreshold: options.pixelThreshold }),
        });
  const files = buildSite(run, { problems, ...(changes ? { changes } : {}) }, screenshots);
  return {
    run,
    files,
    problems,
    ...(changes ? { changes } : {}),
    watched: rendered.watched,
    timings: {
      renderMs,
      browserMs: inspected?.durationMs ?? 0,
      totalMs: Math.round(performance.now() - started),
    },
  };
};

export type { Gallery, GalleryOptions };
export { makeGallery };
