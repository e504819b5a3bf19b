// Headless Debian chromium driven by playwright-core, the way .ci/run installs it. Tests that
// need it skip, saying why, when it is missing (outside CI).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const chromiumPath = process.env.HEAPWISE_CHROMIUM ?? '/usr/bin/chromium';
export const haveChromium = existsSync(chromiumPath);

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    // No sandbox as root; and no background traffic: the machine has no network but loopback.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}
