// Property-based input testing (fast-check): generated path ids, query strings and JSON bodies, built from the
// OpenAPI document itself (its examples, enums and shapes, mutated with wrong types, SQL-looking text, very long
// and odd Unicode strings, nulls, extra and missing fields, malformed JSON), sent to every JSON route as an
// administrator and as a salesperson. Whatever comes in, the answer must never be a 5xx, must be a status the
// document lists for that route with the body it documents, and a refusal (or any GET) must not have written
// anything; after an accepted write, the data must still be whole (the invariants below).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { openApiDocument } from '../../src/app/openapi';
import { useApi } from '../support/api';
import { bearer, createCompany, createUser, jsonRequest, PASSWORD, signIn } from '../support/accounts';
import { fingerprint } from '../support/fingerprint';
import { readJson } from '../support/http';
import { exampleOf, operationsOf, resolve, responseChecker, type DocumentedOperation, type OpenApiDocument, type Schema } from '../support/openapi-doc';

const ctx = useApi();
const RUNS = Number(process.env.HARDENING_RUNS ?? 100);
/** A new seed every run explores new inputs; HARDENING_SEED=<the printed seed> replays a failing run exactly. */
const SEED = Number(process.env.HARDENING_SEED ?? Math.floor(Math.random() * 2 ** 31));

/**
 * Left out of the generated traffic: uploads are multipart (test/hardening/uploads.test.ts), and these two take no
 * input at all, only end the run's own session or account (after which every answer would be a 401).
 */
const NOT_FUZZED = new Set(['DELETE /users/me', 'POST /auth/logout']);
/** Generated ids for these never name the run's own company or users: deleting them would end the run the same way. */
const SPARE_SELF = new Set(['DELETE /users/{id}', 'DELETE /companies/{id}']);

// ---- generators ----------------------------------------------------------------------------------------------
const sqlLike = fc.constantFrom(
  "' OR '1'='1", "'; DROP TABLE cars; --", '" OR ""="', '1; SELECT pg_sleep(10)', "%' OR 1=1 --", '%', '_', '\\', '%%__\\\\',
  '$1', 'NULL', 'null', '<script>alert(1)</script>', '../../etc/passwd', '${jndi:ldap://x/a}', "Robert'); DELETE FROM contracts;--",
  'E\'\\x00\'', '0x7fffffff', '1e309', '-0', 'NaN', 'Infinity', '2026-02-30T25:61:00', '9999-12-31T23:59:59', '0000-00-00T00:00:00',
  '\u0000', 'a\u0000b', '\ud800', '\u202e역방향', '🚗'.repeat(50), 'ㄱ'.repeat(101), ' ', '\t\n',
);
const long = (lengths: number[]) => fc.constantFrom(...lengths).chain((n) => fc.constantFrom('가'.repeat(n), 'x'.repeat(n), "'".repeat(n)));
const longText = long([256, 1_000, 10_000, 120_000]);
/** Cloudflare refuses URLs over 16 KB before any Worker runs: long query values stay under that (ㄱ is 9 bytes encoded). */
const longQueryText = long([101, 256, 800]);
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const weird: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: text },
  { weight: 3, arbitrary: sqlLike },
  { weight: 1, arbitrary: longText },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, 1e308, 0.5, -0.0) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }) },
);

interface World {
  doc: OpenApiDocument;
  /** Real values the document cannot know (this company's ids and names), so generated writes can also succeed. */
  real: Record<string, fc.Arbitrary<unknown>>;
  ids: fc.Arbitrary<number>;
  /** The run's own company and users. */
  self: Set<string>;
}

function valueFor(world: World, key: string, input: Schema, depth: number): fc.Arbitrary<unknown> {
  const schema = resolve(world.doc, input);
  const variants: Schema[] | undefined = schema.anyOf ?? schema.oneOf;
  let shaped: fc.Arbitrary<unknown>;
  if (variants) {
    shaped = fc.oneof(...variants.map((v) => (v.type === 'null' ? fc.constant(null) : valueFor(world, key, v, depth + 1))));
  } else if (schema.properties || schema.allOf) {
    const properties: Record<string, Schema> = Object.assign({}, schema.properties, ...(schema.allOf ?? []).map((s: Schema) => resolve(world.doc, s).properties));
    const model = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, valueFor(world, k, v, depth + 1)]));
    shaped = fc
      .tuple(fc.record(model, { requiredKeys: [] }), fc.option(fc.tuple(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 1 })), { freq: 4 }))
      .map(([record, extra]) => (extra ? { ...record, [extra[0]]: extra[1] } : record));
  } else if (schema.type === 'array' && depth < 4) {
    shaped = fc.array(valueFor(world, key, schema.items ?? {}, depth + 1), { maxLength: 4 });
  } else {
    const documented = schema.enum ? fc.constantFrom(...(schema.enum as unknown[])) : fc.constant(exampleOf(world.doc, schema));
    shaped = world.real[key] ? fc.oneof(world.real[key]!, documented) : documented;
  }
  return fc.oneof({ weight: 5, arbitrary: shaped }, { weight: 1, arbitrary: weird });
}

/** What a client's encoder would send for a string with lone surrogates (encodeURIComponent throws on them). */
const wellFormed = (value: string) => new TextDecoder().decode(new TextEncoder().encode(value));

/** A body the document would accept, built from its examples and this company's real values, with at most one field broken. */
function nearlyValid(world: World, input: Schema): fc.Arbitrary<unknown> {
  const schema = resolve(world.doc, input);
  const properties: Record<string, Schema> = Object.assign({}, schema.properties, ...(schema.allOf ?? []).map((s: Schema) => resolve(world.doc, s).properties));
  const keys = Object.keys(properties);
  if (!keys.length) return fc.constant(exampleOf(world.doc, schema));
  const model = Object.fromEntries(keys.map((k) => [k, world.real[k] ?? fc.constant(exampleOf(world.doc, properties[k]))]));
  return fc
    .tuple(fc.record(model), fc.option(fc.tuple(fc.constantFrom(...keys), weird), { freq: 2 }))
    .map(([body, broken]) => (broken ? { ...body, [broken[0]]: broken[1] } : body));
}

const pathValue = (world: World) =>
  fc.oneof(
    { weight: 4, arbitrary: world.ids.map(String) },
    { weight: 2, arbitrary: fc.integer({ min: -10, max: 3_000_000_000 }).map(String) },
    { weight: 2, arbitrary: fc.oneof(text, sqlLike).filter((s) => s.length > 0 && s !== '.' && s !== '..') },
  );

function queryValue(world: World, name: string, schema: Schema | undefined): fc.Arbitrary<string> {
  const documented = fc.constant(String(exampleOf(world.doc, schema) ?? ''));
  const choices: fc.Arbitrary<string>[] = [documented, text, sqlLike, longQueryText, fc.integer().map(String)];
  const values = resolve(world.doc, schema).enum as string[] | undefined;
  if (values) choices.push(fc.constantFrom(...values));
  if (world.real[name]) choices.push(world.real[name]!.map(String));
  return fc.oneof(...choices);
}

/** One generated request for `operation`: path, query string, headers and body. */
function requestFor(world: World, { op, path, name }: DocumentedOperation) {
  const params = op.parameters ?? [];
  const pathArb = SPARE_SELF.has(name) ? pathValue(world).filter((v) => !world.self.has(v)) : pathValue(world);
  const pathArbs = Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, pathArb]));
  const queryArbs = Object.fromEntries(params.filter((p) => p.in === 'query').map((p) => [p.name, queryValue(world, p.name, p.schema)]));
  const ifMatch = params.some((p) => p.in === 'header' && p.name === 'if-match')
    ? fc.option(fc.oneof(fc.constantFrom('"v1"', '"v2"', '"v3"', '*', 'W/"v1"', '"v-1"'), fc.string({ maxLength: 20 })), { nil: undefined })
    : fc.constant(undefined);
  const schema = op.requestBody?.content['application/json']?.schema;
  const body = schema
    ? fc.oneof(
        { weight: 4, arbitrary: nearlyValid(world, schema).map((v) => JSON.stringify(v)) },
        { weight: 6, arbitrary: valueFor(world, '', schema, 0).map((v) => JSON.stringify(v)) },
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
        { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', '', 'null', '[]', 'true', '"문자열"', '{"carId": 1,}', '\u0000', "{'single': 'quotes'}") },
        { weight: 1, arbitrary: longText.map((t) => JSON.stringify({ memo: t, name: t })) },
        { weight: 1, arbitrary: fc.constant(`{"memo":"${'가'.repeat(400_000)}"}`) }, // over the 1 MiB JSON cap
      )
    : fc.constant(undefined);
  return fc.record({
    path: fc.record(pathArbs, { requiredKeys: Object.keys(pathArbs) }),
    query: fc.record(queryArbs, { requiredKeys: [] }),
    extraQuery: fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.oneof(text, sqlLike)), { freq: 5 }),
    ifMatch,
    body,
    as: fc.constantFrom('admin' as const, 'staff' as const),
  }).map((r) => {
    const url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(wellFormed(String(r.path[name]))));
    const search = new URLSearchParams(Object.entries(r.query).map(([k, v]): [string, string] => [k, String(v)]));
    if (r.extraQuery) search.append(...r.extraQuery);
    return { url: search.size ? `${url}?${search}` : url, ifMatch: r.ifMatch?.replace(/[^\x20-\x7e]/g, ''), body: r.body, as: r.as };
  });
}

// ---- invariants: what "whole" means for the data after any accepted write --------------------------------------
const INVARIANTS: Record<string, string> = {
  'every contract has its history, ending at its current stage': `
    select c.id from contracts c
    left join lateral (select to_status from contract_status_history h where h.contract_id = c.id order by h.id desc limit 1) h on true
    where h.to_status is distinct from c.status`,
  'every contract, car and customer has its creation audited': `
    select t.name, t.id from (select 'contracts' as name, id from contracts union all select 'cars', id from cars union all select 'customers', id from customers) t
    where not exists (select 1 from audit_logs a where a.table_name = t.name and a.record_id = t.id and a.action = 'CREATE')`,
  'a car follows its open or won contract': `
    select c.id from contracts c
    join pipeline_stages s on s.company_id = c.company_id and s.key = c.status
    join cars car on car.id = c.car_id
    where (s.outcome = 'open' and car.status <> 'contractProceeding') or (s.outcome = 'won' and car.status <> 'contractCompleted')`,
  'a car out of stock has exactly one open or won contract': `
    select car.id from cars car where car.status <> 'possession' and 1 <> (
      select count(*) from contracts c join pipeline_stages s on s.company_id = c.company_id and s.key = c.status
      where c.car_id = car.id and s.outcome in ('open', 'won'))`,
  'every company has a board and notification settings': `
    select co.id from companies co
    where not exists (select 1 from pipeline_stages s where s.company_id = co.id)
       or not exists (select 1 from notification_settings n where n.company_id = co.id)`,
  'everything points inside its own company': `
    select c.id from contracts c join cars car on car.id = c.car_id join customers cu on cu.id = c.customer_id
    left join users u on u.id = c.user_id
    where car.company_id <> c.company_id or cu.company_id <> c.company_id or u.company_id <> c.company_id
    union all
    select d.id from contract_documents d join contracts c on c.id = d.contract_id where d.company_id <> c.company_id`,
};

async function brokenInvariants(): Promise<Record<string, unknown[]>> {
  const broken: Record<string, unknown[]> = {};
  for (const [name, query] of Object.entries(INVARIANTS)) {
    const rows = await ctx.db.query(query);
    if (rows.length) broken[name] = rows;
  }
  return broken;
}

// ---- the run -------------------------------------------------------------------------------------------------
const tally = { requests: 0, byStatus: new Map<number, number>(), accepted: 0 };

/** The routes under test, from the route definitions (test/client shows the Worker serves this very document). */
const operations = operationsOf(openApiDocument(buildApp()) as unknown as OpenApiDocument)
  .filter((o) => !NOT_FUZZED.has(o.name) && !o.op.requestBody?.content['multipart/form-data'])
  // Deletions last, so the other routes meet the records first.
  .sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));

describe('generated input on every JSON route', () => {
  let world: World;
  let tokens: Record<'admin' | 'staff', string>;
  let doc: OpenApiDocument;
  let check: ReturnType<typeof responseChecker>;
  /** The data as the last accepted write left it. */
  let current: Record<string, string>;

  beforeAll(async () => {
    doc = await readJson(await ctx.api.fetch('/openapi.json'));
    const company = await createCompany(ctx.db, { preset: 'classic' });
    const admin = await createUser(ctx.db, company.id, { isAdmin: true });
    const staff = await createUser(ctx.db, company.id);
    tokens = { admin: (await signIn(ctx.api, admin.email)).accessToken, staff: (await signIn(ctx.api, staff.email)).accessToken };
    // Real records, made through the API so they are whole (audited, with history) from the start.
    const made = { car: [] as number[], customer: [] as number[], contract: [] as number[] };
    for (let i = 0; i < 3; i++) {
      const car = await readJson(await ctx.api.fetch('/cars', jsonRequest('POST', { carNumber: `${11 + i}퍼${1000 + i}`, manufacturer: '현대', model: '아반떼', manufacturingYear: 2020, mileage: 1000, price: 20_000_000 }, tokens.staff)));
      const customer = await readJson(await ctx.api.fetch('/customers', jsonRequest('POST', { name: `고객${i}`, gender: 'female', phoneNumber: '010-1111-2222', email: `fuzz${i}@example.com` }, tokens.staff)));
      made.car.push(car.id);
      made.customer.push(customer.id);
    }
    for (let i = 0; i < 2; i++) {
      const meetings = [{ date: '2031-05-01T10:00:00', alarms: ['2031-04-30T09:00:00'] }];
      const contract = await readJson(await ctx.api.fetch('/contracts', jsonRequest('POST', { carId: made.car[i], customerId: made.customer[i], meetings }, tokens.staff)));
      made.contract.push(contract.id);
    }
    const other = await createCompany(ctx.db);
    const stranger = (await signIn(ctx.api, (await createUser(ctx.db, other.id)).email)).accessToken;
    const foreign = await readJson(await ctx.api.fetch('/cars', jsonRequest('POST', { carNumber: '99허9999', manufacturer: '기아', model: 'K5', manufacturingYear: 2020, mileage: 1, price: 1 }, stranger)));
    const notifications = (await ctx.db.query<{ id: number }>('select id from notifications')).map((r) => r.id);
    const stageKeys = (await ctx.db.query<{ key: string }>('select key from pipeline_stages where company_id = $1', [company.id])).map((r) => r.key);
    const allIds = [...made.car, ...made.customer, ...made.contract, ...notifications, admin.id, staff.id, company.id, other.id, foreign!.id];
    let emails = 0;
    world = {
      doc,
      ids: fc.constantFrom(...allIds),
      self: new Set([admin.id, staff.id, company.id].map(String)),
      real: {
        carId: fc.constantFrom(...made.car, foreign!.id),
        customerId: fc.constantFrom(...made.customer),
        userId: fc.constantFrom(admin.id, staff.id),
        id: fc.constantFrom(...allIds),
        companyName: fc.constant(company.name),
        companyCode: fc.constant(company.code),
        currentPassword: fc.constant(PASSWORD),
        status: fc.constantFrom(...stageKeys),
        key: fc.constantFrom(...stageKeys),
        email: fc.constant(null).map(() => `generated${++emails}@example.com`),
        carNumber: fc.integer({ min: 10, max: 99 }).map((n) => `${n}가${1000 + n}`),
      },
    };
    check = responseChecker(doc);
    current = await fingerprint(ctx.db);
  });

  afterAll(() => {
    const statuses = [...tally.byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
    console.log(`input properties (HARDENING_SEED=${SEED}): ${tally.requests} generated requests, ${tally.accepted} accepted writes; statuses ${statuses}`);
  });

  it('covers every JSON route', () => {
    expect(operations.length).toBeGreaterThanOrEqual(45);
  });

  it.each(operations.map((operation, index) => [operation.name, operation, index] as const))(
    '%s: never 5xx, only what the document lists, no half-written record',
    async (_, operation, index) => {
      const property = fc.asyncProperty(requestFor(world, operation), async (request) => {
        const headers: Record<string, string> = { ...bearer(tokens[request.as]) };
        if (request.body !== undefined) headers['Content-Type'] = 'application/json';
        if (request.ifMatch !== undefined) headers['If-Match'] = request.ifMatch;
        const res = await ctx.api.fetch(request.url, { method: operation.method, headers, body: request.body });
        const raw = await res.arrayBuffer();
        tally.requests++;
        tally.byStatus.set(res.status, (tally.byStatus.get(res.status) ?? 0) + 1);
        const what = `${operation.method} ${request.url.slice(0, 300)} as ${request.as} → ${res.status}: ${new TextDecoder().decode(raw.slice(0, 300))}`;

        expect(res.status, what).toBeLessThan(500);
        expect(Object.keys(operation.op.responses), `${what} (status not in the document)`).toContain(String(res.status));
        expect(res.headers.get('X-Request-Id'), what).toBeTruthy();
        if (res.headers.get('Content-Type')?.startsWith('application/json')) {
          const body = JSON.parse(new TextDecoder().decode(raw));
          expect(check(operation, res.status, body), `${what} (body does not match the document)`).toBeUndefined();
          if (res.status >= 400) expect(body.requestId, what).toBe(res.headers.get('X-Request-Id'));
        }

        const after = await fingerprint(ctx.db);
        if (res.status >= 400 || operation.method === 'GET') {
          expect(after, `${what} (changed data)`).toEqual(current);
        } else {
          tally.accepted++;
          const broken = await brokenInvariants();
          expect(broken, `${what} (broke: ${JSON.stringify(broken)})`).toEqual({});
          current = after;
        }
      });
      await fc.assert(property, { numRuns: RUNS, endOnFailure: true, seed: SEED + index });
    },
    30_000 + RUNS * 300,
  );

  it('reaches both sides: accepted writes and every kind of refusal', () => {
    expect(tally.requests).toBe(operations.length * RUNS);
    expect(tally.accepted).toBeGreaterThan(0);
    for (const status of [400, 403, 404, 409, 413]) expect(tally.byStatus.get(status) ?? 0, `answers ${status}`).toBeGreaterThan(0);
  });
});
