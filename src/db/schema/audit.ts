import { index, integer, jsonb, pgTable, serial, timestamp, varchar } from 'drizzle-orm/pg-core';

// No foreign keys on purpose (as in the seed): the log must outlive the rows it describes.
export const auditLogs = pgTable(
  'audit_logs',
  {
    id: serial('id').primaryKey(),
    tableName: varchar('table_name', { length: 50 }).notNull(),
    recordId: integer('record_id').notNull(),
    action: varchar('action', { length: 20 }).notNull(),
    oldData: jsonb('old_data'),
    newData: jsonb('new_data'),
    userId: integer('user_id'),
    companyId: integer('company_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('idx_audit_logs_table_record').on(t.tableName, t.recordId),
    index('idx_audit_logs_user_id').on(t.userId),
    index('idx_audit_logs_company_id').on(t.companyId),
    index('idx_audit_logs_created_at').on(t.createdAt),
  ],
);
