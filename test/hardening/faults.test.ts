// Faults: the parts the Worker depends on go away while it runs. Without its database it answers 503 with a clear
// message (and Retry-After), writes nothing half-way, and serves again by itself once the database is back; without
// its live-board room, every write still succeeds.
import { inject } from 'vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNeonGateway, type NeonGateway } from '../../scripts/neon-gateway';
import { PG_USER } from '../../scripts/local-postgres';
import { startPartyKit } from '../../scripts/partykit-runtime';
import { freePort } from '../../scripts/local-postgres';
import { createServer, type Server, type Socket } from 'node:net';
import { bearer, createCompany, createUser, jsonRequest, salesperson, signIn } from '../support/accounts';
import { openContract, patchContract } from '../support/board';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { fingerprint } from '../support/fingerprint';
import { readJson } from '../support/http';
import { connectLive } from '../support/live';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { startWorker, type TestWorker } from '../support/worker';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

/** What a signed-in salesperson does all day: read the board, open a contract, move it, register a car. */
function dayOfWork(api: TestWorker, token: string, contractId: number, carId: number, customerId: number) {
  return [
    ['read the board', () => api.fetch('/contracts', { headers: bearer(token) })],
    ['move a contract', () => patchContract(api, token, contractId, { status: 'priceNegotiation' })],
    ['register a car', () => api.fetch('/cars', jsonRequest('POST', { carNumber: '55루5555', manufacturer: '기아', model: 'K5', manufacturingYear: 2022, mileage: 10, price: 30_000_000 }, token))],
    ['open a contract', () => api.fetch('/contracts', jsonRequest('POST', { carId, customerId, meetings: [{ date: '2031-01-01T10:00:00', alarms: ['2030-12-31T09:00:00'] }] }, token))],
    ['sign in', () => api.fetch('/auth/login', jsonRequest('POST', { email: 'nobody@example.com', password: 'whatever1' }))],
  ] as const;
}

describe('the database goes away', () => {
  let proxy: TcpProxy;
  let gateway: NeonGateway;
  let api: TestWorker;

  beforeAll(async () => {
    // Worker → Neon gateway → relay → PostgreSQL: cutting the relay is PostgreSQL vanishing behind Neon's endpoint.
    proxy = await startTcpProxy({ host: '127.0.0.1', port: inject('harness').postgresPort });
    gateway = await startNeonGateway({ postgres: { host: '127.0.0.1', port: proxy.port } });
    api = await startWorker({
      databaseUrl: `postgres://${PG_USER}:${encodeURIComponent(inject('harness').postgresPassword)}@127.0.0.1:${proxy.port}/${db.name}`,
      bindings: { NEON_LOCAL_GATEWAY: gateway.url },
    });
  });
  afterAll(async () => {
    await api?.close();
    await gateway?.close();
    await proxy?.close();
  });

  async function expectOutage(work: ReturnType<typeof dayOfWork>) {
    for (const [what, request] of work) {
      const res = await request();
      const body = await readJson(res);
      expect(res.status, `${what}: ${body.message}`).toBe(503);
      expect(body).toMatchObject({ code: 'DATABASE_UNAVAILABLE', requestId: res.headers.get('X-Request-Id') });
      expect(body.message).toMatch(/database is unavailable/i);
      expect(res.headers.get('Retry-After')).toBe('5');
    }
  }

  it('answers 503 while PostgreSQL is unreachable, writes nothing, and recovers by itself once it is back', async () => {
    const me = await salesperson(api, db, { preset: 'classic' });
    const { contract, customer } = await openContract(api, db, me);
    const [spare] = await db.query<{ id: number }>(`insert into cars (car_number, manufacturer, model, manufacturing_year, mileage, price, company_id) values ('66러6666', '현대', '아반떼', 2020, 1, 1, $1) returning id`, [me.company.id]);
    const work = dayOfWork(api, me.token, contract.id, spare!.id, customer.id);
    const before = await fingerprint(db);

    await proxy.cut();
    await expectOutage(work);
    expect((await api.fetch('/health')).status).toBe(503);
    await proxy.restore();

    expect(await fingerprint(db)).toEqual(before); // nothing was half-written during the outage
    const statuses = [];
    for (const [, request] of work) statuses.push((await request()).status);
    expect(statuses).toEqual([200, 200, 201, 201, 404]);
    expect((await api.fetch('/health')).status).toBe(200);
  });

  it('answers 503 while the database endpoint itself is down, and recovers once it is back', async () => {
    const me = await salesperson(api, db, { preset: 'classic' });
    const { contract, customer } = await openContract(api, db, me);
    const work = dayOfWork(api, me.token, contract.id, contract.car.id, customer.id);
    const before = await fingerprint(db);
    const port = gateway.port;
    const secret = new URL(gateway.url).pathname.slice(1);

    await gateway.close();
    await expectOutage(work);
    gateway = await startNeonGateway({ postgres: { host: '127.0.0.1', port: proxy.port }, port, secret });

    expect(await fingerprint(db)).toEqual(before);
    expect((await work[0][1]()).status).toBe(200);
    expect((await work[1][1]()).status).toBe(200);
  });
});

describe('the live-board room goes away', () => {
  it('keeps every write working while the room is stopped, and the board is live again once it is back', async () => {
    // Wired as in production: the room asks this Worker about sessions and fetches what it missed from it.
    const apiPort = await freePort();
    const roomVars = { API_URL: `http://127.0.0.1:${apiPort}` };
    let party = await startPartyKit(roomVars);
    const port = Number(new URL(party.url).port);
    const api = await startWorker({ databaseUrl: db.url, bindings: { PARTYKIT_URL: party.url }, port: apiPort });
    try {
      const me = await salesperson(api, db, { preset: 'classic' });
      const { contract } = await openContract(api, db, me);
      const watcher = await connectLive(party.wsUrl, me.company.id, me.token);
      expect((await patchContract(api, me.token, contract.id, { status: 'priceNegotiation' })).status).toBe(200);
      await watcher.waitFor((m) => m.type === 'event' && (m.event as { to?: string }).to === 'priceNegotiation');
      await watcher.close();

      await party.stop();
      expect((await patchContract(api, me.token, contract.id, { status: 'contractDraft' })).status).toBe(200);
      expect((await readJson(await api.fetch(`/contracts/${contract.id}`, { headers: bearer(me.token) }))).status).toBe('contractDraft');
      const second = await openContract(api, db, me);
      expect((await api.fetch(`/contracts/${second.contract.id}`, { method: 'DELETE', headers: bearer(me.token) })).status).toBe(204);

      party = await startPartyKit(roomVars, { port });
      const back = await connectLive(party.wsUrl, me.company.id, me.token);
      expect((await patchContract(api, me.token, contract.id, { status: 'carInspection' })).status).toBe(200);
      await back.waitFor((m) => m.type === 'event' && (m.event as { to?: string }).to === 'carInspection');
      await back.close();
    } finally {
      await api.close();
      await party.stop();
    }
  }, 120_000);

  it('does not hold a response for a room that accepts connections and never answers', async () => {
    // A black hole: TCP accepted, nothing ever said back. The Worker answers first and tells the room afterwards.
    const held: Socket[] = [];
    const hole: Server = createServer((socket) => {
      held.push(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => hole.listen(0, '127.0.0.1', () => resolve()));
    const api = await startWorker({ databaseUrl: db.url, bindings: { PARTYKIT_URL: `http://127.0.0.1:${(hole.address() as { port: number }).port}` } });
    try {
      const company = await createCompany(db, { preset: 'classic' });
      const user = await createUser(db, company.id);
      const token = (await signIn(api, user.email)).accessToken;
      const { contract } = await openContract(api, db, { company, token });
      const res = await patchContract(api, token, contract.id, { status: 'priceNegotiation' });
      expect(res.status).toBe(200);
      expect((await readJson(res)).status).toBe('priceNegotiation');
      // The event really went towards the (silent) room: the response did not wait for it.
      await expect.poll(() => held.length).toBeGreaterThan(0);
    } finally {
      await api.close();
      for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => hole.close(() => resolve()));
    }
  });
});
