import { sql } from 'drizzle-orm';
import { contains } from '../db/search';
import type { Database } from '../db/client';
import { rowsOf } from '../db/errors';
import { newestPage } from '../db/paging';
import { tallied } from '../db/tallies';
import { assignments } from '../db/writes';
import { auditRows, type Actor } from '../db/audit';
import type { CreateCustomer, CustomerRow, UpdateCustomer } from './customer.schemas';

const customerColumns = sql.raw(`cu.id, cu.name, cu.gender, cu.phone_number, cu.age_group, cu.region, cu.email, cu.memo,
  (select count(*)::int from contracts k where k.customer_id = cu.id) as contract_count`);

const searchColumns = { name: sql.raw('cu.name'), email: sql.raw('cu.email') };

export async function listCustomers(
  db: Database,
  companyId: number,
  query: { page: number; pageSize: number; searchBy: keyof typeof searchColumns; keyword: string },
) {
  const conditions = [sql`cu.company_id = ${companyId}`];
  if (query.keyword) conditions.push(contains(searchColumns[query.searchBy], query.keyword));
  const where = sql.join(conditions, sql` and `);
  const total = query.keyword ? undefined : tallied(companyId, 'customers');
  return newestPage<CustomerRow & { total: number }>(
    db,
    { ...query, from: sql`customers cu`, where, id: sql`cu.id`, total },
    sql`select ${customerColumns}, page.total from page join customers cu on cu.id = page.id order by cu.id desc`,
  );
}

export async function findCustomer(db: Database, companyId: number, id: number): Promise<CustomerRow | undefined> {
  const result = await db.execute(sql`select ${customerColumns} from customers cu where cu.id = ${id} and cu.company_id = ${companyId}`);
  return rowsOf<CustomerRow>(result)[0];
}

export async function insertCustomer(db: Database, actor: Actor, input: CreateCustomer): Promise<CustomerRow> {
  const { companyId } = actor;
  const result = await db.execute(sql`
    with cu as (
      insert into customers (name, gender, phone_number, age_group, region, email, memo, company_id)
      values (${input.name}, ${input.gender}, ${input.phoneNumber}, ${input.ageGroup}, ${input.region}, ${input.email}, ${input.memo}, ${companyId})
      returning *
    ), audit as (${auditRows('customers', 'CREATE', actor, { source: sql`cu`, id: sql`cu.id`, oldRow: null, newRow: sql`cu` })})
    select ${customerColumns} from cu`);
  return rowsOf<CustomerRow>(result)[0]!;
}

const columnOf: Record<keyof UpdateCustomer, string> = {
  name: 'name',
  gender: 'gender',
  phoneNumber: 'phone_number',
  ageGroup: 'age_group',
  region: 'region',
  email: 'email',
  memo: 'memo',
};

export async function updateCustomer(db: Database, actor: Actor, id: number, changes: UpdateCustomer): Promise<CustomerRow | undefined> {
  const { companyId } = actor;
  const result = await db.execute(sql`
    with old as (select * from customers where id = ${id} and company_id = ${companyId}),
    cu as (
      update customers set ${assignments(changes, columnOf)}
      where id = ${id} and company_id = ${companyId}
      returning *
    ), audit as (${auditRows('customers', 'UPDATE', actor, { source: sql`cu join old on old.id = cu.id`, id: sql`cu.id`, oldRow: sql`old`, newRow: sql`cu` })})
    select ${customerColumns} from cu`);
  return rowsOf<CustomerRow>(result)[0];
}

export type CustomerImportRow = CreateCustomer & { row: number };

/** Writes every row whose email is new to the company, atomically, in one round trip; says what became of each. */
export async function importCustomers(db: Database, actor: Actor, rows: CustomerImportRow[]) {
  const { companyId } = actor;
  const result = await db.execute(sql`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(
        "row" int, name text, gender "Gender", "phoneNumber" text, "ageGroup" "AgeGroup", region "Region", email text, memo text)
    ), inserted as (
      insert into customers (name, gender, phone_number, age_group, region, email, memo, company_id)
      select name, gender, "phoneNumber", "ageGroup", region, email, memo, ${companyId} from input
      on conflict on constraint unique_customer_email_per_company do nothing
      returning *
    ), audit as (${auditRows('customers', 'CREATE', actor, { source: sql`inserted`, id: sql`inserted.id`, oldRow: null, newRow: sql`inserted` })})
    select i."row", case when n.email is not null then 'inserted' else 'duplicate' end as outcome
    from input i left join inserted n on n.email = i.email`);
  return rowsOf<{ row: number; outcome: 'inserted' | 'duplicate' }>(result);
}
