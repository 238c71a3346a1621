import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium (`apt-get install -y chromium`); playwright never downloads its own. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Headless Chromium as the browser test and scripts/screenshot.ts use it: no sandbox (CI runs as
 * root), and none of the background connections this offline machine would refuse.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
