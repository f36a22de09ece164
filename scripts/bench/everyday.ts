// The requests staff make all day, each measured twice: one at a time (latency) and four in flight (throughput),
// with the database round trips each one costs, counted by the gateway.
import type { LocalStack } from '../local-stack';
import { fillBoard } from './board-fixture';
import { load, type LoadResult } from './http-load';
import { benchCompany, BENCH_PASSWORD } from './tenant';

const CARS = 10_000;
const BOARD = 1_000;

interface Row {
  name: string;
  sequential: LoadResult;
  concurrent: LoadResult;
}

export async function benchEverydayRequests(stack: LocalStack): Promise<string> {
  const world = await benchCompany(stack, 'bench_everyday', 'EVERYDAY');
  const { worker, tenant } = world;
  try {
    await fillBoard(tenant.query, tenant.companyId, tenant.userId, BOARD);
    await tenant.query(
      `insert into cars (car_number, manufacturer, model, manufacturing_year, mileage, price, company_id)
       select 'S' || g, '기아', 'K5', 2021, g, 15000000 + g, $1 from generate_series(1, $2) g`,
      [tenant.companyId, CARS - BOARD],
    );
    const auth = { Authorization: `Bearer ${tenant.token}` };
    const { rows } = (await tenant.query(`select id from contracts where company_id = $1 and status = 'carInspection' limit 50`, [tenant.companyId])) as { rows: { id: number }[] };
    const ids = rows.map((r) => r.id);
    const pdf = new Uint8Array(1024 * 1024).map((_, i) => (i * 31) % 256);
    pdf.set(new TextEncoder().encode('%PDF-1.7\n'));
    const form = new FormData();
    form.append('file', new Blob([pdf]), '매매계약서.pdf');
    const uploaded = await worker.fetch('/contractDocuments/upload', { method: 'POST', headers: auth, body: form });
    if (uploaded.status !== 201) throw new Error(`document upload failed: HTTP ${uploaded.status} ${await uploaded.text()}`);
    const { contractDocumentId } = (await uploaded.json()) as { contractDocumentId: number };

    const requests: { name: string; send: (i: number) => Promise<Response>; total: number }[] = [
      {
        name: '`POST /auth/login` (PBKDF2, 100,000 iterations)',
        send: () => worker.fetch('/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: tenant.email, password: BENCH_PASSWORD }) }),
        total: 40,
      },
      { name: `\`GET /cars\` (page of 8 of ${CARS.toLocaleString('en')} cars)`, send: () => worker.fetch('/cars?page=1&pageSize=8&searchBy=carNumber&keyword=', { headers: auth }), total: 200 },
      { name: `\`GET /contracts\` (board of ${BOARD.toLocaleString('en')} contracts)`, send: () => worker.fetch('/contracts', { headers: auth }), total: 100 },
      {
        name: '`PATCH /contracts/{id}` (move a card)',
        send: (i) => worker.fetch(`/contracts/${ids[i % ids.length]}`, {
          method: 'PATCH',
          headers: { ...auth, 'Content-Type': 'application/json' },
          body: JSON.stringify({ status: Math.floor(i / ids.length) % 2 ? 'carInspection' : 'priceNegotiation' }),
        }),
        total: 200,
      },
      { name: '`GET /contractDocuments/{id}/download` (1 MiB PDF)', send: () => worker.fetch(`/contractDocuments/${contractDocumentId}/download`, { headers: auth }), total: 200 },
    ];

    const roundTrips = () => stack.gateway.stats().httpRequests + stack.gateway.stats().wsConnections;
    const results: Row[] = [];
    for (const { name, send, total } of requests) {
      for (let i = 0; i < 5; i++) await (await send(total + i)).arrayBuffer(); // warm up: compile the code path once
      const sequential = await load(send, { total, concurrency: 1, roundTrips });
      const concurrent = await load((i) => send(total + i), { total: total * 2, concurrency: 4, roundTrips });
      results.push({ name, sequential, concurrent });
    }
    const boardBytes = (await (await worker.fetch('/contracts', { headers: auth })).arrayBuffer()).byteLength;
    return [
      '## Everyday requests',
      '',
      `One company with ${CARS.toLocaleString('en')} cars and ${BOARD.toLocaleString('en')} contracts (the board response is ${(boardBytes / 1024).toFixed(0)} KiB of JSON).`,
      'Latency is measured one request at a time; requests per second with four in flight (this machine has two cores',
      'shared by workerd, PostgreSQL and the load generator).',
      '',
      '| request | p50 | p99 | requests/s (4 in flight) | p50 (4 in flight) | DB round trips per request |',
      '| --- | --- | --- | --- | --- | --- |',
      ...results.map(
        ({ name, sequential: s, concurrent: c }) =>
          `| ${name} | ${s.p50.toFixed(1)} ms | ${s.p99.toFixed(1)} ms | ${Math.round(c.requestsPerSecond)} | ${c.p50.toFixed(1)} ms | ${s.roundTripsPerRequest.toFixed(2)} |`,
      ),
    ].join('\n');
  } finally {
    await world.close();
  }
}
