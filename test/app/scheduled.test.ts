import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startWorker, type TestWorker } from '../support/worker';

let db: TestDatabase;
let api: TestWorker;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startWorker({ databaseUrl: db.url });
});

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

describe('Cron Trigger', () => {
  it('removes expired refresh tokens and keeps live ones, and is safe to fire twice', async () => {
    const [company] = await db.query<{ id: number }>(`insert into companies (company_code, company_name) values ('CRON', '크론 상사') returning id`);
    const [user] = await db.query<{ id: number }>(
      `insert into users (name, email, password_hash, employee_number, phone_number, company_id)
       values ('김영업', 'cron@example.com', 'x', 'E1', '010-1111-2222', $1) returning id`,
      [company!.id],
    );
    await db.query(
      `insert into refresh_tokens (token, user_id, company_id, expires_at, family_id) values
        ('expired', $1, $2, now() - interval '1 minute', gen_random_uuid()),
        ('live', $1, $2, now() + interval '7 days', gen_random_uuid())`,
      [user!.id, company!.id],
    );
    await api.scheduled();
    await api.scheduled();
    const left = await db.query<{ token: string }>('select token from refresh_tokens');
    expect(left.map((r) => r.token)).toEqual(['live']);
  });
});
