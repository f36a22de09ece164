// Every create, update and delete of cars and customers leaves an audit record, written with the change.
import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, jsonRequest, salesperson, uploadFile } from '../support/accounts';
import { readJson } from '../support/http';

const ctx = useApi();

type AuditRow = { table_name: string; record_id: number; action: string; old_data: Record<string, unknown> | null; new_data: Record<string, unknown> | null; user_id: number; company_id: number };
const auditOf = (table: string, id: number) =>
  ctx.db.query<AuditRow>('select * from audit_logs where table_name = $1 and record_id = $2 order by id', [table, id]);

describe('audit log', () => {
  it('records a car’s creation, edit and deletion with old and new data and who did it', async () => {
    const { company, user, token } = await salesperson(ctx.api, ctx.db);
    const car = await readJson(await ctx.api.fetch('/cars', jsonRequest('POST', {
      carNumber: '55감5555', manufacturer: '기아', model: 'K5', manufacturingYear: 2020, mileage: 1, price: 100, accidentCount: 0, explanation: '', accidentDetails: '',
    }, token)));
    await ctx.api.fetch(`/cars/${car.id}`, jsonRequest('PATCH', { price: 200 }, token));
    await ctx.api.fetch(`/cars/${car.id}`, { method: 'DELETE', headers: bearer(token) });

    const rows = await auditOf('cars', car.id);
    expect(rows.map((r) => r.action)).toEqual(['CREATE', 'UPDATE', 'DELETE']);
    expect(rows.every((r) => r.user_id === user.id && r.company_id === company.id)).toBe(true);
    expect(rows[0]!.new_data).toMatchObject({ car_number: '55감5555', price: 100 });
    expect(rows[1]!.old_data).toMatchObject({ price: 100 });
    expect(rows[1]!.new_data).toMatchObject({ price: 200 });
    expect(rows[2]!.old_data).toMatchObject({ price: 200 });
    expect(rows[2]!.new_data).toBeNull();
  });

  it('records customers, including each one imported from a sheet, and nothing for refused changes', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const res = await uploadFile(ctx.api, '/customers/upload', token, 'name,email,gender,phoneNumber\n가,a1@example.com,male,010-1111-2222\n나,a2@example.com,female,010-1111-3333\n');
    expect((await readJson(res)).successCount).toBe(2);
    const [imported] = await ctx.db.query<{ id: number }>(`select id from customers where email = 'a1@example.com'`);
    expect((await auditOf('customers', imported!.id)).map((r) => r.action)).toEqual(['CREATE']);

    const before = (await ctx.db.query<{ n: number }>('select count(*)::int as n from audit_logs'))[0]!.n;
    expect((await ctx.api.fetch(`/customers/${imported!.id}`, jsonRequest('PATCH', { email: 'a2@example.com' }, token))).status).toBe(409);
    expect((await ctx.api.fetch('/customers/999999', jsonRequest('PATCH', { name: 'x' }, token))).status).toBe(404);
    expect((await ctx.db.query<{ n: number }>('select count(*)::int as n from audit_logs'))[0]!.n).toBe(before);
  });
});
