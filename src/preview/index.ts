/** @module cognito-trigger-kit/preview — the gallery of every message the handlers send, and the CI gate over it. */
export type { Change } from './baseline.js';
export { BaselineError, compareWithBaseline, DEFAULT_PIXEL_THRESHOLD } from './baseline.js';
export type { BrowserInspection, BrowserOptions } from './browser.js';
export { ChromiumNotFoundError, findChromium, inspectInBrowser } from './browser.js';
export type { Problem } from './check.js';
export { checkRun, failsCheck, ProblemKind } from './check.js';
export type { PreviewEnvironment } from './command.js';
export { DEFAULT_OUT, previewUsage, runPreview } from './command.js';
export type { PreviewEvent } from './events.js';
export { PreviewEventError, readPreviewEvent, sampleEvents } from './events.js';
export type { Gallery, GalleryOptions } from './gallery.js';
export { makeGallery } from './gallery.js';
export type {
  BrandEnumeration,
  BrowserFinding,
  BrowserReport,
  PreviewFinding,
  PreviewHandler,
  PreviewMessage,
  PreviewRun,
  SmsPreview,
} from './model.js';
export { BROWSER_WIDTHS, BrowserRule, HandlerKind, MessageOutcome } from './model.js';
export type { DecodedPng, PixelDifference } from './png.js';
export { comparePixels, decodePng, PngError } from './png.js';
export type { PreviewRender, RenderOptions } from './render.js';
export { renderPreview } from './render.js';
export type { GalleryServer } from './serve.js';
export { DEFAULT_PREVIEW_PORT, startGalleryServer } from './serve.js';
export type { SiteFiles } from './site/site.js';
export { buildSite, writeSite } from './site/site.js';
