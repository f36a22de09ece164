import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, createCompany, createUser, tenantWithAdmin } from '../support/accounts';
import { readJson } from '../support/http';

const ctx = useApi();

describe('GET /companies/users (administrators)', () => {
  it('lists users of every company with their company name, searchable by company name, name and email', async () => {
    const { adminToken } = await tenantWithAdmin(ctx.api, ctx.db);
    const company = await createCompany(ctx.db, { name: '목록모터스' });
    const user = await createUser(ctx.db, company.id, { name: '최수아', email: 'sua.list@example.com', employeeNumber: 'L-1' });
    await createUser(ctx.db, company.id, { name: '정도윤', email: 'doyoon.list@example.com' });

    const get = async (query: string) => readJson(await ctx.api.fetch(`/companies/users?${query}`, { headers: bearer(adminToken) }));
    const byCompany = await get(`page=1&pageSize=8&searchBy=companyName&keyword=${encodeURIComponent('목록모터스')}`);
    expect(byCompany.totalItemCount).toBe(2);
    expect(byCompany.data[1]).toEqual({
      id: user.id, name: '최수아', email: 'sua.list@example.com', employeeNumber: 'L-1', role: 'staff', phoneNumber: '010-1234-5678', company: { companyName: '목록모터스' },
    });
    expect((await get(`searchBy=name&keyword=${encodeURIComponent('최수')}`)).data.map((u: { id: number }) => u.id)).toEqual([user.id]);
    expect((await get('searchBy=email&keyword=DOYOON.LIST')).totalItemCount).toBe(1);
    const all = await get('page=1&pageSize=2&searchBy=companyName&keyword=');
    expect(all.data).toHaveLength(2);
    expect(all.totalPages).toBe(Math.ceil(all.totalItemCount / 2));
  });

  it('answers 403 to staff, 401 without a token, 400 for an unknown searchBy', async () => {
    const { staffToken, adminToken } = await tenantWithAdmin(ctx.api, ctx.db);
    expect((await ctx.api.fetch('/companies/users', { headers: bearer(staffToken) })).status).toBe(403);
    expect((await ctx.api.fetch('/companies/users')).status).toBe(401);
    expect((await ctx.api.fetch('/companies/users?searchBy=password_hash', { headers: bearer(adminToken) })).status).toBe(400);
  });
});

describe('DELETE /users/{id} (administrators)', () => {
  it('deletes a user of any company; their contracts stay, without an owner', async () => {
    const { adminToken } = await tenantWithAdmin(ctx.api, ctx.db);
    const company = await createCompany(ctx.db);
    const user = await createUser(ctx.db, company.id);
    const res = await ctx.api.fetch(`/users/${user.id}`, { method: 'DELETE', headers: bearer(adminToken) });
    expect(res.status).toBe(204);
    expect(await ctx.db.query('select 1 from users where id = $1', [user.id])).toEqual([]);
  });

  it('answers 404 for no such user, 409 for the caller themself, 400 for a bad id', async () => {
    const { adminToken, admin } = await tenantWithAdmin(ctx.api, ctx.db);
    expect((await ctx.api.fetch('/users/999999', { method: 'DELETE', headers: bearer(adminToken) })).status).toBe(404);
    expect((await ctx.api.fetch(`/users/${admin.id}`, { method: 'DELETE', headers: bearer(adminToken) })).status).toBe(409);
    expect((await ctx.api.fetch('/users/abc', { method: 'DELETE', headers: bearer(adminToken) })).status).toBe(400);
  });

  it('answers 403 to staff, even for a colleague, and deletes nothing', async () => {
    const { staffToken, company } = await tenantWithAdmin(ctx.api, ctx.db);
    const colleague = await createUser(ctx.db, company.id);
    const other = await createUser(ctx.db, (await createCompany(ctx.db)).id);
    for (const id of [colleague.id, other.id]) {
      expect((await ctx.api.fetch(`/users/${id}`, { method: 'DELETE', headers: bearer(staffToken) })).status).toBe(403);
    }
    expect(await ctx.db.query('select id from users where id = any($1)', [[colleague.id, other.id]])).toHaveLength(2);
  });
});
