import { sql } from 'drizzle-orm';
import { mayEditContract, mayHandleDocument } from '../auth/ownership';
import type { Caller } from '../auth/tokens';
import { contains } from '../db/search';
import type { Database } from '../db/client';
import { rowsOf, violatedForeignKey } from '../db/errors';
import { newestPage } from '../db/paging';
import { actorOf, insertBoardEvents, numberBoardEvents, numberedFrom, type EventBatch } from '../live/board-events';

/** A contract's name in the documents pages: "<model> - <customer> 고객님". */
const contractName = sql.raw(`car.model || ' - ' || cu.name || ' 고객님'`);

export interface NewDocument {
  key: string;
  fileName: string;
  size: number;
  mimeType: string;
  contractId?: number;
}

/** The write, or undefined when its contract was deleted at the same instant (the foreign key refused it). */
async function contractGone<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (err) {
    if (violatedForeignKey(err) === 'contract_documents_contract_id_contracts_id_fk') return undefined;
    throw err;
  }
}

export type InsertDocumentResult = { id: number; events?: EventBatch } | { error: 'contract_not_found' | 'forbidden' };

/**
 * Records an uploaded document, attached to `contractId` if given, in one statement; attaching queues the
 * document_upload notification. The contract must be the company's and one the caller may edit (the same rule as
 * PATCH /contracts/{id}); otherwise nothing is written.
 */
export async function insertDocument(db: Database, caller: Caller, doc: NewDocument): Promise<InsertDocumentResult> {
  const { companyId, userId } = caller;
  const [result, numbered] = (await contractGone(db.batch([db.execute(sql`
    with target as (
      select k.*, ${mayEditContract(caller)} as may_edit from contracts k
      where k.id = ${doc.contractId ?? null}::int and k.company_id = ${companyId}
    ),
    k as (
      select k.id, k.version, k.customer_id, ${contractName} as name, car.model, cu.name as customer_name, cu.email, co.company_name
      from target k join cars car on car.id = k.car_id join customers cu on cu.id = k.customer_id
      join companies co on co.id = k.company_id
      where k.may_edit
    ),
    d as (
      insert into contract_documents (contract_name, original_name, file_path, file_size, mime_type, contract_id, company_id, is_draft, uploaded_by)
      select coalesce((select name from k), ''), ${doc.fileName}, ${doc.key}, ${doc.size}, ${doc.mimeType}, (select id from k), ${companyId},
        not exists (select 1 from k), ${userId}
      where ${doc.contractId ?? null}::int is null or exists (select 1 from k)
      returning id, contract_id
    ),
    notify as (
      insert into notifications (type, contract_id, template_id, recipients, variables, scheduled_at, company_id)
      select 'document_upload', k.id, t.id,
        jsonb_build_array(jsonb_build_object('kind', 'customer', 'customerId', k.customer_id, 'name', k.customer_name, 'email', k.email)),
        jsonb_build_object('companyName', k.company_name, 'customerName', k.customer_name, 'carModel', k.model,
          'documentIds', jsonb_build_array(d.id), 'fileNames', ${doc.fileName}::text),
        now(), ${companyId}
      from d join k on k.id = d.contract_id join notification_templates t on t.type = 'document_upload'
    ),
    event as (${insertBoardEvents(
      companyId,
      sql`jsonb_build_object('type', 'documents.attached', 'contractId', k.id, 'version', k.version, 'documentIds', jsonb_build_array(d.id))`,
      sql`d join k on k.id = d.contract_id`,
      actorOf(caller),
    )})
    select (select id from d) as id, exists (select 1 from target) as found`), numberBoardEvents(db, companyId)]))) ?? [];
  if (!result || !numbered) return { error: 'contract_not_found' };
  const row = rowsOf<{ id: number | null; found: boolean }>(result)[0]!;
  if (row.id !== null) return { id: row.id, events: numberedFrom(numbered) };
  return { error: row.found ? 'forbidden' : 'contract_not_found' };
}

const searchColumns = { contractName, userName: sql.raw('u.name'), carNumber: sql.raw('car.car_number') };

export type DocumentRow = {
  id: number;
  contract_name: string;
  resolution_date: string | null;
  document_count: number;
  user_name: string | null;
  car_number: string;
  documents: { id: number; fileName: string }[];
  timezone: string;
  total: number;
};

/** One row per contract of the company that has documents, newest contract first. */
export async function listDocuments(
  db: Database,
  companyId: number,
  query: { page: number; pageSize: number; searchBy: keyof typeof searchColumns; keyword: string },
) {
  const conditions = [sql`k.company_id = ${companyId}`, sql`exists (select 1 from contract_documents d where d.contract_id = k.id)`];
  if (query.keyword) conditions.push(contains(searchColumns[query.searchBy], query.keyword));
  const where = sql.join(conditions, sql` and `);
  const from = sql`contracts k join cars car on car.id = k.car_id join customers cu on cu.id = k.customer_id
    left join users u on u.id = k.user_id join companies co on co.id = k.company_id`;
  return newestPage<DocumentRow>(
    db,
    { ...query, from, where, id: sql`k.id` },
    sql`select k.id, ${contractName} as contract_name, k.resolution_date, u.name as user_name, car.car_number, co.timezone,
          (select count(*)::int from contract_documents d where d.contract_id = k.id) as document_count,
          (select json_agg(json_build_object('id', d.id, 'fileName', d.original_name) order by d.id) from contract_documents d where d.contract_id = k.id) as documents,
          page.total
        from page join ${from} on k.id = page.id
        order by k.id desc`,
  );
}

/** Won contracts without documents yet: what staff attach paperwork to. */
export async function draftChoices(db: Database, companyId: number) {
  const result = await db.execute(sql`
    select k.id, ${contractName} as data
    from contracts k
    join pipeline_stages s on s.company_id = k.company_id and s.key = k.status and s.outcome = 'won'
    join cars car on car.id = k.car_id join customers cu on cu.id = k.customer_id
    where k.company_id = ${companyId} and not exists (select 1 from contract_documents d where d.contract_id = k.id)
    order by k.resolution_date desc nulls last, k.id desc`);
  return rowsOf<{ id: number; data: string }>(result);
}

export async function findDocument(db: Database, companyId: number, id: number) {
  const result = await db.execute(sql`
    select file_path, original_name, mime_type, file_size from contract_documents where id = ${id} and company_id = ${companyId}`);
  return rowsOf<{ file_path: string; original_name: string; mime_type: string; file_size: number }>(result)[0];
}

export type DeleteDocumentResult = { key: string } | { error: 'not_found' | 'forbidden' };

/**
 * Deletes a document record (the caller then deletes the object). An attached document is its contract owner's
 * (or an administrator's) to delete; a draft, its uploader's or an administrator's.
 */
export async function deleteDocument(db: Database, caller: Caller, id: number): Promise<DeleteDocumentResult> {
  const { companyId } = caller;
  const result = await db.execute(sql`
    with d as (
      select d.id, d.file_path, ${mayHandleDocument(caller)} as may_delete
      from contract_documents d left join contracts k on k.id = d.contract_id
      where d.id = ${id} and d.company_id = ${companyId}
    ),
    deleted as (
      delete from contract_documents where id in (select id from d where may_delete) returning file_path
    )
    select exists (select 1 from d) as found, (select file_path from deleted) as key`);
  const row = rowsOf<{ found: boolean; key: string | null }>(result)[0]!;
  if (row.key) return { key: row.key };
  return { error: row.found ? 'forbidden' : 'not_found' };
}
