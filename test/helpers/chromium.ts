import { existsSync } from 'node:fs';
import type { Tool } from './tools.js';

/** The Chromium the browser tests drive: CHROMIUM_PATH, else Debian's package. */
const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (path): path is string => path !== undefined && existsSync(path),
);

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
];

/** Chromium, for the tests that look at messages in a real browser. */
const CHROMIUM: Tool = {
  name: 'Chromium',
  available: chromiumPath !== undefined,
  install: 'apt-get install chromium, or set CHROMIUM_PATH',
};

export { CHROMIUM, CHROMIUM_ARGS, chromiumPath };
