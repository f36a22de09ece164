// The Neon gateway is dev/test tooling, but everything local depends on it answering exactly as Neon does.
// These tests drive it with the real @neondatabase/serverless driver, through the app's own db module.
import { neon, neonConfig, Pool } from '@neondatabase/serverless';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import ws from 'ws';
import { startNeonGateway, type NeonGateway } from '../../scripts/neon-gateway';
import { createDb, withTransaction } from '../../src/db/client';
import { companies } from '../../src/db/schema';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
let gateway: NeonGateway;

beforeAll(async () => {
  neonConfig.webSocketConstructor = ws; // Node 20 has no global WebSocket; workerd does
  db = await createTestDatabase();
  gateway = await startNeonGateway({ postgres: { host: '127.0.0.1', port: inject('harness').postgresPort } });
  // Point the driver at our own gateway so its counters see only this file's traffic.
  createDb({ databaseUrl: db.url, localGateway: gateway.url });
  await db.query(`create table samples (
    id serial primary key, i int, big bigint, num numeric(20,6), flag boolean, label text,
    doc jsonb, tags text[], nums int[], at timestamptz, nothing text)`);
});

afterAll(async () => {
  await gateway?.close();
  await db?.drop();
});

const row = {
  i: 2147483647,
  big: '9007199254740993', // beyond Number.MAX_SAFE_INTEGER: must stay exact
  num: '12345678901234.123456',
  flag: true,
  label: '계약서 — 김민준 고객님 🚗',
  doc: { 모델: '그랜저', alarms: ['2026-11-23T09:00:00'], nested: { n: 1.5, ok: false, none: null } },
  tags: ['세단', 'with,comma', 'with "quotes"', ''],
  nums: [1, -2, 3],
  at: new Date('2026-11-22T09:30:15.123Z'),
  nothing: null,
};

const insertSql = `insert into samples (i, big, num, flag, label, doc, tags, nums, at, nothing)
  values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) returning i, big, num, flag, label, doc, tags, nums, at, nothing`;
const params = [row.i, row.big, row.num, row.flag, row.label, row.doc, row.tags, row.nums, row.at, row.nothing];

function expectExact(result: Record<string, unknown>) {
  // The driver leaves timestamptz as PostgreSQL's text (in both modes, as against Neon); drizzle maps it to Date.
  expect(result.at).toBe('2026-11-22 09:30:15.123+00');
  expect(new Date(String(result.at)).getTime()).toBe(row.at.getTime());
  expect(result).toEqual({
    i: row.i,
    big: row.big, // the driver returns int8 and numeric as strings, as against Neon
    num: row.num,
    flag: true,
    label: row.label,
    doc: row.doc,
    tags: row.tags,
    nums: row.nums,
    at: result.at,
    nothing: null,
  });
}

describe('SQL over HTTP', () => {
  it('round-trips int, bigint, numeric, boolean, Korean text, jsonb, arrays, timestamptz and null exactly', async () => {
    const sql = neon(db.url);
    const [inserted] = await sql.query(insertSql, params);
    expectExact(inserted!);
    const [read] = await sql.query('select i, big, num, flag, label, doc, tags, nums, at, nothing from samples where label = $1', [row.label]);
    expectExact(read!);
  });

  it('runs a batch as one transaction in one request: a failing statement leaves nothing written', async () => {
    const sql = neon(db.url);
    const before = gateway.stats().httpRequests;
    await expect(
      sql.transaction([
        sql.query(`insert into samples (label) values ('batch-1')`),
        sql.query(`insert into samples (label) values ('batch-2')`),
        sql.query(`insert into no_such_table values (1)`),
      ]),
    ).rejects.toMatchObject({ code: '42P01' });
    expect(gateway.stats().httpRequests).toBe(before + 1);
    expect(await db.query(`select * from samples where label like 'batch-%'`)).toEqual([]);
  });

  it('commits a successful batch and returns each statement’s rows in order', async () => {
    const sql = neon(db.url);
    const [first, second] = await sql.transaction([
      sql.query(`insert into samples (label) values ('ok-1') returning label`),
      sql.query(`select count(*)::int as n from samples where label like 'ok-%'`),
    ]);
    expect(first).toEqual([{ label: 'ok-1' }]);
    expect(second).toEqual([{ n: 1 }]);
  });

  it('passes PostgreSQL error codes and details through to the caller', async () => {
    const sql = neon(db.url);
    await db.query('create table uniq (k text primary key)');
    await sql.query(`insert into uniq values ('a')`);
    const error = await sql.query(`insert into uniq values ('a')`).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'NeonDbError', code: '23505', constraint: 'uniq_pkey', table: 'uniq' });
    expect(String((error as Error).message)).toContain('duplicate key');
  });

  it('serves drizzle over neon-http (the app’s query path)', async () => {
    const app = createDb({ databaseUrl: db.url, localGateway: gateway.url });
    const [company] = await app.insert(companies).values({ companyName: '테스트 상사', companyCode: 'T-1' }).returning();
    expect(company).toMatchObject({ companyName: '테스트 상사', companyCode: 'T-1', timezone: 'Asia/Seoul' });
    expect(company!.createdAt).toBeInstanceOf(Date);
  });
});

describe('WebSocket pipe', () => {
  it('round-trips the same values over a Pool connection', async () => {
    const pool = new Pool({ connectionString: db.url });
    try {
      const { rows } = await pool.query(insertSql, params);
      expectExact(rows[0]);
    } finally {
      await pool.end(); // must not hang: the pipe half-closes on Terminate
    }
  });

  it('runs interactive transactions through the app’s withTransaction, and rolls back on error', async () => {
    const settings = { databaseUrl: db.url, localGateway: gateway.url };
    const wsBefore = gateway.stats().wsConnections;
    await expect(
      withTransaction(settings, async (tx) => {
        await tx.insert(companies).values({ companyName: '롤백 상사', companyCode: 'ROLLBACK' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const created = await withTransaction(settings, async (tx) => {
      const [c] = await tx.insert(companies).values({ companyName: '커밋 상사', companyCode: 'COMMIT' }).returning();
      return c!;
    });
    expect(created.companyCode).toBe('COMMIT');
    expect(gateway.stats().wsConnections).toBe(wsBefore + 2);
    const codes = (await db.query<{ company_code: string }>('select company_code from companies')).map((r) => r.company_code);
    expect(codes).toContain('COMMIT');
    expect(codes).not.toContain('ROLLBACK');
  });
});

describe('safety', () => {
  it('listens on loopback only', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    const local = await fetch(`${gateway.url}/stats`);
    expect(local.status).toBe(200);
    if (external) {
      await expect(fetch(`http://${external}:${gateway.port}/stats`)).rejects.toThrow();
    }
  });

  it('refuses what a web page could send it: another Host (DNS rebinding), any Origin, or no run secret', async () => {
    const sql = JSON.stringify({ query: 'select 1', params: [] });
    const secretPath = new URL(gateway.url).pathname;
    const send = (path: string, headers: Record<string, string>) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: gateway.port, path, method: 'POST', headers: { 'Content-Type': 'application/json', 'Neon-Connection-String': db.url, ...headers } }, (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        });
        req.on('error', reject);
        req.end(sql);
      });
    expect((await send(`${secretPath}/sql`, {})).status).toBe(200);
    for (const [name, path, headers] of [
      ['a rebound Host', `${secretPath}/sql`, { Host: `attacker.example:${gateway.port}` }],
      ['a browser Origin', `${secretPath}/sql`, { Origin: 'http://attacker.example' }],
      ['a same-host Origin', `${secretPath}/sql`, { Origin: `http://127.0.0.1:${gateway.port}` }],
      ['no secret', '/sql', {}],
      ['a wrong secret', '/not-the-secret/sql', {}],
    ] as const) {
      const res = await send(path, headers);
      expect(res.status, name).toBe(403);
      expect(res.body, name).not.toMatch(/\d{4,5}|postgres:\/\//); // no port, no connection string
    }
  });

  it('checks the password of every request, even after a pool for that user and database is open', async () => {
    const sql = (connectionString: string) => fetch(`${gateway.url}/sql`, {
      method: 'POST',
      headers: { 'Neon-Connection-String': connectionString, 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: 'select 1', params: [] }),
    });
    expect((await sql(db.url)).status).toBe(200);
    const wrong = new URL(db.url);
    wrong.password = 'postgres';
    const res = await sql(wrong.toString());
    expect(res.status).not.toBe(200);
    expect(await res.text()).not.toContain('"rows"');
  });

  it('refuses to reach any PostgreSQL but its own', async () => {
    const res = await fetch(`${gateway.url}/sql`, {
      method: 'POST',
      headers: { 'Neon-Connection-String': 'postgres://u:p@10.0.0.1:5432/db', 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: 'select 1', params: [] }),
    });
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain(String(new URL(db.url).port)); // its error names nothing internal
  });
});
