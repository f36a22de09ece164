import { readJson } from '../support/http';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startNeonGateway, type NeonGateway } from '../../scripts/neon-gateway';
import { freePort } from '../../scripts/local-postgres';
import { useApi } from '../support/api';
import { startCountedWorker, startWorker, type TestWorker } from '../support/worker';

const ctx = useApi();

describe('GET /health', () => {
  it('reports the database as reachable, with latency and versions', async () => {
    const res = await ctx.api.fetch('/health');
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(body).toMatchObject({ status: 'ok', database: 'ok', version: '0.1.0' });
    expect(body.databaseVersion).toMatch(/^17\./);
    expect(body.databaseLatencyMs).toBeGreaterThanOrEqual(0);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('reaches PostgreSQL through @neondatabase/serverless over HTTP, in exactly one round trip', async () => {
    // A gateway of its own counts every SQL-over-HTTP request this Worker's Neon driver sends.
    const counted = await startCountedWorker(ctx.db.url);
    try {
      expect(await counted.roundTrips(async () => expect((await counted.worker.fetch('/health')).status).toBe(200))).toBe(1);
      expect(counted.gateway.stats()).toMatchObject({ httpRequests: 1, httpStatements: 1, wsConnections: 0 });
    } finally {
      await counted.close();
    }
  });

  it('answers 503 with a clear message when the database gateway cannot be reached', async () => {
    const deadPort = await freePort();
    const worker = await startWorker({ databaseUrl: ctx.db.url, bindings: { NEON_LOCAL_GATEWAY: `http://127.0.0.1:${deadPort}` } });
    try {
      const res = await worker.fetch('/health');
      expect(res.status).toBe(503);
      const body = await readJson(res);
      expect(body).toMatchObject({ code: 'DATABASE_UNAVAILABLE', requestId: res.headers.get('x-request-id') });
      expect(body.message).toMatch(/database is unavailable/i);
    } finally {
      await worker.close();
    }
  });

  it('answers 503 when PostgreSQL itself is down behind the gateway', async () => {
    const deadPort = await freePort();
    let gateway: NeonGateway | undefined;
    let worker: TestWorker | undefined;
    try {
      gateway = await startNeonGateway({ postgres: { host: '127.0.0.1', port: deadPort } });
      worker = await startWorker({
        databaseUrl: `postgres://postgres:postgres@127.0.0.1:${deadPort}/carmate`,
        bindings: { NEON_LOCAL_GATEWAY: gateway.url },
      });
      const res = await worker.fetch('/health');
      expect(res.status).toBe(503);
      expect(await readJson(res)).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    } finally {
      await worker?.close();
      await gateway?.close();
    }
  });
});
