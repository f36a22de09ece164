// A real browser for page tests: Debian's Chromium (and a Korean font), installed by the test run itself when the
// machine does not have them, launched headless through playwright-core.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

function ensureChromium() {
  const haveFont = existsSync('/usr/share/fonts/truetype/nanum');
  if (existsSync(CHROMIUM) && haveFont) return;
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-nanum', { stdio: 'pipe', timeout: 600_000 });
}

export async function launchChromium(): Promise<Browser> {
  ensureChromium();
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
