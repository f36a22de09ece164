// The Cron sweep of the live board: whatever a room has not confirmed (its push failed, timed out, or the room was
// down or restarted) is sent again from the database. The room takes each number once, so sending twice is harmless.
import { sql } from 'drizzle-orm';
import type { Config } from '../app/config';
import type { Database } from '../db/client';
import { rowsOf } from '../db/errors';
import { clientEvent } from './board-events';
import { postToRoom } from './board-room';

/** Rooms swept per run, most behind first; the rest wait for the next minute. */
const ROOMS_PER_RUN = 200;
/** Events re-sent to one room per run: a room further behind fetches the rest itself. */
const EVENTS_PER_ROOM = 100;
const CONCURRENCY = 6;

export interface SweepReport {
  rooms: number;
  resent: number;
  confirmed: number;
}

export async function sweepBoardEvents(db: Database, config: Config): Promise<SweepReport> {
  const report: SweepReport = { rooms: 0, resent: 0, confirmed: 0 };
  if (!config.PARTYKIT_URL) return report;
  const result = await db.execute(sql`
    select c.company_id, c.epoch, c.last_seq, co.timezone,
      coalesce((select json_agg(json_build_object('seq', e.seq, 'payload', e.payload) order by e.seq)
        from (select seq, payload from board_events where company_id = c.company_id and seq > c.acked_seq order by seq limit ${EVENTS_PER_ROOM}) e), '[]'::json) as events
    from board_counters c join companies co on co.id = c.company_id
    where c.last_seq > c.acked_seq
    order by c.last_seq - c.acked_seq desc
    limit ${ROOMS_PER_RUN}`);
  const rooms = rowsOf<{ company_id: number; epoch: string; last_seq: string | number; timezone: string; events: { seq: number; payload: Record<string, unknown> }[] }>(result);
  const confirmed: { company_id: number; seq: number }[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, rooms.length) }, async () => {
      while (next < rooms.length) {
        const room = rooms[next++]!;
        const events = room.events.map((e) => ({ seq: Number(e.seq), event: clientEvent(e.payload, room.timezone) }));
        const answer = await postToRoom(config, room.company_id, { type: 'events', epoch: room.epoch, events });
        report.rooms++;
        report.resent += events.length;
        if (typeof answer?.seq === 'number' && answer.epoch === room.epoch) {
          confirmed.push({ company_id: room.company_id, seq: Math.min(answer.seq, Number(room.last_seq)) });
        }
      }
    }),
  );
  if (confirmed.length) {
    await db.execute(sql`
      update board_counters c set acked_seq = greatest(c.acked_seq, a.seq)
      from jsonb_to_recordset(${JSON.stringify(confirmed)}::jsonb) as a(company_id int, seq bigint)
      where c.company_id = a.company_id`);
    report.confirmed = confirmed.length;
  }
  return report;
}
