import { sql, type SQL } from 'drizzle-orm';
import { mayEditContract, mayHandleDocument } from '../auth/ownership';
import type { Caller } from '../auth/tokens';
import { auditRows } from '../db/audit';
import type { Database } from '../db/client';
import { AppError } from '../app/errors';
import { rowsOf, violatedForeignKey, violatedUniqueConstraint } from '../db/errors';
import type { Contract, CreateContract, UpdateContract } from './contract.schemas';
import { contractJoins, contractJson, storedMeetings, clientInstant } from './contract-json';
import { boardText, stagePageText, type BoardSearch } from './board-text';
import { pendingReminder, scheduleReminders } from '../notifications/reminders-sql';
import { actorOf, insertBoardEvents, numberBoardEvents, numberedFrom, type EventBatch } from '../live/board-events';

export type Stage = { key: string; outcome: 'open' | 'won' | 'lost' };

/**
 * The write, or undefined when the database refused it because the car is already on another active contract
 * (the unique index behind every check here, so a car is never sold twice). A stage whose outcome a manager changed
 * at the same instant (the contract's copy of it no longer matches) is a conflict to retry, not a server error.
 */
async function carTaken<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (err) {
    if (violatedUniqueConstraint(err) === 'one_active_contract_per_car') return undefined;
    if (violatedForeignKey(err) === 'contracts_company_stage_fk') {
      throw new AppError('CONFLICT', '보드의 단계가 방금 바뀌었습니다. 새로고침 후 다시 시도하세요');
    }
    throw err;
  }
}

/** The car status that follows a contract stage's outcome. */
const carStatusFor = (outcome: SQL) =>
  sql`(case ${outcome} when 'open' then 'contractProceeding' when 'won' then 'contractCompleted' else 'possession' end)::"CarStatus"`;

/** The transaction's clock is the company's: the board's text shows its times as `toZonedIso` does. */
const onCompanyClock = (db: Database, companyId: number) =>
  db.execute(sql`select carmate_use_clock((select timezone from companies where id = ${companyId}))`);

/**
 * The board's version: its event counter's epoch and number, `epoch:seq`. Before the first event (a seeded or new
 * company) the company's creation instant stands in for the epoch, so a database built again (its companies made
 * anew, with other data) never answers 304 to a tag from the one before.
 */
const boardVersion = (companyId: number) =>
  sql`(select coalesce((select epoch::text || ':' || last_seq from board_counters where company_id = ${companyId}),
    (select (extract(epoch from created_at) * 1000000)::bigint::text || ':0' from companies where id = ${companyId})))`;

/**
 * The board's version, and its text unless the caller already has that version (`known`: versions the client or
 * the cache holds): one round trip either way, and nothing is built when nothing changed. Version and text come
 * from one snapshot, so the text is exactly the board at that event number.
 */
export async function boardAnswer(db: Database, companyId: number, search: BoardSearch, closedLimit: number | undefined, known: string[]) {
  const knownArray = `{${known.map((v) => `"${v}"`).join(',')}}`;
  const [, result] = await db.batch([
    onCompanyClock(db, companyId),
    db.execute(sql`select v.version, case when v.version = any(${knownArray}::text[]) then null else (${boardText(companyId, search, closedLimit)}) end as body
      from (select ${boardVersion(companyId)} as version) v`),
  ]);
  return rowsOf<{ version: string; body: string | null }>(result)[0]!;
}

/** One stage's cards after `cursor` (text), or undefined when the company has no such stage. */
export async function stagePage(db: Database, companyId: number, stage: string, search: BoardSearch, limit: number, cursor?: { micros: string; id: number }) {
  const [, result] = await db.batch([onCompanyClock(db, companyId), db.execute(stagePageText(companyId, stage, search, limit, cursor))]);
  const row = rowsOf<{ found: boolean; body: string }>(result)[0]!;
  return row.found ? row.body : undefined;
}

export async function findContract(db: Database, companyId: number, id: number) {
  const result = await db.execute(sql`
    select ${contractJson()} as contract, co.timezone
    from contracts k ${contractJoins} join companies co on co.id = k.company_id
    where k.id = ${id} and k.company_id = ${companyId}`);
  return rowsOf<{ contract: Contract; timezone: string }>(result)[0];
}

export type CreateResult =
  | { contract: Contract; timezone: string; events?: EventBatch }
  | { error: 'car_not_found' | 'car_not_in_stock' | 'customer_not_found' | 'no_stage' };

/**
 * Opens a contract in the company's first stage, owned by the caller, priced at the car's price; reserves the car;
 * records history and audit. One atomic statement; nothing is written unless the car is in stock and the
 * customer is the company's.
 */
export async function createContract(db: Database, caller: Caller, input: CreateContract): Promise<CreateResult> {
  const { companyId, userId } = caller;
  const [result, numbered] = (await carTaken(db.batch([db.execute(sql`
    with co as (select id, timezone from companies where id = ${companyId}),
    st as (select key, outcome from pipeline_stages where company_id = ${companyId} order by position limit 1),
    cu0 as (select id from customers where id = ${input.customerId} and company_id = ${companyId}),
    car0 as (
      update cars set status = 'contractProceeding', updated_at = now()
      where id = ${input.carId} and company_id = ${companyId} and status = 'possession'
        and exists (select 1 from cu0) and exists (select 1 from st)
      returning id, price
    ),
    k as (
      insert into contracts (meetings, contract_price, status, stage_outcome, car_id, customer_id, user_id, company_id)
      select ${storedMeetings(sql`${JSON.stringify(input.meetings)}::jsonb`, sql`co.timezone`)}, car0.price, st.key, st.outcome, car0.id, cu0.id, ${userId}, ${companyId}
      from car0, cu0, st, co
      returning *
    ),
    history as (
      insert into contract_status_history (contract_id, company_id, from_status, to_status, changed_by)
      select id, company_id, null, status, ${userId} from k
    ),
    audit as (${auditRows('contracts', 'CREATE', caller, { source: sql`k`, id: sql`k.id`, oldRow: null, newRow: sql`k` })}),
    reminders as (${scheduleReminders(sql`k`)}),
    created as (select ${contractJson(sql`'[]'::json`)} as contract, k.id, k.version, k.status from k ${contractJoins}),
    event as (${insertBoardEvents(
      companyId,
      sql`jsonb_build_object('type', 'contract.created', 'contractId', id, 'version', version, 'to', status, 'contract', contract::jsonb)`,
      sql`created`,
      actorOf(caller),
    )})
    select
      (select contract from created) as contract,
      (select timezone from co) as timezone,
      exists (select 1 from cars where id = ${input.carId} and company_id = ${companyId}) as car_exists,
      exists (select 1 from cu0) as customer_exists,
      exists (select 1 from st) as stage_exists`), numberBoardEvents(db, companyId)]))) ?? [];
  if (!result || !numbered) return { error: 'car_not_in_stock' };
  const row = rowsOf<{ contract: Contract | null; timezone: string; car_exists: boolean; customer_exists: boolean; stage_exists: boolean }>(result)[0]!;
  if (row.contract) return { contract: row.contract, timezone: row.timezone, events: numberedFrom(numbered) };
  if (!row.customer_exists) return { error: 'customer_not_found' };
  if (!row.car_exists) return { error: 'car_not_found' };
  if (!row.stage_exists) return { error: 'no_stage' };
  return { error: 'car_not_in_stock' };
}

export type UpdateError =
  | 'not_found' | 'forbidden' | 'unknown_stage' | 'car_not_found' | 'car_not_in_stock'
  | 'customer_not_found' | 'user_not_found' | 'document_not_found' | 'document_forbidden' | 'version_mismatch';

export type UpdateResult =
  | { contract: Contract; timezone: string; moved: { from: string; to: string } | null; events?: EventBatch }
  | { error: UpdateError; currentVersion?: number };

/**
 * Applies any combination of the client's PATCH shapes in one atomic statement: the contract, its car's status,
 * the old car's release, the stage history, the audit record and the document set. It only writes when the
 * contract is still at `expectedVersion` (the If-Match version, or the version this statement read).
 */
export async function updateContract(db: Database, caller: Caller, id: number, changes: UpdateContract, expectedVersion?: number): Promise<UpdateResult> {
  const { companyId, userId, isAdmin } = caller;
  const has = (key: keyof UpdateContract) => changes[key] !== undefined;
  const docs = changes.contractDocuments;
  const docIds = docs?.map((d) => d.id) ?? [];
  // A Postgres array literal: drizzle would spread a JS array into separate parameters.
  const docIdArray = `{${docIds.join(',')}}`;
  // Board moves are recorded as history; every other change is audited.
  const audited = Object.keys(changes).some((key) => key !== 'status' && key !== 'resolutionDate' && has(key as keyof UpdateContract));

  // Lock the contract, then (in id order) its car and the car it is to take, then the listed documents, before the
  // statement reads them: the statement then sees the latest committed car status, so two contracts can never both
  // take one car. Contract, cars, documents is the order every writer uses, so these locks never deadlock.
  const results = await carTaken(db.batch([
    db.execute(sql`select 1 from contracts where id = ${id} and company_id = ${companyId} for update`),
    db.execute(sql`
      select 1 from cars where company_id = ${companyId}
        and id in (select car_id from contracts where id = ${id} and company_id = ${companyId} union all select ${changes.carId ?? null}::int)
      order by id for update`),
    // Then the documents it lists: one deleted (or expired) meanwhile is then missing (404), not silently dropped.
    // (None listed, nothing to lock: the statement is left out, which saves the database a step on every move.)
    ...(docIds.length ? [db.execute(sql`select 1 from contract_documents where company_id = ${companyId} and id = any(${docIdArray}::int[]) order by id for update`)] : []),
    db.execute(sql`
    with cur as (
      select k.*, s.outcome as cur_outcome, co.timezone from contracts k
      join pipeline_stages s on s.company_id = k.company_id and s.key = k.status
      join companies co on co.id = k.company_id
      where k.id = ${id} and k.company_id = ${companyId}
    ),
    allowed as (select ${mayEditContract(caller, sql.raw('cur'))} as ok from cur),
    target as (
      select key, outcome from pipeline_stages
      where company_id = ${companyId} and key = coalesce(${changes.status ?? null}::varchar, (select status from cur))
    ),
    new_car as (
      select c.id from cars c, cur, target
      where c.company_id = ${companyId} and c.id = coalesce(${changes.carId ?? null}::int, cur.car_id)
        and (c.status = 'possession' or (c.id = cur.car_id and (cur.cur_outcome <> 'lost' or target.outcome = 'lost')))
    ),
    new_customer as (select id from customers where company_id = ${companyId} and id = coalesce(${changes.customerId ?? null}::int, (select customer_id from cur))),
    new_user as (select id from users where company_id = ${companyId} and id = ${changes.userId ?? null}::int),
    listed_docs as (
      select d.id, d.contract_id, ${mayHandleDocument(caller, sql.raw('d'), sql.raw('dk'))} as may_move
      from contract_documents d left join contracts dk on dk.id = d.contract_id
      where d.company_id = ${companyId} and d.id = any(${docIdArray}::int[])
    ),
    checks as (
      select
        exists (select 1 from target) as stage_ok,
        exists (select 1 from new_car) as car_ok,
        exists (select 1 from cars where company_id = ${companyId} and id = coalesce(${changes.carId ?? null}::int, (select car_id from cur))) as car_exists,
        exists (select 1 from new_customer) as customer_ok,
        (${!has('userId')} or exists (select 1 from new_user)) as user_ok,
        (select count(*) from listed_docs) = ${docIds.length} as docs_ok,
        -- Taking a document from another contract (or a draft) needs the right to that one too.
        not exists (select 1 from listed_docs where contract_id is distinct from ${id} and not may_move) as docs_allowed
    ),
    upd as (
      update contracts k set
        car_id = (select id from new_car),
        customer_id = (select id from new_customer),
        user_id = ${has('userId') ? sql`${changes.userId}::int` : sql`k.user_id`},
        meetings = ${has('meetings') ? storedMeetings(sql`${JSON.stringify(changes.meetings)}::jsonb`, sql`cur.timezone`) : sql`k.meetings`},
        contract_price = ${has('contractPrice') ? sql`${changes.contractPrice}::int` : sql`k.contract_price`},
        status = (select key from target),
        stage_outcome = (select outcome from target),
        resolution_date = case
          when (select outcome from target) = 'open' then null
          when ${changes.resolutionDate ?? null}::text is not null then ${clientInstant(sql`${changes.resolutionDate ?? null}::text`, sql`cur.timezone`)}
          when cur.cur_outcome = 'open' then now()
          else coalesce(k.resolution_date, now()) end,
        version = k.version + 1,
        updated_at = now()
      from cur, checks, allowed
      where k.id = cur.id and allowed.ok and checks.stage_ok and checks.car_ok and checks.customer_ok and checks.user_ok and checks.docs_ok
        and checks.docs_allowed
        and k.version = coalesce(${expectedVersion ?? null}::int, cur.version)
      returning k.*
    ),
    reschedule as (
      -- New meetings, a new owner, or a deal closing/reopening: the pending reminders are replaced.
      select (${has('meetings') || has('userId')} or cur.cur_outcome <> target.outcome) as yes, target.outcome = 'open' as open
      from cur, target where exists (select 1 from upd)
    ),
    cancelled_reminders as (
      delete from notifications
      where contract_id = ${id} and ${pendingReminder} and coalesce((select yes from reschedule), false)
    ),
    reminders as (
      ${scheduleReminders(sql`(select upd.* from upd, reschedule where reschedule.yes and reschedule.open)`)}
    ),
    release_old_car as (
      update cars set status = 'possession', updated_at = now()
      from cur, upd
      where cars.id = cur.car_id and upd.car_id <> cur.car_id and cur.cur_outcome <> 'lost'
    ),
    car_follows as (
      update cars set status = ${carStatusFor(sql`target.outcome`)}, updated_at = now()
      from cur, upd, target
      where cars.id = upd.car_id and (upd.car_id <> cur.car_id or cur.cur_outcome <> target.outcome)
    ),
    history as (
      insert into contract_status_history (contract_id, company_id, from_status, to_status, changed_by)
      select upd.id, upd.company_id, cur.status, upd.status, ${userId} from upd, cur where upd.status <> cur.status
    ),
    audit as (${auditRows('contracts', 'UPDATE', caller, { source: sql`upd join cur on cur.id = upd.id where ${audited}`, id: sql`upd.id`, oldRow: sql`cur`, newRow: sql`upd` })}),
    docs_detached as (
      -- A document taken off its contract is a draft again: listed with the drafts, expiring like them.
      update contract_documents set contract_id = null, is_draft = true, updated_at = now()
      where ${docs !== undefined} and company_id = ${companyId} and contract_id = ${id} and id <> all(${docIdArray}::int[])
        and exists (select 1 from upd)
    ),
    docs_attached as (
      update contract_documents d set contract_id = ${id}, is_draft = false,
        original_name = coalesce(x."fileName", d.original_name), updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(docs ?? [])}::jsonb) as x(id int, "fileName" text)
      where d.id = x.id and d.company_id = ${companyId} and exists (select 1 from upd)
      returning d.id, d.original_name
    ),
    newly_attached as (
      select a.id, a.original_name from docs_attached a join listed_docs l on l.id = a.id where l.contract_id is distinct from ${id}
    ),
    notify as (
      -- Documents newly attached: the reminders job emails them to the customer.
      insert into notifications (type, contract_id, template_id, recipients, variables, scheduled_at, company_id)
      select 'document_upload', upd.id, t.id,
        jsonb_build_array(jsonb_build_object('kind', 'customer', 'customerId', cu.id, 'name', cu.name, 'email', cu.email)),
        jsonb_build_object('companyName', co.company_name, 'customerName', cu.name, 'carModel', car.model,
          'documentIds', (select jsonb_agg(n.id order by n.id) from newly_attached n),
          'fileNames', (select string_agg(n.original_name, ', ' order by n.id) from newly_attached n)),
        now(), upd.company_id
      from upd
      join customers cu on cu.id = upd.customer_id
      join cars car on car.id = upd.car_id
      join companies co on co.id = upd.company_id
      join notification_templates t on t.type = 'document_upload'
      where exists (select 1 from newly_attached)
    ),
    result as (
      select ${contractJson(
        docs === undefined
          ? undefined
          : sql`coalesce((select json_agg(json_build_object('id', a.id, 'fileName', a.original_name) order by a.id) from docs_attached a), '[]'::json)`,
      )} as contract from upd k ${contractJoins}
    ),
    event as (${insertBoardEvents(
      companyId,
      sql`jsonb_build_object('type', case when upd.status <> cur.status then 'contract.moved' else 'contract.updated' end,
          'contractId', upd.id, 'version', upd.version, 'contract', result.contract::jsonb)
        || case when upd.status <> cur.status then jsonb_build_object('from', cur.status, 'to', upd.status) else '{}'::jsonb end`,
      sql`upd, cur, result`,
      actorOf(caller),
    )})
    select
      (select contract from result) as contract,
      (select timezone from cur) as timezone,
      (select status from cur) as from_status,
      exists (select 1 from cur) as found,
      coalesce((select ok from allowed), false) as allowed,
      (select version from cur) as current_version,
      checks.*
    from checks`),
    numberBoardEvents(db, companyId),
  ]));
  // The statement and the numbering are the batch's last two.
  const [changed, numbered] = results ? (results.slice(-2) as unknown as [{ rows: unknown[] }, { rows: unknown[] }]) : [];
  if (!changed) return { error: 'car_not_in_stock' };
  const row = rowsOf<{
    contract: Contract | null; timezone: string; from_status: string; found: boolean; allowed: boolean; current_version: number;
    stage_ok: boolean; car_ok: boolean; car_exists: boolean; customer_ok: boolean; user_ok: boolean; docs_ok: boolean; docs_allowed: boolean;
  }>(changed)[0];
  if (row?.contract) {
    const moved = row.from_status !== row.contract.status ? { from: row.from_status, to: row.contract.status } : null;
    return { contract: row.contract, timezone: row.timezone, moved, events: numberedFrom(numbered!) };
  }
  if (!row?.found) return { error: 'not_found' };
  if (!row.allowed) return { error: 'forbidden' };
  if (!row.stage_ok) return { error: 'unknown_stage' };
  if (!row.car_exists) return { error: 'car_not_found' };
  if (!row.car_ok) return { error: 'car_not_in_stock' };
  if (!row.customer_ok) return { error: 'customer_not_found' };
  if (!row.user_ok) return { error: 'user_not_found' };
  if (!row.docs_ok) return { error: 'document_not_found' };
  if (!row.docs_allowed) return { error: 'document_forbidden' };
  return { error: 'version_mismatch', currentVersion: row.current_version };
}

export type DeleteResult = { deleted: true; events?: EventBatch } | { deleted: false; error: 'not_found' | 'forbidden' | 'version_mismatch' };

/**
 * Deletes a contract, frees its car, and audits it, atomically. Its stage history stays; its documents become
 * drafts (the foreign key sets their contract to null, and the database marks them drafts: migration 0012).
 */
export async function deleteContract(db: Database, caller: Caller, id: number, expectedVersion?: number): Promise<DeleteResult> {
  const { companyId, userId, isAdmin } = caller;
  const [result, numbered] = await db.batch([db.execute(sql`
    with cur as (
      select k.*, s.outcome as cur_outcome from contracts k
      join pipeline_stages s on s.company_id = k.company_id and s.key = k.status
      where k.id = ${id} and k.company_id = ${companyId}
    ),
    allowed as (select ${mayEditContract(caller, sql.raw('cur'))} as ok from cur),
    del as (
      delete from contracts k using cur, allowed
      where k.id = cur.id and allowed.ok and k.version = coalesce(${expectedVersion ?? null}::int, k.version)
      returning k.*
    ),
    free_car as (
      -- A lost deal already gave its car back (it may be on another contract now).
      update cars set status = 'possession', updated_at = now()
      from del, cur where cars.id = del.car_id and cur.cur_outcome <> 'lost'
    ),
    audit as (${auditRows('contracts', 'DELETE', caller, { source: sql`del`, id: sql`del.id`, oldRow: sql`del`, newRow: null })}),
    -- A deletion is the contract's last version: no client puts an older card back over it.
    event as (${insertBoardEvents(
      companyId,
      sql`jsonb_build_object('type', 'contract.deleted', 'contractId', del.id, 'version', del.version + 1, 'from', del.status)`,
      sql`del`,
      actorOf(caller),
    )})
    select exists (select 1 from cur) as found, coalesce((select ok from allowed), false) as allowed, exists (select 1 from del) as deleted`),
    numberBoardEvents(db, companyId)]);
  const row = rowsOf<{ found: boolean; allowed: boolean; deleted: boolean }>(result)[0]!;
  if (row.deleted) return { deleted: true, events: numberedFrom(numbered) };
  return { deleted: false, error: !row.found ? 'not_found' : !row.allowed ? 'forbidden' : 'version_mismatch' };
}

export async function contractHistory(db: Database, companyId: number, id: number) {
  const result = await db.execute(sql`
    select co.timezone,
      exists (select 1 from contracts where id = ${id} and company_id = ${companyId}) as found,
      coalesce((
        select json_agg(json_build_object(
          'id', h.id, 'fromStatus', h.from_status, 'toStatus', h.to_status,
          'changedBy', case when u.id is null then null else json_build_object('id', u.id, 'name', u.name) end,
          'changedAt', h.changed_at) order by h.changed_at, h.id)
        from contract_status_history h left join users u on u.id = h.changed_by
        where h.contract_id = ${id} and h.company_id = ${companyId}
      ), '[]'::json) as entries
    from companies co where co.id = ${companyId}`);
  return rowsOf<{
    timezone: string;
    found: boolean;
    entries: { id: number; fromStatus: string | null; toStatus: string; changedBy: { id: number; name: string } | null; changedAt: string }[];
  }>(result)[0]!;
}

/** Dropdown items: in-stock cars, customers, staff of the company. */
export async function dropdown(db: Database, companyId: number, kind: 'cars' | 'customers' | 'users') {
  const query = {
    cars: sql`select id, model || '(' || car_number || ')' as data from cars where company_id = ${companyId} and status = 'possession' order by id desc`,
    customers: sql`select id, name || '(' || email || ')' as data from customers where company_id = ${companyId} order by name, id`,
    users: sql`select id, name || '(' || email || ')' as data from users where company_id = ${companyId} order by name, id`,
  }[kind];
  return rowsOf<{ id: number; data: string }>(await db.execute(query));
}
