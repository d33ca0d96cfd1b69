// The headless Chromium the console tests drive: Debian's /usr/bin/chromium (or CHROMIUM) through
// playwright-core, with what would reach beyond loopback turned off.
import { chromium } from 'playwright-core';

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
      '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

export const step = (name) => console.log(`step: ${name}`);
