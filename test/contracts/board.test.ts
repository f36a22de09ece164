import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, createUser, jsonRequest, salesperson, signIn } from '../support/accounts';
import { getBoard, openContract, patchContract } from '../support/board';
import { readJson } from '../support/http';
import { addCar, addCustomer, carStatus } from '../support/inventory';

const ctx = useApi();

describe('GET /contracts (the board)', () => {
  it('has exactly the five classic keys, in order, even when empty', async () => {
    const me = await salesperson(ctx.api, ctx.db, { preset: 'classic' });
    const board = await getBoard(ctx.api, me.token);
    expect(Object.keys(board)).toEqual(['carInspection', 'priceNegotiation', 'contractDraft', 'contractSuccessful', 'contractFailed']);
    expect(Object.values(board).every((column) => JSON.stringify(column) === '{"totalItemCount":0,"data":[]}')).toBe(true);
  });

  it('has exactly the seven standard keys, in order', async () => {
    const me = await salesperson(ctx.api, ctx.db, { preset: 'standard' });
    expect(Object.keys(await getBoard(ctx.api, me.token))).toEqual([
      'contactReceived', 'firstMeetingScheduled', 'firstMeetingCompleted', 'carInspectionScheduled',
      'carInspectionCompleted', 'contractInProgress', 'contractCompleted',
    ]);
  });

  it('puts each contract in its stage, newest first, only the caller’s company', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const other = await salesperson(ctx.api, ctx.db);
    const first = await openContract(ctx.api, ctx.db, me);
    const second = await openContract(ctx.api, ctx.db, me);
    await openContract(ctx.api, ctx.db, other);
    await patchContract(ctx.api, me.token, first.contract.id, { status: 'priceNegotiation' });
    const third = await openContract(ctx.api, ctx.db, me);
    const board = await getBoard(ctx.api, me.token);
    expect(board.carInspection.totalItemCount).toBe(2);
    expect(board.carInspection.data.map((k: { id: number }) => k.id)).toEqual([third.contract.id, second.contract.id]);
    expect(board.priceNegotiation.data.map((k: { id: number }) => k.id)).toEqual([first.contract.id]);
  });

  it('searches by customer name or salesperson name', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const colleague = await createUser(ctx.db, me.company.id, { name: '최딜러' });
    const colleagueToken = (await signIn(ctx.api, colleague.email)).accessToken;
    const car = await addCar(ctx.db, me.company.id);
    const customer = await addCustomer(ctx.db, me.company.id, { name: '윤서준' });
    await ctx.api.fetch('/contracts', jsonRequest('POST', { carId: car.id, customerId: customer.id, meetings: [] }, colleagueToken));
    await openContract(ctx.api, ctx.db, me);
    const byCustomer = await getBoard(ctx.api, me.token, `searchBy=customerName&keyword=${encodeURIComponent('서준')}`);
    expect(byCustomer.carInspection.data.map((k: { customer: { name: string } }) => k.customer.name)).toEqual(['윤서준']);
    const byUser = await getBoard(ctx.api, me.token, `searchBy=userName&keyword=${encodeURIComponent('최딜')}`);
    expect(byUser.carInspection.data.map((k: { user: { name: string } }) => k.user.name)).toEqual(['최딜러']);
    expect(Object.keys(byUser)).toHaveLength(5);
  });

  it('answers 401 without a token and 400 for an unknown searchBy', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    expect((await ctx.api.fetch('/contracts')).status).toBe(401);
    expect((await ctx.api.fetch('/contracts?searchBy=carNumber', { headers: bearer(me.token) })).status).toBe(400);
  });
});

describe('POST /contracts', () => {
  it('opens a contract in the first stage for the caller at the car’s price, reserving the car', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const car = await addCar(ctx.db, me.company.id, { price: 31_500_000, model: '그랜저' });
    const customer = await addCustomer(ctx.db, me.company.id, { name: '김민준' });
    const res = await ctx.api.fetch('/contracts', jsonRequest('POST', {
      carId: car.id, customerId: customer.id,
      meetings: [{ date: '2026-12-01T14:00:00', alarms: ['2026-11-30T09:00:00', '2026-12-01T09:00:00'] }],
    }, me.token));
    expect(res.status).toBe(201);
    expect(res.headers.get('etag')).toBe('"v1"');
    const contract = await readJson(res);
    expect(contract).toMatchObject({
      status: 'carInspection', contractPrice: 31_500_000, resolutionDate: null, version: 1,
      meetings: [{ date: '2026-12-01T14:00:00+09:00', alarms: ['2026-11-30T09:00:00+09:00', '2026-12-01T09:00:00+09:00'] }],
      car: { id: car.id, carNumber: car.carNumber, model: '그랜저' },
      customer: { id: customer.id, name: '김민준', phoneNumber: '010-5555-6666' },
      user: { id: me.user.id },
      contractDocuments: [],
    });
    expect(contract.createdAt).toMatch(/\+09:00$/);
    expect(await carStatus(ctx.db, car.id)).toBe('contractProceeding');
    expect(await ctx.db.query('select from_status, to_status, changed_by from contract_status_history where contract_id = $1', [contract.id]))
      .toEqual([{ from_status: null, to_status: 'carInspection', changed_by: me.user.id }]);
    expect(await ctx.db.query(`select action from audit_logs where table_name = 'contracts' and record_id = $1`, [contract.id])).toEqual([{ action: 'CREATE' }]);
  });

  it('reads zone-less times on the company’s clock and accepts full ISO-8601', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    await ctx.db.query(`update companies set timezone = 'America/New_York' where id = $1`, [me.company.id]);
    const { contract } = await openContract(ctx.api, ctx.db, me, [
      { date: '2026-12-01T10:00:00', alarms: [] },
      { date: '2026-12-02T10:00:00+09:00', alarms: ['2026-12-01T00:00:00Z'] },
    ]);
    expect(contract.meetings).toEqual([
      { date: '2026-12-01T10:00:00-05:00', alarms: [] },
      { date: '2026-12-01T20:00:00-05:00', alarms: ['2026-11-30T19:00:00-05:00'] },
    ]);
  });

  it('answers 404 for another company’s car or customer and 409 for a car not in stock, writing nothing', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const other = await salesperson(ctx.api, ctx.db);
    const myCar = await addCar(ctx.db, me.company.id);
    const myCustomer = await addCustomer(ctx.db, me.company.id);
    const theirCar = await addCar(ctx.db, other.company.id);
    const theirCustomer = await addCustomer(ctx.db, other.company.id);
    const soldCar = await addCar(ctx.db, me.company.id, { status: 'contractCompleted' });
    const post = (body: object) => ctx.api.fetch('/contracts', jsonRequest('POST', { meetings: [], ...body }, me.token));

    expect((await post({ carId: theirCar.id, customerId: myCustomer.id })).status).toBe(404);
    expect((await post({ carId: myCar.id, customerId: theirCustomer.id })).status).toBe(404);
    const sold = await post({ carId: soldCar.id, customerId: myCustomer.id });
    expect(sold.status).toBe(409);
    expect((await readJson(sold)).message).toBe('보유 중인 차량만 계약할 수 있습니다');
    expect(await carStatus(ctx.db, myCar.id)).toBe('possession');
    expect(await carStatus(ctx.db, theirCar.id)).toBe('possession');
    expect(await ctx.db.query('select 1 from contracts where company_id = any($1)', [[me.company.id, other.company.id]])).toEqual([]);
  });

  it.each([
    ['four meetings', { meetings: Array(4).fill({ date: '2026-12-01T10:00:00', alarms: [] }) }],
    ['a malformed meeting date', { meetings: [{ date: '12/01/2026 10:00', alarms: [] }] }],
    ['an impossible date', { meetings: [{ date: '2026-02-30T10:00:00', alarms: [] }] }],
    ['a missing car', { carId: undefined }],
    ['a car id that is not a number', { carId: 'abc' }],
  ])('answers 400 for %s', async (_, overrides) => {
    const me = await salesperson(ctx.api, ctx.db);
    const car = await addCar(ctx.db, me.company.id);
    const customer = await addCustomer(ctx.db, me.company.id);
    const res = await ctx.api.fetch('/contracts', jsonRequest('POST', { carId: car.id, customerId: customer.id, meetings: [], ...overrides }, me.token));
    expect(res.status).toBe(400);
    expect(await carStatus(ctx.db, car.id)).toBe('possession');
  });

  it('answers 401 without a token', async () => {
    expect((await ctx.api.fetch('/contracts', jsonRequest('POST', { carId: 1, customerId: 1, meetings: [] }))).status).toBe(401);
  });
});

describe('GET /contracts/{id} and its history', () => {
  it('returns the contract with its ETag, and its moves oldest first', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const { contract } = await openContract(ctx.api, ctx.db, me);
    await patchContract(ctx.api, me.token, contract.id, { status: 'priceNegotiation' });
    const res = await ctx.api.fetch(`/contracts/${contract.id}`, { headers: bearer(me.token) });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"v2"');
    expect(await readJson(res)).toMatchObject({ id: contract.id, status: 'priceNegotiation', version: 2 });
    const history = await readJson(await ctx.api.fetch(`/contracts/${contract.id}/history`, { headers: bearer(me.token) }));
    expect(history.map((h: { fromStatus: string | null; toStatus: string }) => [h.fromStatus, h.toStatus])).toEqual([
      [null, 'carInspection'], ['carInspection', 'priceNegotiation'],
    ]);
    expect(history[1]).toMatchObject({ changedBy: { id: me.user.id }, changedAt: expect.stringMatching(/\+09:00$/) });
  });

  it('answers 404 for another company’s contract, 400 for a bad id, 401 without a token', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const other = await salesperson(ctx.api, ctx.db);
    const { contract } = await openContract(ctx.api, ctx.db, other);
    for (const path of [`/contracts/${contract.id}`, `/contracts/${contract.id}/history`]) {
      const res = await ctx.api.fetch(path, { headers: bearer(me.token) });
      expect(res.status).toBe(404);
      expect(JSON.stringify(await readJson(res))).not.toContain(String(contract.car.carNumber));
    }
    expect((await ctx.api.fetch('/contracts/x1', { headers: bearer(me.token) })).status).toBe(400);
    expect((await ctx.api.fetch(`/contracts/${contract.id}`)).status).toBe(401);
  });
});

describe('dropdowns', () => {
  it('offers the company’s in-stock cars, its customers and its staff as bare {id, data} arrays', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const other = await salesperson(ctx.api, ctx.db);
    const free = await addCar(ctx.db, me.company.id, { model: '레이', manufacturer: '기아' });
    await addCar(ctx.db, me.company.id, { status: 'contractProceeding' });
    await addCar(ctx.db, other.company.id);
    const customer = await addCustomer(ctx.db, me.company.id, { name: '최효정' });

    const cars = await readJson(await ctx.api.fetch('/contracts/cars', { headers: bearer(me.token) }));
    expect(cars).toEqual([{ id: free.id, data: `레이(${free.carNumber})` }]);
    const customers = await readJson(await ctx.api.fetch('/contracts/customers', { headers: bearer(me.token) }));
    expect(customers).toEqual([{ id: customer.id, data: expect.stringMatching(/^최효정\(customer.*@example\.com\)$/) }]);
    const users = await readJson(await ctx.api.fetch('/contracts/users', { headers: bearer(me.token) }));
    expect(users).toEqual([{ id: me.user.id, data: `${(await readJson(await ctx.api.fetch('/users/me', { headers: bearer(me.token) }))).name}(${me.user.email})` }]);
    for (const path of ['/contracts/cars', '/contracts/customers', '/contracts/users']) {
      expect((await ctx.api.fetch(path)).status).toBe(401);
    }
  });
});
