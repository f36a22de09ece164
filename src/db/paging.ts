import type { SQL } from 'drizzle-orm';
import type { Database } from './client';
import { rowsOf } from './errors';

/**
 * Runs a page query whose rows carry `count(*) over () as total`, so the page and the total arrive in one round
 * trip. Only a page past the end (no row to carry the total; the client asks for it after deleting the last row
 * of a page) costs a second query.
 */
export async function pageWithTotal<T extends { total: number }>(
  db: Database,
  page: number,
  pageQuery: SQL,
  countQuery: SQL,
): Promise<{ rows: T[]; total: number }> {
  const rows = rowsOf<T>(await db.execute(pageQuery));
  if (rows.length || page === 1) return { rows, total: rows[0]?.total ?? 0 };
  return { rows, total: rowsOf<{ total: number }>(await db.execute(countQuery))[0]!.total };
}
