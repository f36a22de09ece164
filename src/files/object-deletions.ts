// Files follow their records. A statement that removes records also queues their R2 objects in object_deletions
// (atomically, so nothing is forgotten if the Worker stops right after); the Cron job drains the queue. A row goes
// only once R2 has deleted what it names, so an interrupted run simply resumes. A deleted company queues its whole
// `<companyId>/` prefix, listed and deleted 1,000 keys at a time. Company ids are never reused, so a prefix can
// never reach another company's objects.
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client';
import { rowsOf } from '../db/errors';

/** R2 deletes at most 1,000 keys per call, and lists at most 1,000 per page. */
const R2_PAGE = 1000;
/** R2 calls one Cron run may spend on the queue (50,000 objects); the rest waits for the next run. */
const CALLS_PER_RUN = 50;

/** SQL: queue the R2 keys (text) that `keys` selects. */
export const queueObjects = (keys: SQL) => sql`insert into object_deletions (path, is_prefix) select k, false from (${keys}) as q(k) where k is not null`;

/** SQL: queue everything under `prefix` (text). */
export const queuePrefix = (prefix: SQL) => sql`insert into object_deletions (path, is_prefix) select ${prefix}, true`;

export type DrainReport = { objects: number; pending: number };

/** Deletes queued objects within this run's budget of R2 calls; answers how many, and how many rows remain. */
export async function drainObjectDeletions(db: Database, bucket: R2Bucket): Promise<DrainReport> {
  const queued = rowsOf<{ id: number; path: string; is_prefix: boolean }>(
    await db.execute(sql`select id, path, is_prefix from object_deletions order by is_prefix, id limit ${CALLS_PER_RUN * R2_PAGE}`),
  );
  let calls = 0;
  let objects = 0;
  const done: number[] = [];
  const keys = queued.filter((row) => !row.is_prefix);
  for (let i = 0; i < keys.length && calls < CALLS_PER_RUN; i += R2_PAGE) {
    const page = keys.slice(i, i + R2_PAGE);
    await bucket.delete(page.map((row) => row.path));
    calls++;
    objects += page.length;
    done.push(...page.map((row) => row.id));
  }
  for (const prefix of queued.filter((row) => row.is_prefix)) {
    let finished = false;
    while (calls < CALLS_PER_RUN - 1) {
      // Always the first page: what was deleted is no longer listed, so this resumes wherever a run stopped.
      const listing = await bucket.list({ prefix: prefix.path, limit: R2_PAGE });
      calls++;
      if (listing.objects.length) {
        await bucket.delete(listing.objects.map((o) => o.key));
        calls++;
        objects += listing.objects.length;
      }
      if (!listing.truncated) {
        finished = true;
        break;
      }
    }
    if (!finished) break;
    done.push(prefix.id);
  }
  const result = await db.execute(sql`
    with gone as (delete from object_deletions where id = any(${`{${done.join(',')}}`}::int[]))
    select count(*)::int - ${done.length} as pending from object_deletions`);
  return { objects, pending: Math.max(0, rowsOf<{ pending: number }>(result)[0]!.pending) };
}
