import { index, pgTable, serial, varchar } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns';

export const companies = pgTable('companies', {
  id: serial('id').primaryKey(),
  companyCode: varchar('company_code', { length: 50 }).notNull().unique(),
  companyName: varchar('company_name', { length: 200 }).notNull(),
  // Extension: IANA zone the company's staff work in; zone-less client date-times are read in it.
  timezone: varchar('timezone', { length: 64 }).notNull().default('Asia/Seoul'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  // Keyword search is ILIKE '%…%' (pg_trgm, migration 0017).
  index('idx_companies_name_trgm').using('gin', t.companyName.op('gin_trgm_ops')),
  index('idx_companies_code_trgm').using('gin', t.companyCode.op('gin_trgm_ops')),
]);
