import { sql, type SQL } from 'drizzle-orm';
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

/**
 * A keyword search counts its matches up to this many: a count costs one index entry and row per match, so a
 * keyword matching a large share of a million cars would otherwise cost what reading them all costs, for a
 * number nobody pages through. Past it the answer says `totalItemCountCapped` (1,000 is 125 pages of 8).
 */
export const SEARCH_COUNT_CAP = 1000;

/** A list page, newest (highest `id`) first: which rows, from where. */
export interface NewestPage {
  page: number;
  pageSize: number;
  /** A keyword filters the rows (`where` holds it): the total is then counted up to SEARCH_COUNT_CAP. */
  keyword?: string;
  /** The tables the filter needs, e.g. `cars car` (joins included when the search reads them). */
  from: SQL;
  where: SQL;
  /** The listed table's id column in `from`, e.g. `car.id`. */
  id: SQL;
  /**
   * The total when something keeps it (a tally, src/db/tallies.ts), instead of counting the matching rows: an
   * unfiltered list of a million cars then costs what a page costs.
   */
  total?: SQL;
}

/**
 * A page of a list, newest first, with its total, in one round trip. The page's ids and the total are picked
 * first from narrow rows (`page(id, total)`); `details` then loads only those rows, joining `page` and ordering by
 * id descending. Building the full rows before the limit cost 3× as much on 10,000 cars.
 */
export async function newestPage<T extends { total: number }>(db: Database, spec: NewestPage, details: SQL) {
  const { page, pageSize, from, where, id, keyword } = spec;
  const offset = (page - 1) * pageSize;
  if (spec.total || !keyword) {
    const found = await pageWithTotal<T>(
      db,
      page,
      sql`with page as (
            select ${id} as id, ${spec.total ?? sql`count(*) over ()::int`} as total from ${from} where ${where}
            order by ${id} desc limit ${pageSize} offset ${offset}
          )
          ${details}`,
      spec.total ? sql`select ${spec.total} as total` : sql`select count(*)::int as total from ${from} where ${where}`,
    );
    return { ...found, capped: false };
  }
  // A keyword: up to CAP + 1 matches, by whichever index finds them fastest, give the count. If that is all of
  // them, the page is their newest, whatever the planner guessed of their number and places: it walks the newest
  // rows for a keyword it thinks common, and walked 57,000 of 100,000 cars to find 8 of 1,139 matches that were
  // all old. A keyword with more matches than the cap is still left to its choice.
  const found = await pageWithTotal<T>(
    db,
    page,
    sql`with matches as materialized (select ${id} as id from ${from} where ${where} limit ${SEARCH_COUNT_CAP + 1}),
        counted as (select count(*)::int as n from matches),
        picked as (
          (select id from matches where (select n from counted) <= ${SEARCH_COUNT_CAP} order by id desc limit ${pageSize} offset ${offset})
          union all
          (select ${id} as id from ${from} where ${where} and (select n from counted) > ${SEARCH_COUNT_CAP}
           order by ${id} desc limit ${pageSize} offset ${offset})
        ),
        page as (select picked.id, counted.n as total from picked, counted)
        ${details}`,
    sql`select count(*)::int as total from (select 1 from ${from} where ${where} limit ${SEARCH_COUNT_CAP + 1}) matches`,
  );
  return { rows: found.rows, total: Math.min(found.total, SEARCH_COUNT_CAP), capped: found.total > SEARCH_COUNT_CAP };
}
