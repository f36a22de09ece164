import { sql, type SQL } from 'drizzle-orm';
import type { Database } from './client';
import { rowsOf } from './errors';

/**
 * SQL: how many of the company's `subject` rows there are (in `bucket`, when given), from the tallies the
 * triggers keep (src/db/schema/tallies.ts): a few index rows, however many cars or customers the company has.
 */
export function tallied(companyId: number, subject: 'cars' | 'customers' | 'contracts', bucket?: SQL): SQL {
  const inBucket = bucket ? sql`and t.bucket = ${bucket}` : sql``;
  return sql`(select coalesce(sum(t.items), 0)::int from tallies t where t.company_id = ${companyId} and t.subject = ${subject} ${inBucket})`;
}

/**
 * Folds each key's rows of differences into one row (and drops keys that sum to nothing), for the Cron run: a
 * count then reads one row per key plus what was written since. Rows written while this runs are not in its
 * snapshot, so they are neither deleted nor summed, and every count stays exact.
 *
 * It first takes a share of each company's row, skipping a company whose deletion holds it: that deletion is
 * removing the same tally rows, and folding them (then checking the new row's company) deadlocked with it.
 * Holding the share, a deletion that starts meanwhile waits for the fold instead.
 */
export async function compactTallies(db: Database): Promise<number> {
  const result = await db.execute(sql`
    with live as materialized (
      select c.id from companies c
      where c.id in (select company_id from tallies group by company_id, subject, bucket, car_type having count(*) > 1)
      for key share skip locked
    ), keys as (
      select company_id, subject, bucket, car_type from tallies
      where company_id in (select id from live)
      group by 1, 2, 3, 4 having count(*) > 1
    ), folded as (
      delete from tallies t using keys k
      where (t.company_id, t.subject, t.bucket, t.car_type) = (k.company_id, k.subject, k.bucket, k.car_type)
      returning t.*
    ), kept as (
      insert into tallies (company_id, subject, bucket, car_type, items, amount)
      select f.company_id, f.subject, f.bucket, f.car_type, sum(f.items), sum(f.amount) from folded f
      group by 1, 2, 3, 4 having sum(f.items) <> 0 or sum(f.amount) <> 0
    )
    select count(*)::int as folded from folded`);
  return rowsOf<{ folded: number }>(result)[0]!.folded;
}
