import { index, pgTable, serial, text, unique, varchar } from 'drizzle-orm/pg-core';
import { companyId, createdAt, updatedAt } from './columns';
import { ageGroup, gender, region } from './enums';

export const customers = pgTable(
  'customers',
  {
    id: serial('id').primaryKey(),
    name: varchar('name', { length: 100 }).notNull(),
    gender: gender('gender').notNull(),
    phoneNumber: varchar('phone_number', { length: 20 }).notNull(),
    ageGroup: ageGroup('age_group'),
    region: region('region'),
    email: varchar('email', { length: 255 }).notNull(),
    memo: text('memo').notNull().default(''),
    companyId: companyId(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('idx_customers_company_id').on(t.companyId),
    index('idx_customers_name').on(t.name),
    index('idx_customers_email').on(t.email),
    index('idx_customers_phone').on(t.phoneNumber),
    index('idx_customers_company_name').on(t.companyId, t.name),
    // Keyword search is ILIKE '%…%' (pg_trgm, migration 0017).
    index('idx_customers_name_trgm').using('gin', t.name.op('gin_trgm_ops')),
    index('idx_customers_email_trgm').using('gin', t.email.op('gin_trgm_ops')),
    // Extension: a customer is one email address per company (stored lower-cased); imports skip known ones.
    unique('unique_customer_email_per_company').on(t.companyId, t.email),
  ],
);
