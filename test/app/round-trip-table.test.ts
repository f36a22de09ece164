// A per-route table of database round trips: one representative call of every documented operation (plus a few
// failure paths), each counted alone through the file's own Neon gateway. Every signed-in request carries its
// session check in the same trip, so the budget is one trip per request; only the routes that must check a
// secret in the Worker between two statements (sign-in, sign-up, profile update) take two. Writes the table as JSON
// to ROUND_TRIP_TABLE_OUT (default: a temp file) and prints it as markdown, to compare trees.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useCountedApi } from '../support/api';
import { bearer, createCompany, createUser, jsonRequest, PASSWORD, signIn, uploadFile } from '../support/accounts';
import { readJson } from '../support/http';
import { addCar, addCustomer } from '../support/inventory';
import { operationsOf, type OpenApiDocument } from '../support/openapi-doc';

const ctx = useCountedApi();

const OUT = process.env.ROUND_TRIP_TABLE_OUT ?? join(tmpdir(), 'carmate-round-trips.json');
/** The routes allowed a second trip (the secret is checked between the two); every other request gets one. */
const TWO_TRIPS = new Set(['POST /auth/login', 'POST /users', 'PATCH /users/me', 'PATCH /users/me (new password)']);
const sampleCars = readFileSync(new URL('../fixtures/sample-cars.csv', import.meta.url), 'utf8');
const sampleCustomers = readFileSync(new URL('../fixtures/sample-customers.csv', import.meta.url), 'utf8');

interface Row { key: string; trips: number; status: number; expected: number }
const rows: Row[] = [];

const api = () => ctx.counted.worker;
const get = (token?: string): RequestInit => ({ headers: token ? bearer(token) : {} });
const del = (token: string): RequestInit => ({ method: 'DELETE', headers: bearer(token) });
const post = (token: string): RequestInit => ({ method: 'POST', headers: bearer(token) });

/** Counts the round trips of exactly one request (its body read to the end, and a moment for stray work). */
async function measure(key: string, expected: number, request: () => Promise<Response>) {
  let status = 0;
  const trips = await ctx.counted.roundTrips(async () => {
    const res = await request();
    status = res.status;
    await res.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 30));
  });
  rows.push({ key, trips, status, expected });
  expect(status, key).toBe(expected);
  expect(trips, `${key}: database round trips`).toBeLessThanOrEqual(TWO_TRIPS.has(key) ? 2 : 1);
  return trips;
}

let seq = 0;
const n = () => `${process.pid}x${++seq}`;

const pdf = () => {
  const bytes = new Uint8Array(2048);
  bytes.set(new TextEncoder().encode('%PDF-1.4\n'));
  return bytes;
};
const png = () => {
  const bytes = new Uint8Array(512);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return bytes;
};

function uploadDocument(token: string, contractId?: number) {
  const form = new FormData();
  if (contractId !== undefined) form.append('contractId', String(contractId));
  form.append('file', new Blob([pdf()], { type: 'application/pdf' }), '매매계약서.pdf');
  return api().fetch('/contractDocuments/upload', { method: 'POST', headers: bearer(token), body: form });
}

// The main tenant: a company with a salesperson and an administrator, some stock, customers, contracts,
// a document, delivered reminders and an uploaded image.
const t = {} as {
  company: { id: number; name: string; code: string };
  staff: { id: number; email: string };
  admin: { id: number; email: string };
  staffToken: string;
  adminToken: string;
  carIds: number[];
  customerIds: number[];
  contractIds: number[];
  wonContractId: number;
  documentContractId: number;
  documentId: number;
  reminderContractId: number;
  notificationIds: number[];
  imagePath: string;
};

async function openContract(token: string, companyId: number, meetings: unknown[] = []) {
  const car = await addCar(ctx.db, companyId);
  const customer = await addCustomer(ctx.db, companyId);
  const res = await api().fetch('/contracts', jsonRequest('POST', { carId: car.id, customerId: customer.id, meetings }, token));
  if (res.status !== 201) throw new Error(`open contract: ${res.status} ${await res.text()}`);
  return (await readJson(res)) as { id: number; version: number };
}

async function patch(token: string, id: number, body: unknown) {
  const res = await api().fetch(`/contracts/${id}`, jsonRequest('PATCH', body, token));
  if (res.status !== 200) throw new Error(`patch contract: ${res.status} ${await res.text()}`);
  return readJson(res);
}

async function freshStaff() {
  const user = await createUser(ctx.db, t.company.id);
  const session = await signIn(api(), user.email);
  return { user, session, token: session.accessToken };
}

beforeAll(async () => {
  const company = await createCompany(ctx.db);
  const staff = await createUser(ctx.db, company.id);
  const admin = await createUser(ctx.db, company.id, { isAdmin: true });
  const [s, a] = await Promise.all([signIn(api(), staff.email), signIn(api(), admin.email)]);
  Object.assign(t, { company, staff, admin, staffToken: s.accessToken, adminToken: a.accessToken });

  t.carIds = [];
  t.customerIds = [];
  for (let i = 0; i < 5; i++) {
    t.carIds.push((await addCar(ctx.db, company.id)).id);
    t.customerIds.push((await addCustomer(ctx.db, company.id)).id);
  }
  t.contractIds = [];
  for (let i = 0; i < 4; i++) t.contractIds.push((await openContract(t.staffToken, company.id, [{ date: '2031-06-01T10:00:00', alarms: [] }])).id);
  await patch(t.staffToken, t.contractIds[0]!, { status: 'priceNegotiation' });
  await patch(t.staffToken, t.contractIds[0]!, { status: 'contractDraft' });
  // A won contract without documents (for the draft dropdown), and a won one with a document.
  t.wonContractId = (await openContract(t.staffToken, company.id)).id;
  await patch(t.staffToken, t.wonContractId, { status: 'contractSuccessful', resolutionDate: '2026-01-10T10:00:00' });
  t.documentContractId = (await openContract(t.staffToken, company.id)).id;
  await patch(t.staffToken, t.documentContractId, { status: 'contractSuccessful', resolutionDate: '2026-01-11T10:00:00' });
  const uploaded = await uploadDocument(t.staffToken, t.documentContractId);
  if (uploaded.status !== 201) throw new Error(`upload document: ${uploaded.status} ${await uploaded.text()}`);
  t.documentId = (await readJson(uploaded)).contractDocumentId;

  // Delivered reminders in the salesperson's inbox.
  t.reminderContractId = (await openContract(t.staffToken, company.id, [
    { date: '2032-01-10T10:00:00', alarms: ['2032-01-09T09:00:00', '2032-01-10T09:00:00'] },
  ])).id;
  await api().scheduled({ time: new Date('2032-01-10T00:00:00Z') });
  const inbox = await readJson(await api().fetch('/notifications', get(t.staffToken)));
  t.notificationIds = inbox.data.map((item: { id: number }) => item.id);
  if (t.notificationIds.length < 2) throw new Error(`expected delivered reminders, got ${JSON.stringify(inbox)}`);

  const image = await uploadFile(api(), '/images/upload', t.staffToken, png(), { type: 'image/png', filename: 'me.png' });
  if (image.status !== 201) throw new Error(`upload image: ${image.status} ${await image.text()}`);
  t.imagePath = new URL((await readJson(image)).imageUrl).pathname;

  // Warm the Worker (first-request work such as config parsing) so it is not charged to the first row.
  await api().fetch('/users/me', get(t.staffToken));
});

afterAll(() => {
  const table = Object.fromEntries(rows.map((r) => [r.key, r.trips]));
  writeFileSync(OUT, `${JSON.stringify(table, null, 2)}\n`);
  const lines = ['| Route | Round trips | Status |', '| --- | ---: | ---: |'];
  for (const r of [...rows].sort((a, b) => a.key.localeCompare(b.key))) {
    lines.push(`| \`${r.key}\` | ${r.trips} | ${r.status}${r.status === r.expected ? '' : ` ⚠ expected ${r.expected}`} |`);
  }
  console.log(`\nDatabase round trips per request (written to ${OUT}):\n\n${lines.join('\n')}\n`);
});

describe('round trips per operation', () => {
  it('GET /health', async () => {
    await measure('GET /health', 200, () => api().fetch('/health'));
  });

  describe('auth', () => {
    it('POST /auth/login', async () => {
      const user = await createUser(ctx.db, t.company.id);
      await measure('POST /auth/login', 200, () => api().fetch('/auth/login', jsonRequest('POST', { email: user.email, password: PASSWORD })));
      await measure('POST /auth/login (wrong password)', 404, () =>
        api().fetch('/auth/login', jsonRequest('POST', { email: user.email, password: 'not-the-password' })));
    });

    it('POST /auth/refresh', async () => {
      const { session } = await freshStaff();
      await measure('POST /auth/refresh', 200, () => api().fetch('/auth/refresh', jsonRequest('POST', { refreshToken: session.refreshToken })));
      await measure('POST /auth/refresh (unknown token)', 400, () =>
        api().fetch('/auth/refresh', jsonRequest('POST', { refreshToken: 'q8Y0n3S2cF1kq9Xv3xM2h1b6w8vJ4tS0aQ7eR5uN2pE' })));
    });

    it('POST /auth/logout', async () => {
      const { token } = await freshStaff();
      await measure('POST /auth/logout', 204, () => api().fetch('/auth/logout', post(token)));
    });

    it('GET /auth/session', async () => {
      await measure('GET /auth/session', 204, () => api().fetch('/auth/session', get(t.staffToken)));
    });
  });

  describe('users', () => {
    const signUpBody = (companyCode: string) => {
      const id = n();
      return {
        name: '왕복', email: `signup${id}@example.com`, employeeNumber: `SU${id}`, phoneNumber: '010-1111-2222',
        password: PASSWORD, passwordConfirmation: PASSWORD, companyName: t.company.name, companyCode,
      };
    };

    it('POST /users', async () => {
      await measure('POST /users', 201, () => api().fetch('/users', jsonRequest('POST', signUpBody(t.company.code))));
      await measure('POST /users (wrong company code)', 400, () => api().fetch('/users', jsonRequest('POST', signUpBody('NO-SUCH-CODE'))));
    });

    it('GET /users/me', async () => {
      await measure('GET /users/me', 200, () => api().fetch('/users/me', get(t.staffToken)));
    });

    it('GET /users', async () => {
      await measure('GET /users', 200, () => api().fetch('/users?page=1&pageSize=8', get(t.staffToken)));
    });

    it('PATCH /users/{id}/role', async () => {
      const { user } = await freshStaff();
      await measure('PATCH /users/{id}/role', 200, () => api().fetch(`/users/${user.id}/role`, jsonRequest('PATCH', { role: 'manager' }, t.adminToken)));
    });

    it('PATCH /users/me', async () => {
      const a = await freshStaff();
      await measure('PATCH /users/me', 200, () =>
        api().fetch('/users/me', jsonRequest('PATCH', { phoneNumber: '010-2222-3333', currentPassword: PASSWORD }, a.token)));
      const b = await freshStaff();
      await signIn(api(), b.user.email); // a second session, which the password change signs out
      await measure('PATCH /users/me (new password)', 200, () =>
        api().fetch('/users/me', jsonRequest('PATCH', { password: 'carmate2027', passwordConfirmation: 'carmate2027', currentPassword: PASSWORD }, b.token)));
      const c = await freshStaff();
      await measure('PATCH /users/me (wrong currentPassword)', 400, () =>
        api().fetch('/users/me', jsonRequest('PATCH', { phoneNumber: '010-2222-3333', currentPassword: 'not-the-password' }, c.token)));
    });

    it('DELETE /users/me', async () => {
      const { token } = await freshStaff();
      await measure('DELETE /users/me', 204, () => api().fetch('/users/me', del(token)));
    });

    it('DELETE /users/{id}', async () => {
      const { user } = await freshStaff();
      await measure('DELETE /users/{id}', 204, () => api().fetch(`/users/${user.id}`, del(t.adminToken)));
    });

    it('GET /companies/users', async () => {
      await measure('GET /companies/users', 200, () => api().fetch('/companies/users?page=1&pageSize=10&searchBy=companyName&keyword=', get(t.adminToken)));
    });
  });

  describe('companies', () => {
    it('GET /companies', async () => {
      await measure('GET /companies', 200, () => api().fetch('/companies?page=1&pageSize=10&searchBy=companyName&keyword=', get(t.adminToken)));
    });

    it('POST /companies', async () => {
      const id = n();
      await measure('POST /companies', 201, () => api().fetch('/companies', jsonRequest('POST', { companyName: `왕복상사${id}`, companyCode: `RT${id}` }, t.adminToken)));
    });

    it('PATCH /companies/{id}', async () => {
      const company = await createCompany(ctx.db);
      await measure('PATCH /companies/{id}', 200, () =>
        api().fetch(`/companies/${company.id}`, jsonRequest('PATCH', { companyName: `${company.name}2`, companyCode: `${company.code}B` }, t.adminToken)));
    });

    it('DELETE /companies/{id}', async () => {
      const company = await createCompany(ctx.db);
      await createUser(ctx.db, company.id);
      await addCar(ctx.db, company.id);
      await addCustomer(ctx.db, company.id);
      await measure('DELETE /companies/{id}', 204, () => api().fetch(`/companies/${company.id}`, del(t.adminToken)));
    });
  });

  describe('cars', () => {
    it('GET /cars/models', async () => {
      await measure('GET /cars/models', 200, () => api().fetch('/cars/models', get(t.staffToken)));
    });

    it('GET /cars', async () => {
      await measure('GET /cars', 200, () => api().fetch('/cars?page=1&pageSize=8&searchBy=carNumber&keyword=', get(t.staffToken)));
    });

    it('GET /cars/{id}', async () => {
      await measure('GET /cars/{id}', 200, () => api().fetch(`/cars/${t.carIds[0]}`, get(t.staffToken)));
    });

    it('POST /cars', async () => {
      const body = { carNumber: `${n().slice(-4)}허${seq}`, manufacturer: '현대', model: '아반떼', manufacturingYear: 2020, mileage: 1000, price: 20_000_000 };
      await measure('POST /cars', 201, () => api().fetch('/cars', jsonRequest('POST', body, t.staffToken)));
    });

    it('PATCH /cars/{id}', async () => {
      const car = await addCar(ctx.db, t.company.id);
      await measure('PATCH /cars/{id}', 200, () => api().fetch(`/cars/${car.id}`, jsonRequest('PATCH', { price: 21_000_000, mileage: 2000 }, t.staffToken)));
    });

    it('DELETE /cars/{id}', async () => {
      const car = await addCar(ctx.db, t.company.id);
      await measure('DELETE /cars/{id}', 204, () => api().fetch(`/cars/${car.id}`, del(t.staffToken)));
    });

    it('POST /cars/upload', async () => {
      await measure('POST /cars/upload', 200, () => uploadFile(api(), '/cars/upload', t.staffToken, sampleCars, { filename: 'cars.csv' }));
    });
  });

  describe('customers', () => {
    it('GET /customers', async () => {
      await measure('GET /customers', 200, () => api().fetch('/customers?page=1&pageSize=8&searchBy=name&keyword=', get(t.staffToken)));
    });

    it('GET /customers/{id}', async () => {
      await measure('GET /customers/{id}', 200, () => api().fetch(`/customers/${t.customerIds[0]}`, get(t.staffToken)));
    });

    it('POST /customers', async () => {
      const body = { name: '김민준', gender: 'male', phoneNumber: '010-1234-5678', email: `new${n()}@example.com`, region: '서울', ageGroup: '30대', memo: '' };
      await measure('POST /customers', 201, () => api().fetch('/customers', jsonRequest('POST', body, t.staffToken)));
    });

    it('PATCH /customers/{id}', async () => {
      const customer = await addCustomer(ctx.db, t.company.id);
      await measure('PATCH /customers/{id}', 200, () => api().fetch(`/customers/${customer.id}`, jsonRequest('PATCH', { memo: '재방문', region: '부산' }, t.staffToken)));
    });

    it('DELETE /customers/{id}', async () => {
      const customer = await addCustomer(ctx.db, t.company.id);
      await measure('DELETE /customers/{id}', 204, () => api().fetch(`/customers/${customer.id}`, del(t.staffToken)));
    });

    it('POST /customers/upload', async () => {
      await measure('POST /customers/upload', 200, () => uploadFile(api(), '/customers/upload', t.staffToken, sampleCustomers, { filename: 'customers.csv' }));
    });
  });

  describe('pipeline', () => {
    it('GET /pipeline', async () => {
      await measure('GET /pipeline', 200, () => api().fetch('/pipeline', get(t.staffToken)));
    });

    it('PUT /pipeline/stages', async () => {
      const stages = [
        { key: 'carInspection', label: '차량 확인', outcome: 'open' },
        { key: 'priceNegotiation', label: '가격 협상', outcome: 'open' },
        { key: 'contractDraft', label: '계약서 작성 중', outcome: 'open' },
        { key: 'contractSuccessful', label: '계약 성공', outcome: 'won' },
        { key: 'contractFailed', label: '계약 실패', outcome: 'lost' },
      ];
      await measure('PUT /pipeline/stages', 200, () => api().fetch('/pipeline/stages', jsonRequest('PUT', { stages }, t.adminToken)));
      await measure('PUT /companies/{id}/pipeline/stages', 200, () =>
        api().fetch(`/companies/${t.company.id}/pipeline/stages`, jsonRequest('PUT', { stages }, t.adminToken)));
    });
  });

  describe('contracts', () => {
    it('GET /contracts', async () => {
      await measure('GET /contracts', 200, () => api().fetch('/contracts?searchBy=customerName&keyword=', get(t.staffToken)));
      // Unchanged since the caller's ETag: still one trip (the version check), and no board built.
      const tag = (await api().fetch('/contracts', get(t.staffToken))).headers.get('ETag')!;
      const headers = { ...(get(t.staffToken).headers as Record<string, string>), 'If-None-Match': tag };
      await measure('GET /contracts (If-None-Match, unchanged)', 304, () => api().fetch('/contracts', { headers }));
    });

    it('GET /board/stages/{stage}', async () => {
      await measure('GET /board/stages/{stage}', 200, () => api().fetch('/board/stages/contractSuccessful?limit=10', get(t.staffToken)));
    });

    it('GET /contracts/cars, /contracts/customers, /contracts/users', async () => {
      for (const path of ['/contracts/cars', '/contracts/customers', '/contracts/users']) {
        await measure(`GET ${path}`, 200, () => api().fetch(path, get(t.staffToken)));
      }
    });

    it('GET /contracts/{id}', async () => {
      await measure('GET /contracts/{id}', 200, () => api().fetch(`/contracts/${t.contractIds[0]}`, get(t.staffToken)));
    });

    it('GET /contracts/{id}/history', async () => {
      await measure('GET /contracts/{id}/history', 200, () => api().fetch(`/contracts/${t.contractIds[0]}/history`, get(t.staffToken)));
    });

    it('POST /contracts', async () => {
      const car = await addCar(ctx.db, t.company.id);
      const customer = await addCustomer(ctx.db, t.company.id);
      await measure('POST /contracts', 201, () =>
        api().fetch('/contracts', jsonRequest('POST', { carId: car.id, customerId: customer.id, meetings: [{ date: '2031-07-01T10:00:00', alarms: ['2031-06-30T09:00:00'] }] }, t.staffToken)));
    });

    it('PATCH /contracts/{id}', async () => {
      const c = t.company.id;
      const moved = await openContract(t.staffToken, c);
      await measure('PATCH /contracts/{id}', 200, () => api().fetch(`/contracts/${moved.id}`, jsonRequest('PATCH', { status: 'priceNegotiation' }, t.staffToken)));

      const won = await openContract(t.staffToken, c);
      await measure('PATCH /contracts/{id} (move to won)', 200, () =>
        api().fetch(`/contracts/${won.id}`, jsonRequest('PATCH', { status: 'contractSuccessful', resolutionDate: '2026-11-21T10:00:00' }, t.staffToken)));

      const edited = await openContract(t.staffToken, c);
      const car = await addCar(ctx.db, c);
      const customer = await addCustomer(ctx.db, c);
      await measure('PATCH /contracts/{id} (edit car, customer, user, meetings)', 200, () =>
        api().fetch(`/contracts/${edited.id}`, jsonRequest('PATCH', {
          carId: car.id, customerId: customer.id, userId: t.admin.id,
          meetings: [{ date: '2031-12-01T10:00:00', alarms: ['2031-11-30T09:00:00'] }],
        }, t.staffToken)));

      const repriced = await openContract(t.staffToken, c);
      await measure('PATCH /contracts/{id} (price)', 200, () => api().fetch(`/contracts/${repriced.id}`, jsonRequest('PATCH', { contractPrice: 24_500_000 }, t.staffToken)));

      const documented = await openContract(t.staffToken, c);
      const draft = await uploadDocument(t.staffToken);
      const draftId = (await readJson(draft)).contractDocumentId as number;
      await measure('PATCH /contracts/{id} (attach documents)', 200, () =>
        api().fetch(`/contracts/${documented.id}`, jsonRequest('PATCH', { contractDocuments: [{ id: draftId, fileName: '계약서.pdf' }] }, t.staffToken)));

      const guarded = await openContract(t.staffToken, c);
      await measure('PATCH /contracts/{id} (If-Match)', 200, () => {
        const init = jsonRequest('PATCH', { status: 'priceNegotiation' }, t.staffToken);
        return api().fetch(`/contracts/${guarded.id}`, { ...init, headers: { ...(init.headers as Record<string, string>), 'If-Match': `"v${guarded.version}"` } });
      });
    });

    it('DELETE /contracts/{id}', async () => {
      const contract = await openContract(t.staffToken, t.company.id, [{ date: '2031-08-01T10:00:00', alarms: [] }]);
      await measure('DELETE /contracts/{id}', 204, () => api().fetch(`/contracts/${contract.id}`, del(t.staffToken)));
    });

    it('GET /dashboard', async () => {
      await measure('GET /dashboard', 200, () => api().fetch('/dashboard', get(t.staffToken)));
    });

    it('GET /board/events', async () => {
      await measure('GET /board/events', 200, () => api().fetch('/board/events?since=0', get(t.staffToken)));
    });
  });

  describe('documents', () => {
    it('GET /contractDocuments', async () => {
      await measure('GET /contractDocuments', 200, () => api().fetch('/contractDocuments?page=1&pageSize=8&searchBy=contractName&keyword=', get(t.staffToken)));
    });

    it('GET /contractDocuments/draft', async () => {
      await measure('GET /contractDocuments/draft', 200, () => api().fetch('/contractDocuments/draft', get(t.staffToken)));
    });

    it('GET /contractDocuments/{id}/download', async () => {
      await measure('GET /contractDocuments/{id}/download', 200, () => api().fetch(`/contractDocuments/${t.documentId}/download`, get(t.staffToken)));
    });

    it('POST /contractDocuments/upload', async () => {
      const contract = await openContract(t.staffToken, t.company.id);
      await measure('POST /contractDocuments/upload', 201, () => uploadDocument(t.staffToken, contract.id));
      await measure('POST /contractDocuments/upload (no contractId)', 201, () => uploadDocument(t.staffToken));
    });

    it('DELETE /contractDocuments/{id}', async () => {
      const contract = await openContract(t.staffToken, t.company.id);
      const id = (await readJson(await uploadDocument(t.staffToken, contract.id))).contractDocumentId;
      await measure('DELETE /contractDocuments/{id}', 204, () => api().fetch(`/contractDocuments/${id}`, del(t.staffToken)));
    });
  });

  describe('images', () => {
    it('POST /images/upload', async () => {
      await measure('POST /images/upload', 201, () => uploadFile(api(), '/images/upload', t.staffToken, png(), { type: 'image/png', filename: 'car.png' }));
    });

    it('GET /images/{companyId}/{file}', async () => {
      await measure('GET /images/{companyId}/{file}', 200, () => api().fetch(t.imagePath));
    });

    it('DELETE /images/{companyId}/{file}', async () => {
      const image = await uploadFile(api(), '/images/upload', t.staffToken, png(), { type: 'image/png', filename: 'old.png' });
      const path = new URL((await readJson(image)).imageUrl).pathname;
      await measure('DELETE /images/{companyId}/{file}', 204, () => api().fetch(path, del(t.staffToken)));
    });
  });

  describe('notifications', () => {
    it('GET /notifications/settings', async () => {
      await measure('GET /notifications/settings', 200, () => api().fetch('/notifications/settings', get(t.staffToken)));
    });

    it('PATCH /notifications/settings', async () => {
      await measure('PATCH /notifications/settings', 200, () =>
        api().fetch('/notifications/settings', jsonRequest('PATCH', { smsEnabled: false, defaultAlarmHour: 9 }, t.adminToken)));
      await measure('PATCH /companies/{id}/notifications/settings', 200, () =>
        api().fetch(`/companies/${t.company.id}/notifications/settings`, jsonRequest('PATCH', { smsEnabled: false }, t.adminToken)));
    });

    it('GET /notifications', async () => {
      await measure('GET /notifications', 200, () => api().fetch('/notifications?page=1&pageSize=10', get(t.staffToken)));
    });

    it('POST /notifications/{id}/read', async () => {
      await measure('POST /notifications/{id}/read', 204, () => api().fetch(`/notifications/${t.notificationIds[0]}/read`, post(t.staffToken)));
    });

    it('GET /notifications/contracts/{id}/history', async () => {
      await measure('GET /notifications/contracts/{id}/history', 200, () =>
        api().fetch(`/notifications/contracts/${t.reminderContractId}/history`, get(t.staffToken)));
    });

    it('POST /notifications/{id}/resend', async () => {
      await measure('POST /notifications/{id}/resend', 202, () => api().fetch(`/notifications/${t.notificationIds[1]}/resend`, post(t.staffToken)));
    });

    it('GET /notifications/outbox', async () => {
      await measure('GET /notifications/outbox', 200, () => api().fetch('/notifications/outbox?page=1&pageSize=10', get(t.adminToken)));
    });
  });

  it('has a row for every operation of the served OpenAPI document', async () => {
    const doc = (await readJson(await api().fetch('/openapi.json'))) as OpenApiDocument;
    const operations = operationsOf(doc).map((o) => o.name);
    const keys = new Set(rows.map((r) => r.key.replace(/ \(.*\)$/, '')));
    const missing = operations.filter((name) => !keys.has(name));
    expect(missing, 'operations without a round-trip row').toEqual([]);
    expect(operations.length).toBeGreaterThan(0);
  });
});
