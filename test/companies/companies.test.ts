import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, createCompany, createUser, jsonRequest, tenantWithAdmin } from '../support/accounts';
import { readJson } from '../support/http';

const ctx = useApi();

describe('GET /companies (administrators)', () => {
  it('pages companies newest first with their user counts, in the client’s pagination shape', async () => {
    const { adminToken } = await tenantWithAdmin(ctx.api, ctx.db);
    const made = [];
    for (let i = 0; i < 10; i++) made.push(await createCompany(ctx.db, { name: `페이지상사${i}`, code: `PAGE${i}` }));
    await createUser(ctx.db, made[9]!.id);
    await createUser(ctx.db, made[9]!.id);

    const first = await readJson(await ctx.api.fetch('/companies?page=1&pageSize=8&searchBy=companyName&keyword=', { headers: bearer(adminToken) }));
    const total = (await ctx.db.query<{ n: number }>('select count(*)::int as n from companies'))[0]!.n;
    expect(first).toMatchObject({ currentPage: 1, totalItemCount: total, totalPages: Math.ceil(total / 8) });
    expect(first.data).toHaveLength(8);
    expect(first.data[0]).toEqual({ id: made[9]!.id, companyName: '페이지상사9', companyCode: 'PAGE9', userCount: 2 });

    const last = await readJson(await ctx.api.fetch(`/companies?page=${Math.ceil(total / 8)}&pageSize=8&searchBy=companyName&keyword=`, { headers: bearer(adminToken) }));
    expect(last.data.length).toBe(total - 8 * (Math.ceil(total / 8) - 1));
    const beyond = await readJson(await ctx.api.fetch('/companies?page=99&pageSize=8', { headers: bearer(adminToken) }));
    expect(beyond).toMatchObject({ currentPage: 99, totalItemCount: total, data: [] });
  });

  it('searches by company name or code; keywords are literal, not patterns', async () => {
    const { adminToken } = await tenantWithAdmin(ctx.api, ctx.db);
    await createCompany(ctx.db, { name: '검색모터스 강남', code: 'FIND-1' });
    await createCompany(ctx.db, { name: '다른곳', code: 'FIND-2' });
    const byName = await readJson(await ctx.api.fetch(`/companies?searchBy=companyName&keyword=${encodeURIComponent('검색모터스')}`, { headers: bearer(adminToken) }));
    expect(byName.data.map((c: { companyCode: string }) => c.companyCode)).toEqual(['FIND-1']);
    const byCode = await readJson(await ctx.api.fetch('/companies?searchBy=companyCode&keyword=find-', { headers: bearer(adminToken) }));
    expect(byCode.data.map((c: { companyCode: string }) => c.companyCode).sort()).toEqual(['FIND-1', 'FIND-2']);
    const wildcard = await readJson(await ctx.api.fetch('/companies?searchBy=companyCode&keyword=%25', { headers: bearer(adminToken) }));
    expect(wildcard.totalItemCount).toBe(0);
  });

  it('answers 400 for an unknown searchBy or a page below 1', async () => {
    const { adminToken } = await tenantWithAdmin(ctx.api, ctx.db);
    expect((await ctx.api.fetch('/companies?searchBy=password', { headers: bearer(adminToken) })).status).toBe(400);
    expect((await ctx.api.fetch('/companies?page=0', { headers: bearer(adminToken) })).status).toBe(400);
  });

  it('answers 403 to staff and 401 without a token', async () => {
    const { staffToken } = await tenantWithAdmin(ctx.api, ctx.db);
    expect((await ctx.api.fetch('/companies', { headers: bearer(staffToken) })).status).toBe(403);
    expect((await ctx.api.fetch('/companies')).status).toBe(401);
  });
});

describe('POST /companies', () => {
  it('creates a company with the requested board and notification settings', async () => {
    const { adminToken } = await tenantWithAdmin(ctx.api, ctx.db);
    const res = await ctx.api.fetch('/companies', jsonRequest('POST', { companyName: '카메이트 대구점', companyCode: 'DAEGU', pipelinePreset: 'classic' }, adminToken));
    expect(res.status).toBe(201);
    const company = await readJson(res);
    expect(company).toMatchObject({ companyName: '카메이트 대구점', companyCode: 'DAEGU', userCount: 0 });
    const stages = await ctx.db.query<{ key: string; outcome: string }>('select key, outcome from pipeline_stages where company_id = $1 order by position', [company.id]);
    expect(stages.map((s) => s.key)).toEqual(['carInspection', 'priceNegotiation', 'contractDraft', 'contractSuccessful', 'contractFailed']);
    expect(await ctx.db.query('select email_enabled from notification_settings where company_id = $1', [company.id])).toEqual([{ email_enabled: true }]);
  });

  it('uses DEFAULT_PIPELINE_PRESET (standard) when no preset is given', async () => {
    const { adminToken } = await tenantWithAdmin(ctx.api, ctx.db);
    const company = await readJson(await ctx.api.fetch('/companies', jsonRequest('POST', { companyName: '기본보드', companyCode: 'DEFAULT-BOARD' }, adminToken)));
    const stages = await ctx.db.query<{ key: string }>('select key from pipeline_stages where company_id = $1 order by position', [company.id]);
    expect(stages).toHaveLength(7);
    expect(stages[0]!.key).toBe('contactReceived');
    expect(stages[6]!.key).toBe('contractCompleted');
  });

  it('answers 409 for a taken code and 400 for missing fields or an unknown preset, writing nothing', async () => {
    const { adminToken, company } = await tenantWithAdmin(ctx.api, ctx.db);
    const count = async () => (await ctx.db.query<{ n: number }>('select count(*)::int as n from companies'))[0]!.n;
    const before = await count();
    const dup = await ctx.api.fetch('/companies', jsonRequest('POST', { companyName: 'x', companyCode: company.code }, adminToken));
    expect(dup.status).toBe(409);
    expect((await readJson(dup)).message).toBe('이미 사용 중인 회사 코드입니다');
    expect((await ctx.api.fetch('/companies', jsonRequest('POST', { companyName: 'x' }, adminToken))).status).toBe(400);
    expect((await ctx.api.fetch('/companies', jsonRequest('POST', { companyName: 'x', companyCode: 'Y', pipelinePreset: 'kanban' }, adminToken))).status).toBe(400);
    expect(await count()).toBe(before);
  });

  it('answers 403 to staff', async () => {
    const { staffToken } = await tenantWithAdmin(ctx.api, ctx.db);
    expect((await ctx.api.fetch('/companies', jsonRequest('POST', { companyName: 'x', companyCode: 'STAFF' }, staffToken))).status).toBe(403);
  });
});

describe('PATCH /companies/{id}', () => {
  it('renames a company and changes its code', async () => {
    const { adminToken } = await tenantWithAdmin(ctx.api, ctx.db);
    const target = await createCompany(ctx.db);
    await createUser(ctx.db, target.id);
    const res = await ctx.api.fetch(`/companies/${target.id}`, jsonRequest('PATCH', { companyName: '새이름', companyCode: 'NEW-CODE' }, adminToken));
    expect(res.status).toBe(200);
    expect(await readJson(res)).toEqual({ id: target.id, companyName: '새이름', companyCode: 'NEW-CODE', userCount: 1 });
  });

  it('answers 404 for no such company, 409 for a taken code, 400 for a bad id, 403 to staff', async () => {
    const { adminToken, staffToken, company } = await tenantWithAdmin(ctx.api, ctx.db);
    const other = await createCompany(ctx.db);
    expect((await ctx.api.fetch('/companies/999999', jsonRequest('PATCH', { companyName: 'x' }, adminToken))).status).toBe(404);
    expect((await ctx.api.fetch(`/companies/${other.id}`, jsonRequest('PATCH', { companyCode: company.code }, adminToken))).status).toBe(409);
    expect((await ctx.api.fetch('/companies/abc', jsonRequest('PATCH', { companyName: 'x' }, adminToken))).status).toBe(400);
    expect((await ctx.api.fetch(`/companies/${other.id}`, jsonRequest('PATCH', { companyName: 'x' }, staffToken))).status).toBe(403);
  });
});

describe('DELETE /companies/{id}', () => {
  it('deletes a company with everything it owns, contracts included', async () => {
    const { adminToken } = await tenantWithAdmin(ctx.api, ctx.db);
    const target = await createCompany(ctx.db, { preset: 'classic' });
    const user = await createUser(ctx.db, target.id);
    const [car] = await ctx.db.query<{ id: number }>(
      `insert into cars (car_number, manufacturer, model, manufacturing_year, mileage, price, company_id) values ('11가1111','현대','아반떼',2020,1,1,$1) returning id`,
      [target.id],
    );
    const [customer] = await ctx.db.query<{ id: number }>(
      `insert into customers (name, gender, phone_number, email, company_id) values ('고객','male','010-1111-1111','c@example.com',$1) returning id`,
      [target.id],
    );
    await ctx.db.query(`insert into contracts (status, stage_outcome, car_id, customer_id, user_id, company_id) values ('carInspection', 'open', $1, $2, $3, $4)`, [car!.id, customer!.id, user.id, target.id]);

    const res = await ctx.api.fetch(`/companies/${target.id}`, { method: 'DELETE', headers: bearer(adminToken) });
    expect(res.status).toBe(204);
    for (const table of ['companies', 'users', 'cars', 'customers', 'contracts', 'pipeline_stages']) {
      const column = table === 'companies' ? 'id' : 'company_id';
      expect(await ctx.db.query(`select 1 from ${table} where ${column} = $1`, [target.id]), table).toEqual([]);
    }
  });

  it('answers 409 for the administrator’s own company, 404 for no such company, 403 to staff', async () => {
    const { adminToken, staffToken, company } = await tenantWithAdmin(ctx.api, ctx.db);
    const other = await createCompany(ctx.db);
    expect((await ctx.api.fetch(`/companies/${company.id}`, { method: 'DELETE', headers: bearer(adminToken) })).status).toBe(409);
    expect((await ctx.api.fetch('/companies/999999', { method: 'DELETE', headers: bearer(adminToken) })).status).toBe(404);
    expect((await ctx.api.fetch(`/companies/${other.id}`, { method: 'DELETE', headers: bearer(staffToken) })).status).toBe(403);
    expect(await ctx.db.query('select 1 from companies where id = $1', [other.id])).toHaveLength(1);
  });
});
