import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, jsonRequest, salesperson } from '../support/accounts';
import { readJson } from '../support/http';

const ctx = useApi();

/** What the web client's car form posts (contract §1.5). */
const carBody = (overrides: Record<string, unknown> = {}) => ({
  carNumber: `${10 + Math.floor(Math.random() * 89)}가${1000 + Math.floor(Math.random() * 8999)}`,
  manufacturer: '현대',
  model: '아반떼',
  manufacturingYear: 2018,
  mileage: 50000,
  price: 25000000,
  accidentCount: 0,
  explanation: '매우 깨끗한 상태입니다.',
  accidentDetails: '',
  ...overrides,
});

async function createCar(token: string, overrides: Record<string, unknown> = {}) {
  const res = await ctx.api.fetch('/cars', jsonRequest('POST', carBody(overrides), token));
  expect(res.status).toBe(201);
  return readJson(res);
}

describe('GET /cars/models', () => {
  it('lists the catalogue by manufacturer, including every model of the sample sheet', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const res = await ctx.api.fetch('/cars/models', { headers: bearer(token) });
    expect(res.status).toBe(200);
    const { data } = await readJson(res);
    const models = Object.fromEntries(data.map((d: { manufacturer: string; model: string[] }) => [d.manufacturer, d.model]));
    expect(models['현대']).toEqual(expect.arrayContaining(['아반떼', '그랜저']));
    expect(models['기아']).toEqual(expect.arrayContaining(['K5', '쏘렌토']));
    expect(models['쉐보레']).toContain('스파크');
    expect(Object.keys(models)).toEqual(expect.arrayContaining(['제네시스', '르노코리아', 'KG모빌리티', 'BMW', '벤츠']));
  });

  it('answers 401 without a token', async () => {
    expect((await ctx.api.fetch('/cars/models')).status).toBe(401);
  });
});

describe('POST /cars', () => {
  it('registers a car in possession, with its type from the catalogue and numbers as numbers', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const car = await createCar(token, { carNumber: '12가 3456', model: '그랜저' });
    expect(car).toMatchObject({ carNumber: '12가3456', model: '그랜저', status: 'possession', type: '대형', price: 25000000, mileage: 50000 });
  });

  it('keeps car numbers unique within a company (409) but not across companies', async () => {
    const a = await salesperson(ctx.api, ctx.db);
    const b = await salesperson(ctx.api, ctx.db);
    await createCar(a.token, { carNumber: '77허7777' });
    const dup = await ctx.api.fetch('/cars', jsonRequest('POST', carBody({ carNumber: '77허 7777' }), a.token));
    expect(dup.status).toBe(409);
    expect((await readJson(dup)).message).toBe('이미 등록된 차량번호입니다');
    await createCar(b.token, { carNumber: '77허7777' });
  });

  it.each([
    ['a model outside the catalogue', { manufacturer: '현대', model: '포니' }],
    ['a blank car number', { carNumber: '  ' }],
    ['a car number over 20 characters', { carNumber: '가'.repeat(21) }],
    ['a negative price', { price: -1 }],
    ['a price given as text', { price: '2500만원' }],
    ['a fractional mileage', { mileage: 10.5 }],
    ['a manufacturing year in the future', { manufacturingYear: new Date().getFullYear() + 5 }],
  ])('answers 400 for %s and writes nothing', async (_, overrides) => {
    const { company, token } = await salesperson(ctx.api, ctx.db);
    const res = await ctx.api.fetch('/cars', jsonRequest('POST', carBody(overrides), token));
    expect(res.status).toBe(400);
    expect(await ctx.db.query('select 1 from cars where company_id = $1', [company.id])).toEqual([]);
  });

  it('answers 401 without a token', async () => {
    expect((await ctx.api.fetch('/cars', jsonRequest('POST', carBody()))).status).toBe(401);
  });
});

describe('GET /cars', () => {
  it('pages the caller’s cars newest first, filters by status, and searches by number or model', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const other = await salesperson(ctx.api, ctx.db);
    const made = [];
    for (let i = 0; i < 9; i++) made.push(await createCar(me.token, { carNumber: `10가${1000 + i}`, model: i % 2 ? 'K5' : '아반떼', manufacturer: i % 2 ? '기아' : '현대' }));
    await createCar(other.token, { carNumber: '10가1000' });
    await ctx.db.query(`update cars set status = 'contractProceeding' where id = $1`, [made[0].id]);

    const get = async (query: string) => readJson(await ctx.api.fetch(`/cars?${query}`, { headers: bearer(me.token) }));
    const first = await get('page=1&pageSize=8&searchBy=carNumber&keyword=');
    expect(first).toMatchObject({ currentPage: 1, totalPages: 2, totalItemCount: 9 });
    expect(first.data[0].id).toBe(made[8].id);
    expect((await get('page=2&pageSize=8&searchBy=carNumber&keyword=')).data).toHaveLength(1);
    expect((await get('searchBy=model&keyword=k5')).totalItemCount).toBe(4);
    expect((await get('searchBy=carNumber&keyword=1003')).data.map((c: { id: number }) => c.id)).toEqual([made[3].id]);
    const proceeding = await get('status=contractProceeding');
    expect(proceeding.data.map((c: { id: number }) => c.id)).toEqual([made[0].id]);
    expect((await get('status=total')).totalItemCount).toBe(9);
  });

  it('answers 400 for an unknown status or searchBy', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    expect((await ctx.api.fetch('/cars?status=sold', { headers: bearer(token) })).status).toBe(400);
    expect((await ctx.api.fetch('/cars?searchBy=price', { headers: bearer(token) })).status).toBe(400);
  });

  it('answers 401 without a token', async () => {
    expect((await ctx.api.fetch('/cars')).status).toBe(401);
  });
});

describe('GET /cars/{id}', () => {
  it('returns a car whatever its status', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const car = await createCar(token);
    await ctx.db.query(`update cars set status = 'contractCompleted' where id = $1`, [car.id]);
    const res = await ctx.api.fetch(`/cars/${car.id}`, { headers: bearer(token) });
    expect(res.status).toBe(200);
    expect(await readJson(res)).toMatchObject({ id: car.id, status: 'contractCompleted', type: '준중형' });
  });

  it('answers 404 for another company’s car and for no car, 400 for a bad id', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const other = await salesperson(ctx.api, ctx.db);
    const theirs = await createCar(other.token);
    const res = await ctx.api.fetch(`/cars/${theirs.id}`, { headers: bearer(me.token) });
    expect(res.status).toBe(404);
    expect(JSON.stringify(await readJson(res))).not.toContain(theirs.carNumber);
    expect((await ctx.api.fetch('/cars/99999999', { headers: bearer(me.token) })).status).toBe(404);
    expect((await ctx.api.fetch('/cars/abc', { headers: bearer(me.token) })).status).toBe(400);
  });
});

describe('PATCH /cars/{id}', () => {
  it('accepts the whole car object the client sends back, with extra fields and nulls', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const car = await createCar(token);
    const { id: _id, status: _status, type: _type, ...rest } = car;
    const res = await ctx.api.fetch(`/cars/${car.id}`, jsonRequest('PATCH', {
      ...rest, price: 23000000, mileage: 51000, explanation: null, accidentDetails: null, createdAt: '2026-01-01T00:00:00Z', companyId: 999, status: 'contractCompleted',
    }, token));
    expect(res.status).toBe(200);
    expect(await readJson(res)).toMatchObject({ id: car.id, price: 23000000, mileage: 51000, explanation: '', accidentDetails: '', status: 'possession' });
  });

  it('moves a car to another catalogue model and updates its type', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const car = await createCar(token);
    const res = await ctx.api.fetch(`/cars/${car.id}`, jsonRequest('PATCH', { manufacturer: '기아', model: '쏘렌토' }, token));
    expect(await readJson(res)).toMatchObject({ manufacturer: '기아', model: '쏘렌토', type: 'SUV' });
  });

  it('answers 400 for a model outside the catalogue, 409 for a taken number, changing nothing', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const car = await createCar(token);
    const other = await createCar(token);
    expect((await ctx.api.fetch(`/cars/${car.id}`, jsonRequest('PATCH', { model: '포니' }, token))).status).toBe(400);
    expect((await ctx.api.fetch(`/cars/${car.id}`, jsonRequest('PATCH', { carNumber: other.carNumber, price: 1 }, token))).status).toBe(409);
    expect((await readJson(await ctx.api.fetch(`/cars/${car.id}`, { headers: bearer(token) })))).toMatchObject({ model: '아반떼', price: car.price });
  });

  it('answers 404 for another company’s car and leaves it unchanged', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const other = await salesperson(ctx.api, ctx.db);
    const theirs = await createCar(other.token);
    expect((await ctx.api.fetch(`/cars/${theirs.id}`, jsonRequest('PATCH', { price: 1 }, me.token))).status).toBe(404);
    const [row] = await ctx.db.query<{ price: number }>('select price from cars where id = $1', [theirs.id]);
    expect(row!.price).toBe(theirs.price);
  });

  it('answers 401 without a token', async () => {
    expect((await ctx.api.fetch('/cars/1', jsonRequest('PATCH', { price: 1 }))).status).toBe(401);
  });
});

describe('DELETE /cars/{id}', () => {
  it('deletes a car without contracts', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const car = await createCar(token);
    expect((await ctx.api.fetch(`/cars/${car.id}`, { method: 'DELETE', headers: bearer(token) })).status).toBe(204);
    expect((await ctx.api.fetch(`/cars/${car.id}`, { headers: bearer(token) })).status).toBe(404);
  });

  it('answers 409 with a clear message for a car with contracts', async () => {
    const { company, user, token } = await salesperson(ctx.api, ctx.db);
    const car = await createCar(token);
    const [customer] = await ctx.db.query<{ id: number }>(
      `insert into customers (name, gender, phone_number, email, company_id) values ('김고객','male','010-1111-2222','k@example.com',$1) returning id`,
      [company.id],
    );
    await ctx.db.query(`insert into contracts (status, stage_outcome, car_id, customer_id, user_id, company_id) values ('carInspection','open',$1,$2,$3,$4)`, [car.id, customer!.id, user.id, company.id]);
    const res = await ctx.api.fetch(`/cars/${car.id}`, { method: 'DELETE', headers: bearer(token) });
    expect(res.status).toBe(409);
    expect((await readJson(res)).message).toMatch(/계약이 있는 차량/);
  });

  it('answers 404 for another company’s car and deletes nothing', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const other = await salesperson(ctx.api, ctx.db);
    const theirs = await createCar(other.token);
    expect((await ctx.api.fetch(`/cars/${theirs.id}`, { method: 'DELETE', headers: bearer(me.token) })).status).toBe(404);
    expect(await ctx.db.query('select 1 from cars where id = $1', [theirs.id])).toHaveLength(1);
  });

  it('answers 401 without a token', async () => {
    expect((await ctx.api.fetch('/cars/1', { method: 'DELETE' })).status).toBe(401);
  });
});
