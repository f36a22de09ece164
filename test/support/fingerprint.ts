// "Nothing changed" as a test can check it: one hash per table of everything in the database.
import type { TestDatabase } from './database';

/** Sign-in bookkeeping (sessions, refresh tokens, failed attempts) changes on purpose even when a request is refused. */
const BOOKKEEPING = new Set(['auth_failures', 'refresh_tokens', 'sessions']);

let statement: Promise<string> | undefined;

async function fingerprintSql(db: TestDatabase): Promise<string> {
  const tables = await db.query<{ name: string }>(`select tablename as name from pg_tables where schemaname = 'public' order by 1`);
  return tables
    .filter((t) => !BOOKKEEPING.has(t.name))
    .map((t) => `select '${t.name}' as name, count(*)::int as rows, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as hash from "${t.name}" x`)
    .join(' union all ');
}

/** Row count and content hash of every table, keyed by table: compare two of them with toEqual to see what moved. */
export async function fingerprint(db: TestDatabase): Promise<Record<string, string>> {
  const rows = await db.query<{ name: string; rows: number; hash: string }>(await (statement ??= fingerprintSql(db)));
  return Object.fromEntries(rows.map((r) => [r.name, `${r.rows} rows ${r.hash}`]));
}
