import { sql, type SQL } from 'drizzle-orm';
import { contains } from '../db/search';
import type { Database } from '../db/client';
import { rowsOf } from '../db/errors';
import { attemptCtes, lockAttempt, type Attempt, type ThrottleState } from '../auth/throttle';
import { newestPage } from '../db/paging';
import { presetStages, type PipelinePreset } from '../pipeline/presets';
import { queuePrefix } from '../files/object-deletions';

export type CompanyRow = { id: number; company_name: string; company_code: string; user_count: number };

const searchColumns = { companyName: sql.raw('c.company_name'), companyCode: sql.raw('c.company_code') };

export async function listCompanies(
  db: Database,
  query: { page: number; pageSize: number; searchBy: keyof typeof searchColumns; keyword: string },
): Promise<{ rows: CompanyRow[]; total: number; capped: boolean }> {
  const where = query.keyword ? contains(searchColumns[query.searchBy], query.keyword) : sql`true`;
  return newestPage<CompanyRow & { total: number }>(
    db,
    { ...query, from: sql`companies c`, where, id: sql`c.id` },
    sql`select c.id, c.company_name, c.company_code, (select count(*)::int from users u where u.company_id = c.id) as user_count, page.total
        from page join companies c on c.id = page.id order by c.id desc`,
  );
}

/** Any Drizzle database that runs raw SQL: neon-http in the Worker, node-postgres in scripts and tests. */
export type SqlRunner = { execute(query: SQL): Promise<{ rows: unknown[] }> };

/**
 * A new company with everything it needs to work: its board (from a preset) and notification settings.
 * One statement, so a company never exists half made. The API, the seed, admin:create and the tests all use it.
 */
export async function createCompany(
  db: SqlRunner,
  input: { companyName: string; companyCode: string; preset: PipelinePreset },
): Promise<CompanyRow> {
  const stages = JSON.stringify(presetStages(0, input.preset));
  const result = await db.execute(sql`
    with c as (
      insert into companies (company_name, company_code) values (${input.companyName}, ${input.companyCode}) returning *
    ), stages as (
      insert into pipeline_stages (company_id, key, label, position, outcome)
      select c.id, s.key, s.label, s.position, s.outcome::"StageOutcome"
      from c, jsonb_to_recordset(${stages}::jsonb) as s(key text, label text, position int, outcome text)
    ), settings as (
      insert into notification_settings (company_id) select id from c
    )
    select id, company_name, company_code, 0 as user_count from c`);
  return rowsOf<CompanyRow>(result)[0]!;
}

export type CompanyUpdate = ThrottleState & { taken: boolean; company: CompanyRow | null };

/**
 * Renames a company or changes its code, in one round trip. A code another company uses is refused and counted
 * against the caller (`attempt`): codes are invitations, so trying codes must not tell anyone which exist.
 */
export async function updateCompany(db: Database, id: number, changes: { companyName?: string; companyCode?: string }, attempt: Attempt): Promise<CompanyUpdate> {
  const [, result] = await db.batch([
    lockAttempt(db, attempt),
    db.execute(sql`
      with taken as (
        select exists (select 1 from companies where company_code = ${changes.companyCode ?? null} and id <> ${id}) as yes
      ), ${attemptCtes(attempt, sql`(select yes from taken)`)}, updated as (
        update companies c set
          company_name = coalesce(${changes.companyName ?? null}, c.company_name),
          company_code = coalesce(${changes.companyCode ?? null}, c.company_code),
          updated_at = now()
        from attempt_state a
        where c.id = ${id} and not (select yes from taken) and a.subject_limit_hit_at is null and a.ip_limit_hit_at is null
        returning c.id, c.company_name, c.company_code, (select count(*)::int from users u where u.company_id = c.id) as user_count
      )
      select attempt_state.*, (select yes from taken) as taken, (select row_to_json(u) from updated u) as company from attempt_state`),
  ]);
  return rowsOf<CompanyUpdate>(result)[0]!;
}

/**
 * Deletes a company and everything it owns, and queues its stored files (`<id>/` in R2) for the Cron job. Contracts
 * go first, in the same atomic batch: the seed's ON DELETE RESTRICT from contracts to cars and customers would
 * otherwise stop the cascade.
 */
export async function deleteCompany(db: Database, id: number): Promise<boolean> {
  const [, deleted] = await db.batch([
    db.execute(sql`delete from contracts where company_id = ${id}`),
    db.execute(sql`
      with deleted as (delete from companies where id = ${id} returning id),
      files as (${queuePrefix(sql`(select id || '/' from deleted)`)} where exists (select 1 from deleted))
      select id from deleted`),
  ]);
  return deleted.rows.length > 0;
}
