import { sql } from 'drizzle-orm';
import type { Database } from './db/client';
import { rowsOf } from './db/errors';

/** Documents uploaded but never attached are removed after this many days. */
export const STALE_DRAFT_DAYS = 7;

/**
 * The Cron job's clean-up, one statement: expired refresh tokens, failed sign-ins older than a day (they only
 * matter inside the throttling window), and week-old draft documents. Answers the removed documents' R2 keys.
 */
export async function housekeeping(db: Database, now: Date) {
  const at = now.toISOString();
  const result = await db.execute(sql`
    with tokens as (
      delete from refresh_tokens where expires_at < ${at}::timestamptz returning 1
    ), failures as (
      delete from login_failures where failed_at < ${at}::timestamptz - interval '1 day' returning 1
    ), drafts as (
      delete from contract_documents
      where contract_id is null and is_draft and created_at < ${at}::timestamptz - make_interval(days => ${STALE_DRAFT_DAYS})
      returning file_path
    )
    select (select count(*)::int from tokens) as tokens, (select count(*)::int from failures) as failures,
      coalesce((select json_agg(file_path) from drafts), '[]'::json) as draft_keys`);
  return rowsOf<{ tokens: number; failures: number; draft_keys: string[] }>(result)[0]!;
}
