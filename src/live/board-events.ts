// The live board's events as the database keeps them (a transactional outbox): every change writes its event in the
// same statement, numbered per company in commit order before the transaction commits. The room, the Cron sweep
// and `GET /board/events` all read the same numbered rows, so what clients see can always be checked and healed.
import { sql, type SQL } from 'drizzle-orm';
import type { Caller } from '../auth/tokens';
import type { Contract } from '../contracts/contract.schemas';
import { zoneContract } from '../contracts/contract-json';
import type { Database } from '../db/client';
import { rowsOf } from '../db/errors';

/** Every kind of board event (the OpenAPI schema lists the same). */
export const BOARD_EVENT_TYPES = [
  'contract.created', 'contract.updated', 'contract.moved', 'contract.deleted', 'documents.attached', 'pipeline.changed', 'reminder',
  'contracts.changed',
] as const;

/** What clients receive: `{ seq, event }`, `event.type` saying what changed and `event.version` the contract's. */
export type NumberedEvent = { seq: number; event: Record<string, unknown> };
/** Numbered events of one company, with the counter's epoch (a room that knew another epoch starts over). */
export type EventBatch = { epoch: string; events: NumberedEvent[] };

/** How long events stay readable by number: clients away longer reload the board. */
export const BOARD_EVENT_RETENTION_DAYS = 8;
/** The most events one read returns (the rest come with the next `since`). */
export const MAX_EVENTS_PER_READ = 500;

/** SQL (jsonb): who acted, as events show it. Names come from the token; they are for display only. */
export function actorOf(caller: Pick<Caller, 'userId' | 'name'> | null): SQL {
  return sql`${JSON.stringify(caller ? { id: caller.userId, name: caller.name ?? `#${caller.userId}` } : null)}::jsonb`;
}

/**
 * A CTE body inserting one board event per row of `source`, whose `payload` is a jsonb expression over it. Put it in
 * the statement that makes the change, so the change and its event commit together or not at all.
 */
export function insertBoardEvents(companyId: SQL | number, payload: SQL, source: SQL, actor: SQL): SQL {
  return sql`insert into board_events (company_id, payload)
    select ${companyId}, ${payload} || jsonb_build_object('actor', ${actor}, 'at', now()) from ${source}`;
}

/**
 * The statement that numbers this transaction's events of the company and returns them. Run it as the batch's last
 * statement: it takes the company's counter (held to commit) after every other lock, so it never deadlocks.
 */
export function numberBoardEvents(db: Database, companyId: number) {
  return db.execute(sql`select event_seq as seq, board_epoch as epoch, event_payload as payload, co.timezone
    from carmate_number_board_events(${companyId}) join companies co on co.id = ${companyId} order by event_seq`);
}

/**
 * Numbers this transaction's events of several companies (a Cron batch), in company order so that two runs never
 * wait on each other's counters crosswise.
 */
export function numberBoardEventsOf(db: Database, companyIds: number[]) {
  const ids = `{${[...new Set(companyIds)].sort((a, b) => a - b).join(',')}}`;
  return db.execute(sql`select c.id as company_id, n.event_seq as seq, n.board_epoch as epoch, n.event_payload as payload, co.timezone
    from unnest(${ids}::int[]) with ordinality as c(id, ord)
    cross join lateral carmate_number_board_events(c.id) n
    join companies co on co.id = c.id
    order by c.ord, n.event_seq`);
}

/** Per company, the numbered events a `numberBoardEventsOf` statement returned. */
export function numberedByCompany(result: { rows: unknown[] }): Map<number, EventBatch> {
  const batches = new Map<number, EventBatch>();
  for (const r of rowsOf<EventRow & { company_id: number }>(result)) {
    const batch = batches.get(r.company_id) ?? { epoch: r.epoch, events: [] };
    batch.events.push({ seq: Number(r.seq), event: clientEvent(r.payload, r.timezone) });
    batches.set(r.company_id, batch);
  }
  return batches;
}

type EventRow = { seq: number | string; epoch: string; payload: Record<string, unknown>; timezone: string };

/** Events as clients receive them: contract instants on the company's clock, `at` in UTC. */
export function clientEvent(payload: Record<string, unknown>, timeZone: string): Record<string, unknown> {
  const event = { ...payload };
  if (event.contract) event.contract = zoneContract(event.contract as Contract, timeZone);
  if (typeof event.at === 'string') event.at = new Date(event.at).toISOString();
  return event;
}

/** The numbered events a write's last statement returned (none if the write changed nothing). */
export function numberedFrom(result: { rows: unknown[] }): EventBatch | undefined {
  const rows = rowsOf<EventRow>(result);
  if (!rows.length) return undefined;
  return { epoch: rows[0]!.epoch, events: rows.map((r) => ({ seq: Number(r.seq), event: clientEvent(r.payload, r.timezone) })) };
}

export type EventsSince =
  | { resync: false; seq: number; epoch: string | null; events: NumberedEvent[]; more: boolean }
  | { resync: true; seq: number; epoch: string | null };

/**
 * The company's numbered events after `since`, in order, from the database: one round trip. `resync` when some of
 * them are no longer kept (or `since` is ahead of the company's counter): the reader reloads the board instead.
 */
export async function eventsSince(db: Database, companyId: number, since: number, limit = MAX_EVENTS_PER_READ): Promise<EventsSince> {
  const result = await db.execute(sql`
    with counter as (select last_seq, epoch from board_counters where company_id = ${companyId}),
    page as (
      select e.seq, e.payload from board_events e
      where e.company_id = ${companyId} and e.seq > ${since} order by e.seq limit ${limit}
    )
    select coalesce((select last_seq from counter), 0) as last_seq, (select epoch from counter) as epoch,
      (select timezone from companies where id = ${companyId}) as timezone,
      coalesce((select json_agg(json_build_object('seq', seq, 'payload', payload) order by seq) from page), '[]'::json) as page`);
  const row = rowsOf<{ last_seq: number | string; epoch: string | null; timezone: string | null; page: { seq: number; payload: Record<string, unknown> }[] }>(result)[0]!;
  const last = Number(row.last_seq);
  const epoch = row.epoch;
  if (since > last) return { resync: true, seq: last, epoch };
  if (since === last) return { resync: false, seq: last, epoch, events: [], more: false };
  // Numbers are gap-free and old ones go first: the next number missing means it is no longer kept.
  if (row.page[0]?.seq !== since + 1) return { resync: true, seq: last, epoch };
  const events = row.page.map((e) => ({ seq: Number(e.seq), event: clientEvent(e.payload, row.timezone ?? 'UTC') }));
  return { resync: false, seq: last, epoch, events, more: events[events.length - 1]!.seq < last };
}

/**
 * Housekeeping: events older than the retention are forgotten (readers that far behind get `resync`). Aged on the
 * database's clock, which wrote them.
 */
export const expiredBoardEvents = () =>
  sql`delete from board_events where created_at < now() - make_interval(days => ${BOARD_EVENT_RETENTION_DAYS}) returning 1`;
