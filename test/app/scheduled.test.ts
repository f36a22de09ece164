import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';

const ctx = useApi();

describe('Cron Trigger', () => {
  it('removes expired sessions, refresh tokens and day-old failed attempts, keeps the rest, and is safe to fire twice', async () => {
    const [company] = await ctx.db.query<{ id: number }>(`insert into companies (company_code, company_name) values ('CRON', '크론 상사') returning id`);
    const [user] = await ctx.db.query<{ id: number }>(
      `insert into users (name, email, password_hash, employee_number, phone_number, company_id)
       values ('김영업', 'cron@example.com', 'x', 'E1', '010-1111-2222', $1) returning id`,
      [company!.id],
    );
    await ctx.db.query(
      `insert into sessions (id, user_id, company_id, expires_at) values
        ('00000000-0000-4000-8000-000000000001', $1, $2, now() - interval '1 minute'),
        ('00000000-0000-4000-8000-000000000002', $1, $2, now() + interval '7 days')`,
      [user!.id, company!.id],
    );
    await ctx.db.query(
      `insert into refresh_tokens (token, user_id, company_id, expires_at, family_id) values
        ('expired', $1, $2, now() - interval '1 minute', '00000000-0000-4000-8000-000000000001'),
        ('expired-of-live-session', $1, $2, now() - interval '1 minute', '00000000-0000-4000-8000-000000000002'),
        ('live', $1, $2, now() + interval '7 days', '00000000-0000-4000-8000-000000000002')`,
      [user!.id, company!.id],
    );
    await ctx.db.query(`insert into auth_failures (kind, subject, ip, failed_at) values
      ('login', 'old@example.com', '1.1.1.1', now() - interval '2 days'), ('signup', '새 상사', '1.1.1.1', now())`);
    await ctx.api.scheduled();
    await ctx.api.scheduled();
    const left = await ctx.db.query<{ token: string }>('select token from refresh_tokens');
    expect(left.map((r) => r.token)).toEqual(['live']);
    expect(await ctx.db.query('select id from sessions')).toEqual([{ id: '00000000-0000-4000-8000-000000000002' }]);
    expect(await ctx.db.query('select subject from auth_failures')).toEqual([{ subject: '새 상사' }]);
  });
});
