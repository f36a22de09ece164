import { sql } from 'drizzle-orm';
import type { Database } from './db/client';
import { rowsOf } from './db/errors';
import { queueObjects } from './files/object-deletions';
import { expiredBoardEvents } from './live/board-events';

/** Documents uploaded but never attached are removed after this many days. */
export const STALE_DRAFT_DAYS = 7;

/**
 * The Cron job's clean-up, one statement: expired sessions and refresh tokens, failed attempts older than a day
 * (they only matter inside the throttling window), drafts a week without a contract (their files are queued for
 * deletion), and live-board events past their retention. Sign-in bookkeeping expires on the database's clock, which wrote it; drafts age by the Cron run's time.
 */
export async function housekeeping(db: Database, now: Date) {
  const at = now.toISOString();
  const result = await db.execute(sql`
    with expired_sessions as (
      delete from sessions where expires_at < now() returning 1
    ), tokens as (
      delete from refresh_tokens where expires_at < now() returning 1
    ), failures as (
      delete from auth_failures where failed_at < now() - interval '1 day' returning 1
    ), drafts as (
      delete from contract_documents
      where contract_id is null and updated_at < ${at}::timestamptz - make_interval(days => ${STALE_DRAFT_DAYS})
      returning file_path
    ), draft_files as (${queueObjects(sql`select file_path from drafts`)}),
    board_events as (${expiredBoardEvents()})
    select (select count(*)::int from expired_sessions) as sessions, (select count(*)::int from tokens) as tokens, (select count(*)::int from failures) as failures,
      (select count(*)::int from drafts) as drafts, (select count(*)::int from board_events) as board_events`);
  return rowsOf<{ sessions: number; tokens: number; failures: number; drafts: number; board_events: number }>(result)[0]!;
}
