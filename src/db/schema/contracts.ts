import { sql } from 'drizzle-orm';
import {
  foreignKey, index, integer, jsonb, pgTable, serial, timestamp, unique, uniqueIndex, varchar,
} from 'drizzle-orm/pg-core';
import { cars } from './cars';
import { customers } from './customers';
import { companyId, createdAt, updatedAt } from './columns';
import { stageOutcome } from './enums';
import { users } from './users';

/** A meeting on a contract as stored: instants as UTC ISO-8601 text (the API shows them in company time). */
export type Meeting = { date: string; alarms: string[] };

// Extension: each company shapes its own board; contracts.status holds one of its stage keys.
export const pipelineStages = pgTable(
  'pipeline_stages',
  {
    id: serial('id').primaryKey(),
    companyId: companyId(),
    key: varchar('key', { length: 50 }).notNull(),
    label: varchar('label', { length: 100 }).notNull(),
    position: integer('position').notNull(),
    outcome: stageOutcome('outcome').notNull().default('open'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('unique_stage_key_per_company').on(t.companyId, t.key),
    // The target of contracts' (company, stage, outcome) key: a contract's copy of its stage's outcome stays true.
    unique('unique_stage_key_outcome_per_company').on(t.companyId, t.key, t.outcome),
  ],
);

export const contracts = pgTable(
  'contracts',
  {
    id: serial('id').primaryKey(),
    meetings: jsonb('meetings').$type<Meeting[]>().notNull().default([]),
    contractPrice: integer('contract_price'),
    resolutionDate: timestamp('resolution_date', { withTimezone: true }),
    // A stage key of the company's pipeline (see the composite foreign key below), not a fixed enum.
    status: varchar('status', { length: 50 }).notNull(),
    // The stage's outcome, copied so "one active contract per car" can be a unique index (see below); the
    // composite foreign key keeps the copy true, cascading when a stage changes.
    stageOutcome: stageOutcome('stage_outcome').notNull(),
    carId: integer('car_id')
      .notNull()
      .references(() => cars.id, { onDelete: 'restrict' }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'restrict' }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    companyId: companyId(),
    // Extension: optimistic concurrency for the shared board (ETag / If-Match).
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // The stage must exist in the contract's own company (stage keys never cross tenants), with this outcome.
    foreignKey({
      name: 'contracts_company_stage_fk',
      columns: [t.companyId, t.status, t.stageOutcome],
      foreignColumns: [pipelineStages.companyId, pipelineStages.key, pipelineStages.outcome],
    })
      .onUpdate('cascade')
      .onDelete('restrict'),
    index('idx_contracts_company_id').on(t.companyId),
    index('idx_contracts_status').on(t.status),
    index('idx_contracts_car_id').on(t.carId),
    // A car is on at most one contract that still holds it (open or won); a lost deal gave it back.
    uniqueIndex('one_active_contract_per_car').on(t.carId).where(sql`stage_outcome <> 'lost'`),
    index('idx_contracts_customer_id').on(t.customerId),
    index('idx_contracts_user_id').on(t.userId),
    index('idx_contracts_created_at').on(t.createdAt),
    index('idx_contracts_company_status').on(t.companyId, t.status),
    // The board's order within a stage (newest first): a stage's first cards and "show more" pages without sorting.
    // NULLS FIRST is what `order by created_at desc, id desc` means: an index sorted NULLS LAST (drizzle's default
    // for desc()) does not serve that order, and the planner read whole stages and sorted them instead.
    index('idx_contracts_board_order').on(t.companyId, t.status, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // The dashboard's monthly sales: a range of won deals by resolution date, read from the index alone.
    index('idx_contracts_won_by_resolution').on(t.companyId, t.resolutionDate, t.contractPrice).where(sql`stage_outcome = 'won'`),
  ],
);

// Extension: every stage move, for the board's history and the dashboard. Like audit_logs, it has no foreign key
// to contracts on purpose: the history of a deleted contract is kept.
export const contractStatusHistory = pgTable(
  'contract_status_history',
  {
    id: serial('id').primaryKey(),
    contractId: integer('contract_id').notNull(),
    companyId: companyId(),
    fromStatus: varchar('from_status', { length: 50 }),
    toStatus: varchar('to_status', { length: 50 }).notNull(),
    changedBy: integer('changed_by').references(() => users.id, { onDelete: 'set null' }),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('idx_contract_status_history_contract').on(t.contractId, t.changedAt),
    index('idx_contract_status_history_company').on(t.companyId, t.changedAt),
  ],
);
