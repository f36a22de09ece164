// Local-only secrets for `npm run dev` and the tests: random per checkout, made on first use and kept in the
// git-ignored `.dev.secrets`, so no two checkouts share them and none is ever committed (a committed secret would let
// anyone on the network forge tokens for a developer's running stack). Production gets real ones from
// `wrangler secret put` (see README). `.dev.vars` values win, for people who set their own.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const SECRETS_FILE = '.dev.secrets';

/** `KEY=value` lines (quotes optional); DATABASE_URL is never taken from here. */
function readVars(file: string): Record<string, string> {
  const vars: Record<string, string> = {};
  if (!existsSync(file)) return vars;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*"?(.*?)"?\s*$/.exec(line);
    if (match && match[1] !== 'DATABASE_URL') vars[match[1]!] = match[2]!;
  }
  return vars;
}

function checkoutSecrets(): Record<string, string> {
  const kept = readVars(SECRETS_FILE);
  if (kept.JWT_SECRET && kept.PARTY_SECRET) return kept;
  const made = { JWT_SECRET: randomBytes(32).toString('base64url'), PARTY_SECRET: randomBytes(24).toString('base64url') };
  try {
    // `wx`: when two processes start at once (test workers), the first file wins and the others read it.
    writeFileSync(SECRETS_FILE, `# Made by scripts/dev-secrets.ts for this checkout only; git-ignored. Delete it to make new ones.\n${Object.entries(made).map(([k, v]) => `${k}=${v}`).join('\n')}\n`, { flag: 'wx', mode: 0o600 });
    return made;
  } catch {
    return readVars(SECRETS_FILE);
  }
}

export function devSecrets(): Record<string, string> {
  return { ...checkoutSecrets(), ...readVars('.dev.vars') };
}
