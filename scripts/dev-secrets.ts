// Local-only secrets for `npm run dev` and the tests. They protect nothing and are never used in production,
// where `wrangler secret put` provides real ones (see README). `.dev.vars` values win, for people who set their own.
import { existsSync, readFileSync } from 'node:fs';

export function devSecrets(): Record<string, string> {
  const secrets: Record<string, string> = {
    JWT_SECRET: 'local-development-jwt-secret-not-for-production',
    PARTY_SECRET: 'local-development-party-secret',
  };
  if (existsSync('.dev.vars')) {
    for (const line of readFileSync('.dev.vars', 'utf8').split('\n')) {
      const match = /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*"?(.*?)"?\s*$/.exec(line);
      if (match && match[1] !== 'DATABASE_URL') secrets[match[1]!] = match[2]!;
    }
  }
  return secrets;
}
