// The data model of seed 000 (Dear Carmate), as `npm run db:migrate` creates it on an empty database.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUrl } from '../support/database';
import { npmRun } from '../support/scripts';

const run = promisify(execFile);
const DATABASE = `schema_${process.pid}_${Date.now()}`;
let client: pg.Client;

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: postgresUrl('postgres') });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  await admin(`create database ${DATABASE}`);
  await npmRun('db:migrate', [], { DATABASE_URL: postgresUrl(DATABASE) });
  client = new pg.Client({ connectionString: postgresUrl(DATABASE) });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await admin(`drop database if exists ${DATABASE} with (force)`);
});

/** Every table and column of the seed's schema (000), exactly as named there. */
const seedColumns: Record<string, string[]> = {
  companies: ['id', 'company_code', 'company_name', 'created_at', 'updated_at'],
  users: ['id', 'name', 'email', 'password_hash', 'employee_number', 'phone_number', 'image_url', 'company_id', 'created_at', 'updated_at'],
  refresh_tokens: ['id', 'token', 'user_id', 'company_id', 'expires_at', 'created_at'],
  cars: ['id', 'car_number', 'manufacturer', 'model', 'manufacturing_year', 'mileage', 'price', 'accident_count', 'explanation', 'accident_details', 'status', 'company_id', 'created_at', 'updated_at'],
  car_models: ['id', 'manufacturer', 'model'],
  customers: ['id', 'name', 'gender', 'phone_number', 'age_group', 'region', 'email', 'memo', 'company_id', 'created_at', 'updated_at'],
  contracts: ['id', 'meetings', 'contract_price', 'resolution_date', 'status', 'car_id', 'customer_id', 'user_id', 'company_id', 'created_at', 'updated_at'],
  contract_documents: ['id', 'contract_name', 'original_name', 'file_path', 'file_size', 'mime_type', 'contract_id', 'company_id', 'is_draft', 'created_at', 'updated_at'],
  notification_templates: ['id', 'type', 'subject', 'email_body', 'sms_body', 'variables', 'is_active', 'created_at', 'updated_at'],
  notifications: ['id', 'type', 'contract_id', 'template_id', 'recipients', 'variables', 'status', 'scheduled_at', 'sent_at', 'delivered_at', 'error_message', 'company_id', 'created_at', 'updated_at'],
  notification_settings: ['id', 'company_id', 'email_enabled', 'sms_enabled', 'default_alarm_hour', 'created_at', 'updated_at'],
  uploaded_images: ['id', 'image_url', 'file_path', 'file_size', 'mime_type', 'company_id', 'created_at'],
  audit_logs: ['id', 'table_name', 'record_id', 'action', 'old_data', 'new_data', 'user_id', 'company_id', 'created_at'],
};

/** The deliberate extensions listed in README's data-model section. */
const extensionColumns: Record<string, string[]> = {
  companies: ['timezone'],
  users: ['is_admin', 'role'],
  refresh_tokens: ['family_id', 'parent_id', 'used_at'],
  car_models: ['type'],
  contracts: ['version', 'stage_outcome'],
  contract_documents: ['uploaded_by'],
  uploaded_images: ['uploaded_by'],
  pipeline_stages: ['id', 'company_id', 'key', 'label', 'position', 'outcome', 'created_at', 'updated_at'],
  contract_status_history: ['id', 'contract_id', 'company_id', 'from_status', 'to_status', 'changed_by', 'changed_at'],
  sessions: ['id', 'user_id', 'company_id', 'expires_at', 'created_at'],
  auth_failures: ['id', 'kind', 'subject', 'ip', 'failed_at'],
  notifications: ['user_id', 'attempts', 'locked_until', 'subject', 'message', 'read_at', 'resend_count', 'resent_at'],
  object_deletions: ['id', 'path', 'is_prefix', 'created_at'],
  email_outbox: ['id', 'notification_id', 'company_id', 'channel', 'recipient', 'subject', 'body', 'created_at'],
  board_counters: ['company_id', 'epoch', 'last_seq', 'acked_seq', 'updated_at'],
  board_events: ['id', 'company_id', 'seq', 'payload', 'created_at'],
  tallies: ['company_id', 'subject', 'bucket', 'car_type', 'items', 'amount'],
};

/** The seed's index list, except idx_users_email and idx_notification_settings_company_id (see README). */
const seedIndexes = [
  'idx_users_company_id', 'idx_cars_company_id', 'idx_customers_company_id', 'idx_contracts_company_id',
  'idx_cars_status', 'idx_cars_manufacturer', 'idx_cars_model', 'idx_customers_name', 'idx_customers_email',
  'idx_customers_phone', 'idx_contracts_status', 'idx_contracts_car_id', 'idx_contracts_customer_id',
  'idx_contracts_user_id', 'idx_contracts_created_at', 'idx_refresh_tokens_user_id', 'idx_refresh_tokens_expires_at',
  'idx_contract_documents_company_id', 'idx_contract_documents_contract_id', 'idx_contract_documents_is_draft',
  'idx_notifications_contract_id', 'idx_notifications_status', 'idx_notifications_scheduled_at',
  'idx_notifications_company_id', 'idx_audit_logs_table_record', 'idx_audit_logs_user_id', 'idx_audit_logs_company_id',
  'idx_audit_logs_created_at', 'idx_cars_company_status', 'idx_contracts_company_status', 'idx_customers_company_name',
];

async function columnsByTable() {
  const { rows } = await client.query<{ table_name: string; column_name: string }>(
    `select table_name, column_name from information_schema.columns where table_schema = 'public'`,
  );
  const map = new Map<string, Set<string>>();
  for (const r of rows) map.set(r.table_name, (map.get(r.table_name) ?? new Set()).add(r.column_name));
  return map;
}

async function enumValues(name: string): Promise<string[]> {
  const { rows } = await client.query<{ label: string }>(
    `select e.enumlabel as label from pg_enum e join pg_type t on t.oid = e.enumtypid where t.typname = $1 order by e.enumsortorder`,
    [name],
  );
  return rows.map((r) => r.label);
}

describe('schema after npm run db:migrate', () => {
  it('has every table and column of seed 000', async () => {
    const actual = await columnsByTable();
    for (const [table, columns] of Object.entries(seedColumns)) {
      expect([...(actual.get(table) ?? [])], table).toEqual(expect.arrayContaining(columns));
    }
  });

  it('has the documented extensions and nothing undocumented', async () => {
    const actual = await columnsByTable();
    for (const [table, columns] of Object.entries(extensionColumns)) {
      expect([...(actual.get(table) ?? [])], table).toEqual(expect.arrayContaining(columns));
    }
    for (const [table, columns] of actual) {
      const documented = [...(seedColumns[table] ?? []), ...(extensionColumns[table] ?? [])];
      expect([...columns].filter((c) => !documented.includes(c)), `undocumented columns in ${table}`).toEqual([]);
    }
  });

  it('has the seed enums with their exact values, 세종 added to regions', async () => {
    expect(await enumValues('CarStatus')).toEqual(['possession', 'contractProceeding', 'contractCompleted']);
    expect(await enumValues('Gender')).toEqual(['male', 'female']);
    expect(await enumValues('AgeGroup')).toEqual(['10대', '20대', '30대', '40대', '50대', '60대', '70대', '80대']);
    expect(await enumValues('Region')).toHaveLength(17);
    expect(await enumValues('Region')).toEqual(expect.arrayContaining(['서울', '세종', '제주', '광주']));
    expect(await enumValues('NotificationType')).toEqual(['meeting_reminder_yesterday', 'meeting_reminder_today', 'contract_status_update', 'document_upload']);
    expect(await enumValues('NotificationStatus')).toEqual(['pending', 'sent', 'delivered', 'failed']);
    expect(await enumValues('StageOutcome')).toEqual(['open', 'won', 'lost']);
    expect(await enumValues('UserRole')).toEqual(['staff', 'manager']);
  });

  it('has the seed indexes, including the composite ones', async () => {
    const { rows } = await client.query<{ indexname: string }>(`select indexname from pg_indexes where schemaname = 'public'`);
    const names = rows.map((r) => r.indexname);
    expect(names).toEqual(expect.arrayContaining(seedIndexes));
    expect(names).toEqual(expect.arrayContaining(['unique_employee_per_company', 'unique_car_per_company', 'users_email_unique']));
  });

  it('keeps the seed defaults', async () => {
    const { rows } = await client.query<{ key: string; column_default: string | null; is_nullable: string }>(
      `select table_name || '.' || column_name as key, column_default, is_nullable from information_schema.columns where table_schema = 'public'`,
    );
    const col = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(col['cars.status']!.column_default).toContain("'possession'");
    expect(col['cars.accident_count']!.column_default).toBe('0');
    expect(col['customers.memo']!.column_default).toBe("''::text");
    expect(col['contracts.meetings']!.column_default).toContain("'[]'");
    expect(col['notification_settings.default_alarm_hour']!.column_default).toBe('9');
    expect(col['notification_settings.sms_enabled']!.column_default).toBe('false');
    expect(col['contracts.user_id']!.is_nullable).toBe('YES');
    expect(col['customers.age_group']!.is_nullable).toBe('YES');
    expect(col['users.image_url']!.is_nullable).toBe('YES');
    expect(col['contracts.created_at']!.column_default).toBe('now()');
  });
});

describe('migrations', () => {
  it('are up to date with the Drizzle schema (a schema change without `npm run db:generate` fails here)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'drizzle-check-'));
    try {
      cpSync('drizzle', out, { recursive: true });
      // drizzle-kit prefixes "./" to --out, so it must be relative.
      const { stdout } = await run('npx', ['drizzle-kit', 'generate', '--dialect', 'postgresql', '--schema', 'src/db/schema/index.ts', '--out', relative(process.cwd(), out)], {
        timeout: 60_000,
      });
      expect(stdout).toContain('No schema changes');
      expect(readdirSync(out).filter((f) => f.endsWith('.sql'))).toEqual(readdirSync('drizzle').filter((f) => f.endsWith('.sql')));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('constraints that protect the data', () => {
  it('refuses a contract whose stage belongs to another company, and a duplicate car number within a company only', async () => {
    const q = (sql: string, params?: unknown[]) => client.query(sql, params);
    const { rows: [a] } = await q(`insert into companies (company_code, company_name) values ('A', 'A상사') returning id`);
    const { rows: [b] } = await q(`insert into companies (company_code, company_name) values ('B', 'B상사') returning id`);
    await q(`insert into pipeline_stages (company_id, key, label, position, outcome) values ($1, 'onlyInA', '가', 0, 'open')`, [a.id]);
    const { rows: [car] } = await q(
      `insert into cars (car_number, manufacturer, model, manufacturing_year, mileage, price, company_id) values ('12가3456','현대','아반떼',2020,1,1,$1) returning id`,
      [b.id],
    );
    // The same number in another company is fine; twice in one company is not.
    await q(`insert into cars (car_number, manufacturer, model, manufacturing_year, mileage, price, company_id) values ('12가3456','현대','아반떼',2020,1,1,$1)`, [a.id]);
    await expect(
      q(`insert into cars (car_number, manufacturer, model, manufacturing_year, mileage, price, company_id) values ('12가3456','기아','K5',2020,1,1,$1)`, [b.id]),
    ).rejects.toMatchObject({ code: '23505', constraint: 'unique_car_per_company' });
    const { rows: [customer] } = await q(
      `insert into customers (name, gender, phone_number, email, company_id) values ('김민준','male','010-1234-5678','m@example.com',$1) returning id`,
      [b.id],
    );
    await expect(
      q(`insert into contracts (status, stage_outcome, car_id, customer_id, company_id) values ('onlyInA', 'open', $1, $2, $3)`, [car.id, customer.id, b.id]),
    ).rejects.toMatchObject({ code: '23503', constraint: 'contracts_company_stage_fk' });
  });

  it('keeps a car on at most one active contract, and each contract’s outcome true to its stage', async () => {
    const q = (sql: string, params?: unknown[]) => client.query(sql, params);
    const { rows: [co] } = await q(`insert into companies (company_code, company_name) values ('C', 'C상사') returning id`);
    await q(
      `insert into pipeline_stages (company_id, key, label, position, outcome) values ($1, 'talk', '상담', 0, 'open'), ($1, 'sold', '완료', 1, 'won'), ($1, 'gone', '실패', 2, 'lost')`,
      [co.id],
    );
    const { rows: [car] } = await q(
      `insert into cars (car_number, manufacturer, model, manufacturing_year, mileage, price, company_id) values ('99나9999','현대','아반떼',2020,1,1,$1) returning id`,
      [co.id],
    );
    const { rows: [customer] } = await q(
      `insert into customers (name, gender, phone_number, email, company_id) values ('이서연','female','010-2222-3333','s@example.com',$1) returning id`,
      [co.id],
    );
    const contract = (status: string, outcome: string) =>
      q(`insert into contracts (status, stage_outcome, car_id, customer_id, company_id) values ($1, $2, $3, $4, $5) returning id`, [status, outcome, car.id, customer.id, co.id]);
    // A lost deal gave its car back: any number of them may name the car, but only one open or won contract.
    await contract('gone', 'lost');
    await contract('gone', 'lost');
    // The outcome copy cannot lie about its stage.
    await expect(contract('gone', 'open')).rejects.toMatchObject({ code: '23503', constraint: 'contracts_company_stage_fk' });
    const { rows: [open] } = await contract('talk', 'open');
    await expect(contract('sold', 'won')).rejects.toMatchObject({ code: '23505', constraint: 'one_active_contract_per_car' });
    await expect(contract('talk', 'open')).rejects.toMatchObject({ code: '23505', constraint: 'one_active_contract_per_car' });
    await expect(q(`update contracts set stage_outcome = 'lost' where id = $1`, [open.id])).rejects.toMatchObject({ code: '23503' });
    // Renaming a stage carries its contracts along.
    await q(`update pipeline_stages set key = 'talking' where company_id = $1 and key = 'talk'`, [co.id]);
    expect((await q(`select status, stage_outcome from contracts where id = $1`, [open.id])).rows[0]).toEqual({ status: 'talking', stage_outcome: 'open' });
  });
});
