import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { companies } from './companies';
import { companyId, createdAt, updatedAt } from './columns';

/**
 * Each company's live-board counter: the number of its last board event, and how far its room has confirmed
 * (the Cron sweep re-sends what lies between). `epoch` changes only if the counter is made anew (a rebuilt
 * database): a room that kept numbers from another epoch starts over instead of ignoring "old" numbers.
 */
export const boardCounters = pgTable(
  'board_counters',
  {
    companyId: integer('company_id')
      .primaryKey()
      .references(() => companies.id, { onDelete: 'cascade' }),
    epoch: uuid('epoch').notNull().defaultRandom(),
    lastSeq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
    ackedSeq: bigint('acked_seq', { mode: 'number' }).notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [index('board_counters_unacked').on(t.companyId).where(sql`last_seq > acked_seq`)],
);

/**
 * The transactional outbox of the live board: a change and its event are written by one statement, and the event
 * is numbered (per company, in commit order) before that transaction commits. `seq` is null only inside it.
 */
export const boardEvents = pgTable(
  'board_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    companyId: companyId(),
    seq: bigint('seq', { mode: 'number' }),
    /** What clients receive as `event` (contract instants in UTC; the API puts them on the company's clock). */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('board_events_company_seq').on(t.companyId, t.seq),
    index('board_events_unnumbered').on(t.companyId).where(sql`seq is null`),
    index('board_events_created_at').on(t.createdAt),
  ],
);
