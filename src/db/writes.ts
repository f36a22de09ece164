import { sql, type SQL } from 'drizzle-orm';
import type { Database } from './client';
import { rowsOf } from './errors';
import { auditRows, type Actor } from './audit';

/** `col = value, …, updated_at = now()` for the fields that are present, with columns named by `columnOf`. */
export function assignments<T extends Record<string, unknown>>(changes: T, columnOf: Record<keyof T, string>): SQL {
  const parts = Object.entries(changes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => sql`${sql.identifier(columnOf[key as keyof T])} = ${value}`);
  return sql.join([...parts, sql`updated_at = now()`], sql`, `);
}

export type DeleteOutcome = 'deleted' | 'not_found' | 'referenced';

/**
 * Deletes a company's row unless contracts still point at it, in one round trip with its audit record, and says
 * which it was: another company's row is `not_found`, like a missing one.
 */
export async function deleteUnlessContracted(
  db: Database,
  table: 'cars' | 'customers',
  actor: Actor,
  id: number,
): Promise<DeleteOutcome> {
  const { companyId } = actor;
  const contractColumn = sql.identifier(table === 'cars' ? 'car_id' : 'customer_id');
  const target = sql.identifier(table);
  const result = await db.execute(sql`
    with target as (select id from ${target} where id = ${id} and company_id = ${companyId}),
    deleted as (
      delete from ${target} where id in (select id from target)
        and not exists (select 1 from contracts k where k.${contractColumn} = ${id})
      returning *
    ), audit as (${auditRows(table, 'DELETE', actor, { source: sql`deleted`, id: sql`deleted.id`, oldRow: sql`deleted`, newRow: null })})
    select (select count(*)::int from target) as found, (select count(*)::int from deleted) as deleted`);
  const { found, deleted } = rowsOf<{ found: number; deleted: number }>(result)[0]!;
  return deleted ? 'deleted' : found ? 'referenced' : 'not_found';
}
