import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, jsonRequest, salesperson } from '../support/accounts';
import { readJson } from '../support/http';

const ctx = useApi();

/** What the web client's customer form posts (contract §1.6): unpicked selects are JSON null. */
const customerBody = (overrides: Record<string, unknown> = {}) => ({
  name: '김민준',
  gender: 'male',
  phoneNumber: '010-1234-5678',
  ageGroup: null,
  region: null,
  email: `c${Math.random().toString(36).slice(2, 10)}@example.com`,
  memo: '',
  ...overrides,
});

async function createCustomer(token: string, overrides: Record<string, unknown> = {}) {
  const res = await ctx.api.fetch('/customers', jsonRequest('POST', customerBody(overrides), token));
  expect(res.status).toBe(201);
  return readJson(res);
}

async function addContract(companyId: number, userId: number, customerId: number) {
  const [car] = await ctx.db.query<{ id: number }>(
    `insert into cars (car_number, manufacturer, model, manufacturing_year, mileage, price, company_id)
     values ($1,'현대','아반떼',2020,1,1,$2) returning id`,
    [`C${Math.random().toString(36).slice(2, 8)}`, companyId],
  );
  await ctx.db.query(`insert into contracts (status, stage_outcome, car_id, customer_id, user_id, company_id) values ('carInspection','open',$1,$2,$3,$4)`, [car!.id, customerId, userId, companyId]);
}

describe('POST /customers', () => {
  it('registers a customer with null age group and region, and a contract count of 0', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const customer = await createCustomer(token, { email: 'Minjun.Kim@Example.com' });
    expect(customer).toMatchObject({ name: '김민준', gender: 'male', ageGroup: null, region: null, email: 'minjun.kim@example.com', memo: '', contractCount: 0 });
  });

  it('accepts all 17 regions, 세종 included, and every age group', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const regions = ['서울', '경기', '인천', '강원', '충북', '충남', '세종', '대전', '전북', '전남', '광주', '경북', '경남', '대구', '울산', '부산', '제주'];
    for (const [i, region] of regions.entries()) {
      const ageGroup = `${((i % 8) + 1) * 10}대`;
      expect(await createCustomer(token, { region, ageGroup })).toMatchObject({ region, ageGroup });
    }
  });

  it('answers 409 for an email already registered in the company, not in another company', async () => {
    const a = await salesperson(ctx.api, ctx.db);
    const b = await salesperson(ctx.api, ctx.db);
    await createCustomer(a.token, { email: 'same@example.com' });
    const dup = await ctx.api.fetch('/customers', jsonRequest('POST', customerBody({ email: 'SAME@example.com' }), a.token));
    expect(dup.status).toBe(409);
    expect((await readJson(dup)).message).toBe('이미 등록된 고객 이메일입니다');
    await createCustomer(b.token, { email: 'same@example.com' });
  });

  it.each([
    ['an unknown gender', { gender: 'other' }],
    ['an unknown region', { region: '평양' }],
    ['an age group in the sheet’s range form', { ageGroup: '30-40' }],
    ['a malformed phone number', { phoneNumber: '1234' }],
    ['a missing email', { email: '' }],
    ['a blank name', { name: ' ' }],
  ])('answers 400 for %s, writing nothing', async (_, overrides) => {
    const { company, token } = await salesperson(ctx.api, ctx.db);
    expect((await ctx.api.fetch('/customers', jsonRequest('POST', customerBody(overrides), token))).status).toBe(400);
    expect(await ctx.db.query('select 1 from customers where company_id = $1', [company.id])).toEqual([]);
  });

  it('answers 401 without a token', async () => {
    expect((await ctx.api.fetch('/customers', jsonRequest('POST', customerBody()))).status).toBe(401);
  });
});

describe('GET /customers', () => {
  it('pages the caller’s customers with contract counts, searchable by name and email', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const other = await salesperson(ctx.api, ctx.db);
    const made = [];
    for (let i = 0; i < 9; i++) made.push(await createCustomer(me.token, { name: i === 4 ? '이서연' : `고객${i}`, email: `list${i}@example.com` }));
    await createCustomer(other.token, { name: '이서연', email: 'list4@example.com' });
    await addContract(me.company.id, me.user.id, made[4].id);
    await addContract(me.company.id, me.user.id, made[4].id);

    const get = async (query: string) => readJson(await ctx.api.fetch(`/customers?${query}`, { headers: bearer(me.token) }));
    const first = await get('page=1&pageSize=8&searchBy=name&keyword=');
    expect(first).toMatchObject({ currentPage: 1, totalPages: 2, totalItemCount: 9 });
    expect(first.data[0].id).toBe(made[8].id);
    const byName = await get(`searchBy=name&keyword=${encodeURIComponent('서연')}`);
    expect(byName.data).toEqual([expect.objectContaining({ id: made[4].id, contractCount: 2 })]);
    expect((await get('searchBy=email&keyword=LIST1')).data.map((c: { id: number }) => c.id)).toEqual([made[1].id]);
  });

  it('answers 400 for an unknown searchBy and 401 without a token', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    expect((await ctx.api.fetch('/customers?searchBy=phone', { headers: bearer(token) })).status).toBe(400);
    expect((await ctx.api.fetch('/customers')).status).toBe(401);
  });
});

describe('GET /customers/{id}', () => {
  it('returns the customer, and 404 for another company’s customer', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const other = await salesperson(ctx.api, ctx.db);
    const mine = await createCustomer(me.token);
    const theirs = await createCustomer(other.token);
    expect(await readJson(await ctx.api.fetch(`/customers/${mine.id}`, { headers: bearer(me.token) }))).toEqual(mine);
    const res = await ctx.api.fetch(`/customers/${theirs.id}`, { headers: bearer(me.token) });
    expect(res.status).toBe(404);
    expect(JSON.stringify(await readJson(res))).not.toContain(theirs.email);
  });
});

describe('PATCH /customers/{id}', () => {
  it('accepts the customer object the client sends back, with contractCount and other extras', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const customer = await createCustomer(token);
    const { id: _id, contractCount: _count, ...rest } = customer;
    const res = await ctx.api.fetch(`/customers/${customer.id}`, jsonRequest('PATCH', {
      ...rest, contractCount: 7, region: '세종', ageGroup: '40대', memo: null, createdAt: '2026-01-01', companyId: 1,
    }, token));
    expect(res.status).toBe(200);
    expect(await readJson(res)).toMatchObject({ id: customer.id, region: '세종', ageGroup: '40대', memo: '', contractCount: 0 });
  });

  it('clears age group and region with null', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const customer = await createCustomer(token, { region: '부산', ageGroup: '20대' });
    const res = await ctx.api.fetch(`/customers/${customer.id}`, jsonRequest('PATCH', { region: null, ageGroup: null }, token));
    expect(await readJson(res)).toMatchObject({ region: null, ageGroup: null });
  });

  it('answers 404 for another company’s customer and 409 for a taken email, changing nothing', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const other = await salesperson(ctx.api, ctx.db);
    const theirs = await createCustomer(other.token);
    const a = await createCustomer(me.token);
    const b = await createCustomer(me.token);
    expect((await ctx.api.fetch(`/customers/${theirs.id}`, jsonRequest('PATCH', { name: '탈취' }, me.token))).status).toBe(404);
    expect((await ctx.api.fetch(`/customers/${a.id}`, jsonRequest('PATCH', { email: b.email }, me.token))).status).toBe(409);
    expect((await ctx.db.query<{ name: string }>('select name from customers where id = $1', [theirs.id]))[0]!.name).toBe('김민준');
  });

  it('answers 400 for invalid fields and 401 without a token', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const customer = await createCustomer(token);
    expect((await ctx.api.fetch(`/customers/${customer.id}`, jsonRequest('PATCH', { gender: 'x' }, token))).status).toBe(400);
    expect((await ctx.api.fetch(`/customers/${customer.id}`, jsonRequest('PATCH', { name: 'x' }))).status).toBe(401);
  });
});

describe('DELETE /customers/{id}', () => {
  it('deletes a customer without contracts; 409 with contracts; 404 for another company’s', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const other = await salesperson(ctx.api, ctx.db);
    const free = await createCustomer(me.token);
    const busy = await createCustomer(me.token);
    const theirs = await createCustomer(other.token);
    await addContract(me.company.id, me.user.id, busy.id);
    expect((await ctx.api.fetch(`/customers/${free.id}`, { method: 'DELETE', headers: bearer(me.token) })).status).toBe(204);
    const blocked = await ctx.api.fetch(`/customers/${busy.id}`, { method: 'DELETE', headers: bearer(me.token) });
    expect(blocked.status).toBe(409);
    expect((await readJson(blocked)).message).toMatch(/계약이 있는 고객/);
    expect((await ctx.api.fetch(`/customers/${theirs.id}`, { method: 'DELETE', headers: bearer(me.token) })).status).toBe(404);
    expect(await ctx.db.query('select id from customers where id = any($1) order by id', [[free.id, busy.id, theirs.id]])).toHaveLength(2);
    expect((await ctx.api.fetch(`/customers/${free.id}`, { method: 'DELETE' })).status).toBe(401);
  });
});
