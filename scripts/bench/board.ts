// The contract board: reading a 1,000-contract board and moving a card, as staff do all day.
import type { LocalStack } from '../local-stack';
import { startWorkerRuntime } from '../worker-runtime';
import { fillBoard } from './board-fixture';
import { load, loadRow } from './http-load';
import { benchTenant } from './tenant';

export async function benchBoard(stack: LocalStack): Promise<string> {
  const databaseUrl = await stack.createDatabase('bench_board');
  const worker = await startWorkerRuntime({ scriptPath: stack.workerScript, gatewayUrl: stack.gateway.url, databaseUrl });
  const tenant = await benchTenant(databaseUrl, worker, 'BOARD');
  try {
    await fillBoard(tenant.query, tenant.companyId, tenant.userId, 1000);
    const auth = { Authorization: `Bearer ${tenant.token}` };
    const roundTrips = () => stack.gateway.stats().httpRequests;
    const { rows } = (await tenant.query(`select id from contracts where company_id = $1 and status = 'carInspection' limit 50`, [tenant.companyId])) as { rows: { id: number }[] };
    const ids = rows.map((r) => r.id);
    // Warm up: compile the code paths once.
    for (let i = 0; i < 5; i++) await (await worker.fetch('/contracts', { headers: auth })).arrayBuffer();

    const results = [
      loadRow('`GET /contracts` (1,000 contracts), 1 at a time', await load(() => worker.fetch('/contracts', { headers: auth }), { total: 100, concurrency: 1, roundTrips })),
      loadRow('`GET /contracts` (1,000 contracts), 4 at a time', await load(() => worker.fetch('/contracts', { headers: auth }), { total: 200, concurrency: 4, roundTrips })),
      loadRow(
        '`PATCH /contracts/{id}` move (50 cards back and forth)',
        await load(
          (i) => worker.fetch(`/contracts/${ids[i % ids.length]}`, {
            method: 'PATCH',
            headers: { ...auth, 'Content-Type': 'application/json' },
            body: JSON.stringify({ status: Math.floor(i / ids.length) % 2 ? 'carInspection' : 'priceNegotiation' }),
          }),
          { total: 200, concurrency: 4, roundTrips },
        ),
      ),
    ];
    const size = (await (await worker.fetch('/contracts', { headers: auth })).arrayBuffer()).byteLength;
    return [
      '## Contract board',
      '',
      `The board response for 1,000 contracts is ${(size / 1024).toFixed(0)} KiB of JSON.`,
      '',
      '| request | requests | p50 | p99 | requests/s | DB round trips per request |',
      '| --- | --- | --- | --- | --- | --- |',
      ...results,
    ].join('\n');
  } finally {
    await tenant.close();
    await worker.close();
  }
}
