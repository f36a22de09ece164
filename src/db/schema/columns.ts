import { integer, timestamp } from 'drizzle-orm/pg-core';
import { companies } from './companies';

// The seed uses zone-less TIMESTAMP; we store instants (timestamptz) because staff sit in many time zones
// and the client sends zone-less local times that are resolved against the company's timezone.
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

/** The owning company: every tenant row has one, and goes when its company goes. */
export const companyId = () =>
  integer('company_id')
    .notNull()
    .references(() => companies.id, { onDelete: 'cascade' });
