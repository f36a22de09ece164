import { bigint, index, pgTable, varchar } from 'drizzle-orm/pg-core';
import { companyId } from './columns';

/**
 * Counts kept as the rows change, so a list's total, a board column's count and the dashboard cost the same at a
 * million cars as at ten thousand. Triggers (migration 0020) append one row of differences per statement and key;
 * a count is the sum of its rows, and the Cron run folds each key's rows into one (`compactTallies`). Appending
 * instead of updating one counter row means concurrent writers of a company never wait for each other, never
 * deadlock, and a reader's sum is exactly what its snapshot holds.
 *
 * - `cars`: one key per car status (`bucket`);
 * - `customers`: one key (`bucket` '');
 * - `contracts`: one key per stage key (`bucket`) and car body type (`car_type`, as the dashboard groups them),
 *   with the sum of contract prices in `amount`.
 */
export const tallies = pgTable(
  'tallies',
  {
    companyId: companyId(),
    subject: varchar('subject', { length: 16 }).notNull(),
    bucket: varchar('bucket', { length: 50 }).notNull().default(''),
    carType: varchar('car_type', { length: 20 }).notNull().default(''),
    items: bigint('items', { mode: 'number' }).notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull().default(0),
  },
  (t) => [index('tallies_key').on(t.companyId, t.subject, t.bucket, t.carType)],
);
