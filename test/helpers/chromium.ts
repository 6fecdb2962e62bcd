import { CHROMIUM_ARGS, findChromium } from '../../src/preview/browser.js';
import type { Tool } from './tools.js';

/** The Chromium the browser tests drive, found as the preview finds it: CHROMIUM_PATH, else Debian's package. */
const chromiumPath = findChromium();

/** Chromium, for the tests that look at messages in a real browser. */
const CHROMIUM: Tool = {
  name: 'Chromium',
  available: chromiumPath !== undefined,
  install: 'apt-get install chromium, or set CHROMIUM_PATH',
};

// The flags are the preview's own: the tests look at messages as the gallery shows them.
export { CHROMIUM, CHROMIUM_ARGS, chromiumPath };
