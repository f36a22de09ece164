// The kept counts (tallies) against the rows themselves: list totals, board column counts and every dashboard figure
// must be what counting the rows says, after writers of one company race each other (50 trials: the dashboard is
// money), after a company is deleted mid-way, and after the Cron run folds the tallies.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, jsonRequest, salesperson } from '../support/accounts';
import { readJson } from '../support/http';
import { addCar, addCustomer } from '../support/inventory';
import { announceSeed, generator, together, trials } from '../support/trials';

const ctx = useApi();
const random = generator(announceSeed('tallies under racing writers'));
const pick = <T,>(list: T[]): T | undefined => list[Math.floor(random() * list.length)];

type Who = Awaited<ReturnType<typeof salesperson>>;
const STAGES = ['carInspection', 'priceNegotiation', 'contractDraft', 'contractSuccessful', 'contractFailed'];
// Different body types, so a model change moves a car's contracts between the dashboard's types.
const MODELS = [['현대', '아반떼'], ['기아', '쏘렌토'], ['현대', '그랜저'], ['기아', '모닝']] as const;
let serial = 0;

/** The dashboard's figures counted from the rows (the query the dashboard ran before tallies), as the API shows them. */
async function dashboardFromRows(companyId: number) {
  const [row] = await ctx.db.query<{ monthly: number; last: number; proceeding: number; completed: number; by_type: { carType: string; count: number }[] | null; sales: { carType: string; count: number }[] | null }>(
    `with b as (
       select date_trunc('month', now() at time zone c.timezone) at time zone c.timezone as this_start,
              (date_trunc('month', now() at time zone c.timezone) - interval '1 month') at time zone c.timezone as last_start,
              (date_trunc('month', now() at time zone c.timezone) + interval '1 month') at time zone c.timezone as next_start
       from companies c where c.id = $1
     ), k as (
       select k.contract_price, k.resolution_date, s.outcome, coalesce(m.type, '기타') as car_type
       from contracts k join pipeline_stages s on s.company_id = k.company_id and s.key = k.status
       join cars car on car.id = k.car_id left join car_models m on m.manufacturer = car.manufacturer and m.model = car.model
       where k.company_id = $1
     )
     select
       coalesce((select sum(contract_price) from k, b where outcome = 'won' and resolution_date >= b.this_start and resolution_date < b.next_start), 0)::float8 as monthly,
       coalesce((select sum(contract_price) from k, b where outcome = 'won' and resolution_date >= b.last_start and resolution_date < b.this_start), 0)::float8 as last,
       (select count(*) from k where outcome = 'open')::int as proceeding,
       (select count(*) from k where outcome = 'won')::int as completed,
       (select json_agg(json_build_object('carType', car_type, 'count', n) order by car_type) from (select car_type, count(*)::int as n from k group by 1) t) as by_type,
       (select json_agg(json_build_object('carType', car_type, 'count', round(total / 10000)) order by car_type)
          from (select car_type, sum(coalesce(contract_price, 0))::float8 as total from k where outcome = 'won' group by 1) t) as sales`,
    [companyId],
  );
  return row!;
}

const byType = (rows: { carType: string; count: number }[]) => [...rows].sort((a, b) => a.carType.localeCompare(b.carType));

/** Every kept count the API shows for the company equals counting its rows. */
async function expectCountsTrue(me: Who) {
  const get = async (path: string) => {
    const res = await ctx.api.fetch(path, { headers: bearer(me.token) });
    expect(res.status, path).toBe(200);
    return readJson(res);
  };
  const counted = async (text: string) => (await ctx.db.query<{ n: number }>(text, [me.company.id]))[0]!.n;
  expect((await get('/cars?page=1&pageSize=8&searchBy=carNumber&keyword=')).totalItemCount).toBe(await counted('select count(*)::int as n from cars where company_id = $1'));
  for (const status of ['possession', 'contractProceeding', 'contractCompleted']) {
    expect((await get(`/cars?status=${status}&page=1&pageSize=8&searchBy=carNumber&keyword=`)).totalItemCount, status)
      .toBe(await counted(`select count(*)::int as n from cars where company_id = $1 and status = '${status}'`));
  }
  expect((await get('/customers?page=1&pageSize=8&searchBy=name&keyword=')).totalItemCount).toBe(await counted('select count(*)::int as n from customers where company_id = $1'));
  const board = await get('/contracts?closedLimit=0');
  for (const stage of STAGES) {
    expect(board[stage].totalItemCount, stage).toBe(await counted(`select count(*)::int as n from contracts where company_id = $1 and status = '${stage}'`));
  }
  const dashboard = await get('/dashboard');
  const rows = await dashboardFromRows(me.company.id);
  expect({
    monthlySales: dashboard.monthlySales, lastMonthSales: dashboard.lastMonthSales, proceeding: dashboard.proceedingContractsCount,
    completed: dashboard.completedContractsCount, byType: byType(dashboard.contractsByCarType), sales: byType(dashboard.salesByCarType),
  }).toEqual({
    monthlySales: rows.monthly, lastMonthSales: rows.last, proceeding: rows.proceeding, completed: rows.completed,
    byType: byType(rows.by_type ?? []), sales: byType(rows.sales ?? []),
  });
}

/** One racing write, chosen by the seeded generator from what the company holds now. */
async function someWrite(me: Who): Promise<() => Promise<Response>> {
  const company = me.company.id;
  const freeCars = (await ctx.db.query<{ id: number }>(`select id from cars c where company_id = $1 and not exists (select 1 from contracts k where k.car_id = c.id and k.stage_outcome <> 'lost')`, [company])).map((r) => r.id);
  const customers = (await ctx.db.query<{ id: number }>('select id from customers where company_id = $1', [company])).map((r) => r.id);
  const contracts = (await ctx.db.query<{ id: number }>('select id from contracts where company_id = $1', [company])).map((r) => r.id);
  const send = (path: string, method: string, body?: unknown) => () => ctx.api.fetch(path, jsonRequest(method, body, me.token));
  const month = new Date(Date.now() - Math.floor(random() * 2) * 31 * 86_400_000).toISOString().slice(0, 8);
  const roll = random();
  const [manufacturer, model] = pick([...MODELS])!;
  if (roll < 0.15) {
    serial++;
    return send('/cars', 'POST', { carNumber: `${10 + (serial % 89)}가${process.pid % 1000}${serial}`, manufacturer, model, manufacturingYear: 2020, mileage: 1, price: 1_000_000, explanation: '', accidentDetails: '' });
  }
  if (roll < 0.25 && freeCars.length) return send(`/cars/${pick(freeCars)}`, 'DELETE');
  if (roll < 0.35 && freeCars.length) return send(`/cars/${pick(freeCars)}`, 'PATCH', { manufacturer, model });
  if (roll < 0.45) {
    serial++;
    return send('/customers', 'POST', { name: `고객${serial}`, gender: 'male', phoneNumber: '010-1111-2222', email: `tally${process.pid}-${serial}@example.com`, ageGroup: null, region: null, memo: '' });
  }
  if (roll < 0.5 && customers.length) return send(`/customers/${pick(customers)}`, 'DELETE');
  if (roll < 0.65 && freeCars.length && customers.length) return send('/contracts', 'POST', { carId: pick(freeCars), customerId: pick(customers), meetings: [] });
  if (roll < 0.9 && contracts.length) {
    return send(`/contracts/${pick(contracts)}`, 'PATCH', { status: pick(STAGES), contractPrice: Math.floor(random() * 90) * 1_000_000, resolutionDate: `${month}15T12:00:00` });
  }
  if (contracts.length) return send(`/contracts/${pick(contracts)}`, 'DELETE');
  return send('/cars', 'POST', { carNumber: `${10 + (++serial % 89)}나${process.pid % 1000}${serial}`, manufacturer, model, manufacturingYear: 2020, mileage: 1, price: 1, explanation: '', accidentDetails: '' });
}

describe('tallies', () => {
  it('count what the rows say after eight writers of one company race, every trial (50 trials)', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    for (let i = 0; i < 6; i++) {
      await addCar(ctx.db, me.company.id, { manufacturer: MODELS[i % 4]![0], model: MODELS[i % 4]![1] });
      await addCustomer(ctx.db, me.company.id);
    }
    let written = 0;
    await trials(50, async () => {
      const writes = [];
      for (let i = 0; i < 8; i++) writes.push(await someWrite(me));
      const answers = await together(writes);
      for (const res of answers) {
        await res.arrayBuffer();
        expect(res.status, `${res.url} answered ${res.status}`).toBeLessThan(500);
        if (res.ok) written++;
      }
      await expectCountsTrue(me);
    });
    // The races wrote (a conflict's 404/409 is fine, but most of the 400 writes must have changed something).
    expect(written).toBeGreaterThan(200);
  });

  it('keep every count through the Cron run, which folds each key into one row', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    for (let i = 0; i < 20; i++) (await (await someWrite(me))()).body?.cancel();
    const rowsOfKeys = () => ctx.db.query<{ keys: number; rows: number }>(
      'select count(distinct (subject, bucket, car_type))::int as keys, count(*)::int as rows from tallies where company_id = $1', [me.company.id]);
    const [before] = await rowsOfKeys();
    expect(before!.rows).toBeGreaterThan(before!.keys);
    await ctx.api.scheduled();
    const [after] = await rowsOfKeys();
    expect(after!.rows).toBeLessThanOrEqual(before!.keys);
    await expectCountsTrue(me);
  });

  it('count rows written straight into the database, by any statement (triggers, not the API, keep them)', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    await ctx.db.query(`insert into cars (car_number, manufacturer, model, manufacturing_year, mileage, price, company_id)
      select 'bulk' || g, '기아', '모닝', 2020, 1, 1, $1 from generate_series(1, 30) g`, [me.company.id]);
    await ctx.db.query(`update cars set status = 'contractCompleted' where company_id = $1 and car_number like 'bulk1%'`, [me.company.id]);
    await ctx.db.query(`delete from cars where company_id = $1 and car_number like 'bulk2%'`, [me.company.id]);
    await expectCountsTrue(me);
  });

  it('are folded by a Cron run while a company is being deleted, neither waiting on the other nor deadlocking', async () => {
    const leaving = await salesperson(ctx.api, ctx.db);
    const staying = await salesperson(ctx.api, ctx.db);
    for (let i = 0; i < 10; i++) {
      (await (await someWrite(leaving))()).body?.cancel();
      (await (await someWrite(staying))()).body?.cancel();
    }
    // The deletion holds the company's row and its tally rows (deleted by the cascade) until it commits.
    const deletion = new pg.Client({ connectionString: ctx.db.url });
    await deletion.connect();
    try {
      await deletion.query('begin');
      await deletion.query('delete from contracts where company_id = $1', [leaving.company.id]);
      await deletion.query('delete from companies where id = $1', [leaving.company.id]);
      const cron = ctx.api.scheduled().then(() => 'finished');
      expect(await Promise.race([cron, new Promise((resolve) => setTimeout(resolve, 10_000, 'still waiting'))])).toBe('finished');
      await deletion.query('commit');
    } finally {
      await deletion.end();
    }
    expect(await ctx.db.query('select 1 from tallies where company_id = $1', [leaving.company.id])).toEqual([]);
    const [folded] = await ctx.db.query<{ keys: number; rows: number }>(
      'select count(distinct (subject, bucket, car_type))::int as keys, count(*)::int as rows from tallies where company_id = $1', [staying.company.id]);
    expect(folded!.rows).toBe(folded!.keys);
    await expectCountsTrue(staying);
  });

  it('leave nothing behind when a company is deleted, and do not stop the deletion', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    for (let i = 0; i < 10; i++) (await (await someWrite(me))()).body?.cancel();
    await ctx.db.query('delete from contracts where company_id = $1', [me.company.id]);
    await ctx.db.query('delete from companies where id = $1', [me.company.id]);
    expect(await ctx.db.query('select 1 from tallies where company_id = $1', [me.company.id])).toEqual([]);
  });
});
