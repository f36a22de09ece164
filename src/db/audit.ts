import { sql, type SQL } from 'drizzle-orm';

export type AuditAction = 'CREATE' | 'UPDATE' | 'DELETE';

export interface Actor {
  userId: number;
  companyId: number;
}

/**
 * A CTE body that writes one audit_logs row per row of `source` (a CTE name): put it in the same statement as the
 * change, so the change and its record commit together or not at all.
 * `oldRow` / `newRow` name CTE aliases available in `source`'s FROM (or null when there is none).
 */
export function auditRows(
  table: string,
  action: AuditAction,
  actor: Actor,
  from: { source: SQL; id: SQL; oldRow: SQL | null; newRow: SQL | null },
): SQL {
  return sql`insert into audit_logs (table_name, record_id, action, old_data, new_data, user_id, company_id)
    select ${table}, ${from.id}, ${action}, ${from.oldRow ? sql`to_jsonb(${from.oldRow})` : sql`null`},
      ${from.newRow ? sql`to_jsonb(${from.newRow})` : sql`null`}, ${actor.userId}, ${actor.companyId}
    from ${from.source}`;
}
