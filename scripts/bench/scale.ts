// The same requests as a dealership grows: 10^4, 10^5 and 10^6 cars (10^3, 10^4, 10^5 contracts), each size in
// a database of its own filled by one statement per table. A dealership's open deals are bounded by its staff (300
// here at every size); what grows is its history: the won and lost deals.
import pg from 'pg';
import type { LocalStack } from '../local-stack';
import { load, type LoadResult } from './http-load';
import { benchCompany } from './tenant';

const SIZES = [10_000, 100_000, 1_000_000];
const OPEN_DEALS = 300;

export async function fill(query: (text: string, params: unknown[]) => Promise<unknown>, companyId: number, userId: number, cars: number) {
  const contracts = cars / 10;
  const customers = cars / 10;
  // Models from the catalogue, so the dashboard's car types join as they do for real cars.
  await query(
    `insert into cars (car_number, manufacturer, model, manufacturing_year, mileage, price, status, company_id, created_at)
     select lpad(g::text, 7, '0') || '가', m.manufacturer, m.model, 2015 + g % 10, g % 200000, 10000000 + (g % 5000) * 10000,
       case when g > $2 then 'possession' when g <= $3 then 'contractProceeding' when g % 2 = 0 then 'contractCompleted' else 'possession' end::"CarStatus",
       $1, now() - (g || ' minutes')::interval
     from generate_series(1, $4::int) g
     join (select manufacturer, model, row_number() over (order by manufacturer, model) - 1 as i, count(*) over () as n from car_models) m
       on m.i = g % m.n`,
    [companyId, contracts, OPEN_DEALS, cars],
  );
  await query(
    `insert into customers (name, gender, phone_number, email, company_id)
     select '고객' || g, case when g % 2 = 0 then 'male' else 'female' end::"Gender", '010-' || lpad((g % 10000)::text, 4, '0') || '-5678', 'c' || g || '@example.com', $1
     from generate_series(1, $2::int) g`,
    [companyId, customers],
  );
  // Contract g takes car g and customer g: the first 300 are open (three open stages), the rest won or lost,
  // closed over the last two years.
  await query(
    `with cs as (select id, row_number() over (order by id) as g, price from cars where company_id = $1 and id <= (select min(id) from cars where company_id = $1) + $3 - 1),
     cu as (select id, row_number() over (order by id) as g from customers where company_id = $1)
     insert into contracts (meetings, contract_price, status, stage_outcome, resolution_date, car_id, customer_id, user_id, company_id, created_at)
     select '[{"date":"2026-12-01T01:00:00.000Z","alarms":["2026-11-30T00:00:00.000Z"]}]'::jsonb, cs.price, s.key, s.outcome,
       case when s.outcome = 'open' then null else now() - ((cs.g % 730) || ' days')::interval end,
       cs.id, cu.id, $2, $1, now() - ((cs.g % 1000) || ' days')::interval - (cs.g || ' seconds')::interval
     from cs join cu on cu.g = cs.g
     join pipeline_stages s on s.company_id = $1 and s.key = case
       when cs.g <= $4 then (array['carInspection','priceNegotiation','contractDraft'])[1 + cs.g % 3]
       when cs.g % 2 = 0 then 'contractSuccessful' else 'contractFailed' end`,
    [companyId, userId, contracts, OPEN_DEALS],
  );
  await query('insert into board_counters (company_id, epoch) values ($1, gen_random_uuid()) on conflict do nothing', [companyId]);
  await query('vacuum analyze', []);
}

type Measured = { name: string; byCars: Map<number, LoadResult> };

export async function benchScale(stack: LocalStack): Promise<string> {
  const rows: Measured[] = [];
  const row = (name: string) => rows.find((r) => r.name === name) ?? (rows.push({ name, byCars: new Map() }), rows[rows.length - 1]!);
  const fillTimes: string[] = [];
  for (const cars of SIZES) {
    const world = await benchCompany(stack, `bench_scale_${cars}`, `SCALE${cars}`);
    const { worker, tenant } = world;
    try {
      const t0 = performance.now();
      await fill(tenant.query, tenant.companyId, tenant.userId, cars);
      fillTimes.push(`${cars.toLocaleString('en')} cars: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      const auth = { Authorization: `Bearer ${tenant.token}` };
      const { rows: open } = (await tenant.query(`select id from contracts where company_id = $1 and stage_outcome = 'open' order by id limit 50`, [tenant.companyId])) as { rows: { id: number }[] };
      const get = (path: string) => () => worker.fetch(path, { headers: auth });
      const requests: [string, (i: number) => Promise<Response>][] = [
        ['`GET /cars` (page 1 of 8)', get('/cars?page=1&pageSize=8&searchBy=carNumber&keyword=')],
        ['`GET /cars` (page 100)', get('/cars?page=100&pageSize=8&searchBy=carNumber&keyword=')],
        ['`GET /cars` search by car number (`0042`)', get('/cars?page=1&pageSize=8&searchBy=carNumber&keyword=0042')],
        ['`GET /cars` search by model (`쏘나`)', get(`/cars?page=1&pageSize=8&searchBy=model&keyword=${encodeURIComponent('쏘나')}`)],
        ['`GET /customers` (page 1 of 8)', get('/customers?page=1&pageSize=8&searchBy=name&keyword=')],
        ['`GET /customers` search by name (`고객777`)', get(`/customers?page=1&pageSize=8&searchBy=name&keyword=${encodeURIComponent('고객777')}`)],
        ['`GET /customers` search by email (`c4242`)', get('/customers?page=1&pageSize=8&searchBy=email&keyword=c4242')],
        // One letter every customer has: the short-keyword index, and a count that stops at 1,000.
        ['`GET /customers` search by one letter (`고`, every customer)', get(`/customers?page=1&pageSize=8&searchBy=name&keyword=${encodeURIComponent('고')}`)],
        // A new board version before each request (the counter's epoch; no card changes): the board is built, as
        // for the first reader after a change. Includes that local UPDATE (about 1 ms).
        ['`GET /contracts?closedLimit=50` (the board page), built', async () => {
          await tenant.query('update board_counters set epoch = gen_random_uuid() where company_id = $1', [tenant.companyId]);
          return worker.fetch('/contracts?closedLimit=50', { headers: auth });
        }],
        ['`GET /contracts?closedLimit=50`, unchanged (served from the cache)', get('/contracts?closedLimit=50')],
        ['`GET /contracts` search by customer (`고객12`)', get(`/contracts?closedLimit=50&searchBy=customerName&keyword=${encodeURIComponent('고객12')}`)],
        ['`GET /board/stages/contractSuccessful` (show more)', get('/board/stages/contractSuccessful?limit=50')],
        ['`PATCH /contracts/{id}` (move a card)', (i) => worker.fetch(`/contracts/${open[i % open.length]!.id}`, {
          method: 'PATCH',
          headers: { ...auth, 'Content-Type': 'application/json' },
          body: JSON.stringify({ status: Math.floor(i / open.length) % 2 ? 'carInspection' : 'priceNegotiation' }),
        })],
        ['`GET /dashboard`', get('/dashboard')],
      ];
      const roundTrips = () => stack.gateway.stats().httpRequests + stack.gateway.stats().wsConnections;
      for (const [name, send] of requests) {
        for (let i = 0; i < 3; i++) await (await send(1000 + i)).arrayBuffer();
        row(name).byCars.set(cars, await load(send, { total: 40, concurrency: 1, roundTrips }));
      }
    } finally {
      await world.close();
      const admin = new pg.Client({ connectionString: stack.postgres.url('postgres') });
      await admin.connect();
      await admin.query(`drop database if exists bench_scale_${cars} with (force)`).finally(() => admin.end());
    }
  }
  const [smallest, , largest] = SIZES as [number, number, number];
  return [
    '## Scale: the same requests at 10^4, 10^5 and 10^6 cars',
    '',
    `One company per size: ${SIZES.map((n) => `${n.toLocaleString('en')} cars / ${(n / 10).toLocaleString('en')} contracts`).join(', ')}; ` +
      `${OPEN_DEALS} open deals at every size, the rest won or lost. Customers: one per contract. p50 of 40 requests one at a time; ` +
      'the ratio is the largest size against the smallest. Filling (one statement per table, then VACUUM ANALYZE): ' + `${fillTimes.join(', ')}.`,
    '',
    `| request | ${SIZES.map((n) => `p50 at ${n.toLocaleString('en')} cars`).join(' | ')} | ${largest.toLocaleString('en')} ÷ ${smallest.toLocaleString('en')} | DB round trips |`,
    `| --- | ${SIZES.map(() => '---').join(' | ')} | --- | --- |`,
    ...rows.map((r) => {
      const small = r.byCars.get(smallest)!;
      const large = r.byCars.get(largest)!;
      return `| ${r.name} | ${SIZES.map((n) => `${r.byCars.get(n)!.p50.toFixed(1)} ms`).join(' | ')} | ${(large.p50 / small.p50).toFixed(2)}× | ${large.roundTripsPerRequest.toFixed(2)} |`;
    }),
  ].join('\n');
}
