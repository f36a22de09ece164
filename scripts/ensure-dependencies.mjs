// Runs before `npm run dev` and `npm test`: installs dependencies on a fresh clone (or after package-lock.json
// changed), so README's two commands are all a new machine needs. Plain JS: nothing is installed yet.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const lock = 'package-lock.json';
const installed = 'node_modules/.package-lock.json';
const stale = !existsSync(installed) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs);
if (stale) {
  console.log('Installing dependencies (first run)…');
  execSync(existsSync(lock) ? 'npm ci --no-audit --no-fund' : 'npm install --no-audit --no-fund', { stdio: 'inherit' });
}
await import('./loopback-partykit.mjs');
