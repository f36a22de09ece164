// Tenancy: a company's data is invisible to every other company. For every route of the OpenAPI document that
// takes an id (in the path or in the body), another company's id answers 404 and nothing anywhere changes. The
// list of routes comes from the document, so a new id route without a case here fails the first test.
import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, createUser, jsonRequest, salesperson, signIn, uploadFile } from '../support/accounts';
import { openContract } from '../support/board';
import { fingerprint } from '../support/fingerprint';
import { readJson } from '../support/http';
import { operationsOf, type OpenApiDocument } from '../support/openapi-doc';

const ctx = useApi();

type Ids = { car: number; customer: number; contract: number; document: number; notification: number; user: number; company: number; image: string; stage: string };
type Probe = { path: string; init?: RequestInit };

/** For each id-taking operation, the requests that aim at the victim's ids (`mine` are the attacker's own). */
const probes: Record<string, (victim: Ids, mine: Ids, token: string) => Probe[]> = {
  'GET /cars/{id}': (v) => [{ path: `/cars/${v.car}` }],
  'PATCH /cars/{id}': (v, _, t) => [{ path: `/cars/${v.car}`, init: jsonRequest('PATCH', { mileage: 1 }, t) }],
  'DELETE /cars/{id}': (v) => [{ path: `/cars/${v.car}`, init: { method: 'DELETE' } }],
  'GET /customers/{id}': (v) => [{ path: `/customers/${v.customer}` }],
  'PATCH /customers/{id}': (v, _, t) => [{ path: `/customers/${v.customer}`, init: jsonRequest('PATCH', { memo: '빼앗긴 메모' }, t) }],
  'DELETE /customers/{id}': (v) => [{ path: `/customers/${v.customer}`, init: { method: 'DELETE' } }],
  'POST /contracts': (v, m, t) => [
    { path: '/contracts', init: jsonRequest('POST', { carId: v.car, customerId: m.customer, meetings: [] }, t) },
    { path: '/contracts', init: jsonRequest('POST', { carId: m.car, customerId: v.customer, meetings: [] }, t) },
  ],
  'GET /contracts/{id}': (v) => [{ path: `/contracts/${v.contract}` }],
  'PATCH /contracts/{id}': (v, m, t) => [
    { path: `/contracts/${v.contract}`, init: jsonRequest('PATCH', { status: 'priceNegotiation' }, t) },
    // The attacker's own contract, pointed at the victim's car, customer, salesperson or document.
    { path: `/contracts/${m.contract}`, init: jsonRequest('PATCH', { carId: v.car }, t) },
    { path: `/contracts/${m.contract}`, init: jsonRequest('PATCH', { customerId: v.customer }, t) },
    { path: `/contracts/${m.contract}`, init: jsonRequest('PATCH', { userId: v.user }, t) },
    { path: `/contracts/${m.contract}`, init: jsonRequest('PATCH', { contractDocuments: [{ id: v.document }] }, t) },
  ],
  'DELETE /contracts/{id}': (v) => [{ path: `/contracts/${v.contract}`, init: { method: 'DELETE' } }],
  'GET /contracts/{id}/history': (v) => [{ path: `/contracts/${v.contract}/history` }],
  // A stage only the victim's board has (stage keys are the company's own).
  'GET /board/stages/{stage}': (v) => [{ path: `/board/stages/${v.stage}` }],
  'POST /contractDocuments/upload': (v) => {
    const form = new FormData();
    form.append('contractId', String(v.contract));
    form.append('file', new Blob([new TextEncoder().encode('%PDF-1.7\n침입\n')]), '침입.pdf');
    return [{ path: '/contractDocuments/upload', init: { method: 'POST', body: form } }];
  },
  'GET /contractDocuments/{id}/download': (v) => [{ path: `/contractDocuments/${v.document}/download` }],
  'DELETE /contractDocuments/{id}': (v) => [{ path: `/contractDocuments/${v.document}`, init: { method: 'DELETE' } }],
  // The victim's image by its own URL, and its file name under the attacker's company.
  'DELETE /images/{companyId}/{file}': (v, m) => [
    { path: `/images/${v.company}/${v.image}`, init: { method: 'DELETE' } },
    { path: `/images/${m.company}/${v.image}`, init: { method: 'DELETE' } },
  ],
  'GET /notifications/contracts/{id}/history': (v) => [{ path: `/notifications/contracts/${v.contract}/history` }],
  'POST /notifications/{id}/read': (v) => [{ path: `/notifications/${v.notification}/read`, init: { method: 'POST' } }],
  'POST /notifications/{id}/resend': (v) => [{ path: `/notifications/${v.notification}/resend`, init: { method: 'POST' } }],
};

/**
 * Routes that span companies by design, each with the reason. Service administrators manage every company (the
 * web client's admin pages); a company member is refused with 403, checked below.
 */
const serviceWide: Record<string, (victim: Ids) => Probe> = {
  'DELETE /users/{id}': (v) => ({ path: `/users/${v.user}`, init: { method: 'DELETE' } }),
  'DELETE /companies/{id}': (v) => ({ path: `/companies/${v.company}`, init: { method: 'DELETE' } }),
};
/**
 * Routes a company's managers use on their own company (or its people) and administrators on any: another
 * company's id is 404 to a manager and 403 to staff (who may not use them at all), checked below.
 */
const managerScoped: Record<string, (victim: Ids) => Probe> = {
  'PATCH /companies/{id}': (v) => ({ path: `/companies/${v.company}`, init: { method: 'PATCH', body: JSON.stringify({ companyCode: 'TAKEN-OVER' }) } }),
  'PUT /companies/{id}/pipeline/stages': (v) => ({
    path: `/companies/${v.company}/pipeline/stages`,
    init: { method: 'PUT', body: JSON.stringify({ stages: [{ key: 'hijacked', label: '탈취', outcome: 'open' }] }) },
  }),
  'PATCH /companies/{id}/notifications/settings': (v) => ({ path: `/companies/${v.company}/notifications/settings`, init: { method: 'PATCH', body: JSON.stringify({ emailEnabled: false }) } }),
  'PATCH /users/{id}/role': (v) => ({ path: `/users/${v.user}/role`, init: { method: 'PATCH', body: JSON.stringify({ role: 'manager' }) } }),
};
/** Image URLs are public capabilities (an unguessable name, served to <img> tags without a token). */
const publicByDesign = new Set(['GET /images/{companyId}/{file}']);
/** Operations without an id in the path whose body names other records by id. */
const bodyIdRoutes = new Set(['POST /contracts', 'POST /contractDocuments/upload']);

async function victimCompany() {
  const owner = await salesperson(ctx.api, ctx.db, { preset: 'classic' });
  const meeting = { date: '2031-03-12T14:00:00', alarms: ['2031-03-11T09:00:00'] };
  const { contract, car, customer } = await openContract(ctx.api, ctx.db, owner, [meeting]);
  const uploaded = await uploadFile(ctx.api, '/contractDocuments/upload', owner.token, '%PDF-1.7\n계약서\n', {
    filename: '계약서.pdf', type: 'application/pdf', fields: { contractId: String(contract.id) },
  });
  expect(uploaded.status).toBe(201);
  await ctx.db.query(`insert into pipeline_stages (company_id, key, label, position, outcome) values ($1, 'victimsArchive', '보관', 99, 'won')`, [owner.company.id]);
  const [notification] = await ctx.db.query<{ id: number }>('select id from notifications where contract_id = $1 limit 1', [contract.id]);
  const png = new Uint8Array(2048).fill(3);
  png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const image = await uploadFile(ctx.api, '/images/upload', owner.token, png, { filename: 'car.png', type: 'image/png' });
  expect(image.status).toBe(201);
  const ids: Ids = {
    car: car.id, customer: customer.id, contract: contract.id, document: (await readJson(uploaded)).contractDocumentId,
    notification: notification!.id, user: owner.user.id, company: owner.company.id,
    image: new URL((await readJson(image)).imageUrl).pathname.split('/').pop()!,
    stage: 'victimsArchive',
  };
  return { owner, ids };
}

async function idOperations(): Promise<string[]> {
  const doc: OpenApiDocument = await readJson(await ctx.api.fetch('/openapi.json'));
  return operationsOf(doc)
    .filter((o) => o.path.includes('{') || bodyIdRoutes.has(o.name))
    .map((o) => o.name);
}

describe('tenant isolation', () => {
  it('has a case for every operation that takes an id', async () => {
    const covered = [...Object.keys(probes), ...Object.keys(serviceWide), ...Object.keys(managerScoped), ...publicByDesign].sort();
    expect(covered).toEqual((await idOperations()).sort());
  });

  it('answers 404 to another company’s ids on every route, for staff and for administrators, and changes nothing', async () => {
    const victim = await victimCompany();
    const attacker = await salesperson(ctx.api, ctx.db, { preset: 'classic' });
    const attackerAdmin = await createUser(ctx.db, attacker.company.id, { isAdmin: true });
    const adminToken = (await signIn(ctx.api, attackerAdmin.email)).accessToken;
    const own = await openContract(ctx.api, ctx.db, attacker);
    const mine: Ids = { ...victim.ids, car: own.car.id, customer: own.customer.id, contract: own.contract.id, company: attacker.company.id };
    const before = await fingerprint(ctx.db);

    let tried = 0;
    for (const token of [attacker.token, adminToken]) {
      for (const [operation, build] of Object.entries(probes)) {
        for (const { path, init } of build(victim.ids, mine, token)) {
          const headers = { ...(init?.headers as Record<string, string> | undefined), ...bearer(token) };
          const res = await ctx.api.fetch(path, { ...init, headers });
          const body = await readJson(res);
          expect(res.status, `${operation} ${path} ${init?.body ?? ''}`).toBe(404);
          expect(body).toMatchObject({ code: 'NOT_FOUND', requestId: expect.any(String) });
          tried++;
        }
      }
    }
    expect(tried).toBeGreaterThanOrEqual(2 * 20);
    expect(await fingerprint(ctx.db)).toEqual(before);

    // The victim still has everything, the document's bytes included.
    const download = await ctx.api.fetch(`/contractDocuments/${victim.ids.document}/download`, { headers: bearer(victim.owner.token) });
    expect(download.status).toBe(200);
    expect(await download.text()).toContain('계약서');
  });

  it('refuses company members on the service-wide administration routes (403), changing nothing', async () => {
    const victim = await victimCompany();
    const attacker = await salesperson(ctx.api, ctx.db);
    const before = await fingerprint(ctx.db);
    for (const [operation, build] of Object.entries(serviceWide)) {
      const { path, init } = build(victim.ids);
      const res = await ctx.api.fetch(path, { ...init, headers: { 'Content-Type': 'application/json', ...bearer(attacker.token) } });
      expect(res.status, operation).toBe(403);
    }
    expect(await fingerprint(ctx.db)).toEqual(before);
  });

  it('answers 404 to another company’s manager and 403 to its staff on the manager routes, changing nothing', async () => {
    const victim = await victimCompany();
    const attacker = await salesperson(ctx.api, ctx.db);
    const manager = await createUser(ctx.db, attacker.company.id, { role: 'manager' });
    const managerToken = (await signIn(ctx.api, manager.email)).accessToken;
    const before = await fingerprint(ctx.db);
    for (const [operation, build] of Object.entries(managerScoped)) {
      const { path, init } = build(victim.ids);
      for (const [token, status] of [[managerToken, 404], [attacker.token, 403]] as const) {
        const res = await ctx.api.fetch(path, { ...init, headers: { 'Content-Type': 'application/json', ...bearer(token) } });
        expect(res.status, `${operation} as ${status === 404 ? 'manager' : 'staff'}`).toBe(status);
        expect(await readJson(res)).toMatchObject({ code: status === 404 ? 'NOT_FOUND' : 'FORBIDDEN', requestId: expect.any(String) });
      }
    }
    expect(await fingerprint(ctx.db)).toEqual(before);
  });
});
