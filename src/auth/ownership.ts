// Who may change what, as SQL fragments, so every statement applies the same rule. A contract is its
// salesperson's (anyone's while it has none) or an administrator's to edit. A document follows its contract; a
// draft (no contract) is its uploader's. Moving a document needs both: the right to its current place and to
// the contract it goes to.
import { sql, type SQL } from 'drizzle-orm';
import type { Caller } from './tokens';

/** SQL: whether `caller` may edit the contracts row aliased `k`. */
export function mayEditContract(caller: Caller, k: SQL = sql.raw('k')): SQL {
  return sql`(${k}.user_id is null or ${k}.user_id = ${caller.userId} or ${caller.isAdmin})`;
}

/**
 * SQL: whether `caller` may move or delete the contract_documents row aliased `d`, where `k` is its contract
 * (left-joined: null for a draft).
 */
export function mayHandleDocument(caller: Caller, d: SQL = sql.raw('d'), k: SQL = sql.raw('k')): SQL {
  return sql`(case when ${d}.contract_id is not null then ${mayEditContract(caller, k)}
    else (${d}.uploaded_by is null or ${d}.uploaded_by = ${caller.userId} or ${caller.isAdmin}) end)`;
}
