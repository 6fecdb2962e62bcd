import { existsSync } from 'node:fs';

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

if (chromiumPath === undefined)
  console.warn('Browser tests skipped: no Chromium found (set CHROMIUM_PATH, or apt-get install chromium).');

export { CHROMIUM_ARGS, chromiumPath };
