// What `npm run dev` seeds the first time: realistic demo data a person can sign in to and look at.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../scripts/database';
import { verifyPassword } from '../../src/auth/password';
import { DEMO_PASSWORD } from '../../scripts/seed/demo';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

describe('demo seed', () => {
  it('seeds once: a second run leaves the data as it was', async () => {
    expect(await seedDatabase(db.url, { demo: true })).toEqual({ demoSeeded: true });
    const before = await db.query('select count(*)::int as n from contracts');
    expect(await seedDatabase(db.url, { demo: true })).toEqual({ demoSeeded: false });
    expect(await db.query('select count(*)::int as n from contracts')).toEqual(before);
  });

  it('has two companies, one on each pipeline preset, with salespeople, a manager each and one service administrator', async () => {
    const rows = await db.query<{ company_code: string; stages: number; admins: number; staff: number; managers: string[] }>(`
      select c.company_code,
        (select count(*)::int from pipeline_stages s where s.company_id = c.id) as stages,
        (select count(*)::int from users u where u.company_id = c.id and u.is_admin) as admins,
        (select count(*)::int from users u where u.company_id = c.id and not u.is_admin) as staff,
        (select array_agg(email order by email) from users u where u.company_id = c.id and u.role = 'manager') as managers
      from companies c order by c.id`);
    expect(rows).toEqual([
      { company_code: 'GANGNAM', stages: 7, admins: 1, staff: 3, managers: ['manager.jung@carmate.example.com'] },
      { company_code: 'BUSAN', stages: 5, admins: 0, staff: 3, managers: ['manager.han@carmate.example.com', 'manager.park@carmate.example.com'] },
    ]);
  });

  it('has only logins the web client’s sign-in form accepts', async () => {
    // The web client's own rule (its sign-in form): a 2–4-letter top-level domain.
    const webClientEmail = /^[\w-\.]+@([\w-]+\.)+[\w-]{2,4}$/;
    const users = await db.query<{ email: string }>('select email from users');
    for (const { email } of users) expect(email, email).toMatch(webClientEmail);
  });

  it('lets every demo account sign in with the documented password', async () => {
    const users = await db.query<{ email: string; password_hash: string }>('select email, password_hash from users');
    expect(users.length).toBeGreaterThanOrEqual(6);
    for (const user of users) {
      expect(user.password_hash).toMatch(/^pbkdf2-sha256\$100000\$/);
      expect(await verifyPassword(DEMO_PASSWORD, user.password_hash), user.email).toBe(true);
      expect(await verifyPassword('wrong-password1', user.password_hash)).toBe(false);
    }
  });

  it('puts contracts in every stage, with meetings, and car statuses that match the stage outcome', async () => {
    const rows = await db.query<{ status: string; outcome: string; car_status: string; meetings: unknown[] }>(`
      select k.status, s.outcome, car.status as car_status, k.meetings from contracts k
      join pipeline_stages s on s.company_id = k.company_id and s.key = k.status
      join cars car on car.id = k.car_id`);
    expect(new Set(rows.map((r) => r.status)).size).toBe(12);
    for (const row of rows) {
      expect(row.meetings.length).toBeGreaterThan(0);
      expect(row.car_status).toBe({ open: 'contractProceeding', won: 'contractCompleted', lost: 'possession' }[row.outcome]);
    }
  });

  it('has every manufacturer and model of the official sample CSV in the catalogue, each with a type', async () => {
    const sample = readFileSync(new URL('../fixtures/sample-cars.csv', import.meta.url), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',').slice(1, 3));
    expect(sample.length).toBeGreaterThan(0);
    for (const [manufacturer, model] of sample) {
      const found = await db.query<{ type: string }>('select type from car_models where manufacturer = $1 and model = $2', [manufacturer, model]);
      expect(found, `${manufacturer} ${model}`).toHaveLength(1);
      expect(found[0]!.type).toBeTruthy();
    }
    const makers = await db.query<{ manufacturer: string }>('select distinct manufacturer from car_models');
    expect(makers.map((m) => m.manufacturer)).toEqual(expect.arrayContaining(['현대', '기아', '제네시스', '쉐보레', '르노코리아', 'KG모빌리티']));
  });
});
