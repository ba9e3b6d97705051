import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

// Debian's Chromium driven by playwright-core. The flags keep it from reaching out to the network
// (this machine's network is closed; Chromium would otherwise flood it with connections).

// Debian's package here and in .ci/run; GitHub's Ubuntu runners ship Google Chrome instead.
export const CHROMIUM =
  process.env.CHROMIUM_PATH ??
  ['/usr/bin/chromium', '/usr/bin/google-chrome'].find((p) => existsSync(p)) ??
  '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A browser on a fresh profile: `launch` (not a persistent context) gives each one a new temp user-data-dir. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
