import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { rowsOf } from '../db/errors';
import type { StageOutcome } from '../db/schema';
import type { Caller } from '../auth/tokens';
import { actorOf, insertBoardEvents, numberBoardEvents, numberedFrom, type EventBatch } from '../live/board-events';

export type Stage = { key: string; label: string; position: number; outcome: StageOutcome };

export async function listStages(db: Database, companyId: number): Promise<Stage[]> {
  const result = await db.execute(sql`
    select key, label, position, outcome from pipeline_stages where company_id = ${companyId} order by position`);
  return rowsOf<Stage>(result);
}

export type ReplaceOutcome = { stages: Stage[]; events?: EventBatch } | { removedInUse: string[] } | { outcomeInUse: string[] } | { companyGone: true };

/**
 * Makes the company's stages exactly `stages`, in that order, in one atomic statement: renames, reorders, adds,
 * and removes. A stage that still holds contracts cannot be removed, nor change its outcome (its cars' status
 * and the dashboard depend on it); then nothing changes.
 */
export async function replaceStages(db: Database, caller: Caller, companyId: number, stages: Omit<Stage, 'position'>[]): Promise<ReplaceOutcome> {
  const input = JSON.stringify(stages.map((stage, position) => ({ ...stage, position })));
  // Lock the company's stages first, so the statement below reads which stages hold contracts afresh: a contract
  // moving into a stage at this instant either finished first (and is seen) or waits for this change (its foreign
  // key check needs the stage row) and then finds the stage as changed. Otherwise an outcome could change under a
  // contract that just arrived, leaving its car's status behind.
  const [, result, numbered] = await db.batch([
    db.execute(sql`select 1 from pipeline_stages where company_id = ${companyId} order by key for update`),
    db.execute(sql`
    with input as (
      select * from jsonb_to_recordset(${input}::jsonb) as s(key text, label text, outcome "StageOutcome", position int)
    ), used as (
      select distinct status from contracts where company_id = ${companyId}
    ), removed_in_use as (
      select p.key from pipeline_stages p
      where p.company_id = ${companyId} and p.key not in (select key from input) and p.key in (select status from used)
    ), outcome_in_use as (
      select p.key from pipeline_stages p join input i on i.key = p.key
      where p.company_id = ${companyId} and p.outcome <> i.outcome and p.key in (select status from used)
    ), allowed as (
      select not exists (select 1 from removed_in_use) and not exists (select 1 from outcome_in_use)
        and exists (select 1 from companies where id = ${companyId}) as ok
    ), deleted as (
      delete from pipeline_stages
      where company_id = ${companyId} and key not in (select key from input) and (select ok from allowed)
    ), upserted as (
      insert into pipeline_stages (company_id, key, label, position, outcome)
      select ${companyId}, key, label, position, outcome from input where (select ok from allowed)
      on conflict on constraint unique_stage_key_per_company
      do update set label = excluded.label, position = excluded.position, outcome = excluded.outcome, updated_at = now()
      returning key, label, position, outcome
    ), event as (${insertBoardEvents(
      companyId,
      sql`jsonb_build_object('type', 'pipeline.changed', 'stages', (select coalesce(jsonb_agg(to_jsonb(u) order by u.position), '[]') from upserted u))`,
      sql`allowed where allowed.ok`,
      actorOf(caller),
    )})
    select
      exists (select 1 from companies where id = ${companyId}) as found,
      (select coalesce(json_agg(key order by key), '[]') from removed_in_use) as removed_in_use,
      (select coalesce(json_agg(key order by key), '[]') from outcome_in_use) as outcome_in_use,
      (select coalesce(json_agg(u order by u.position), '[]') from upserted u) as stages`),
    numberBoardEvents(db, companyId),
  ]);
  const row = rowsOf<{ found: boolean; removed_in_use: string[]; outcome_in_use: string[]; stages: Stage[] }>(result)[0]!;
  if (!row.found) return { companyGone: true };
  if (row.removed_in_use.length) return { removedInUse: row.removed_in_use };
  if (row.outcome_in_use.length) return { outcomeInUse: row.outcome_in_use };
  return { stages: row.stages, events: numberedFrom(numbered) };
}
