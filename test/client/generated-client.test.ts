// A team integrating through the generated client (clients/typescript) does the whole day's work with it, against
// the real Worker: this file only talks to the API through that client, so a wrong schema or a missing route in
// the document fails here (at type-check time or at run time).
import { describe, expect, it } from 'vitest';
import { createCarmateClient, formData } from '../../clients/typescript';
import { useApi } from '../support/api';
import { createCompany, createUser, PASSWORD } from '../support/accounts';

const ctx = useApi();

describe('the generated TypeScript client', () => {
  it('signs up, signs in, registers a car and a customer, moves a contract with If-Match, stores a document and reads the dashboard', async () => {
    // The only arrangement outside the API: a service administrator (there is no public way to become one).
    const home = await createCompany(ctx.db);
    const admin = await createUser(ctx.db, home.id, { isAdmin: true });
    let token: string | undefined;
    const api = createCarmateClient({ baseUrl: ctx.api.url, accessToken: () => token });

    const adminLogin = await api.POST('/auth/login', { body: { email: admin.email, password: PASSWORD } });
    expect(adminLogin.response.status).toBe(200);
    token = adminLogin.data!.accessToken;
    const code = `FLOW${Date.now().toString(36).toUpperCase()}`;
    const company = await api.POST('/companies', { body: { companyName: '카메이트 흐름점', companyCode: code, pipelinePreset: 'classic' } });
    expect(company.response.status).toBe(201);
    expect(company.data).toMatchObject({ companyName: '카메이트 흐름점', companyCode: code, userCount: 0 });

    token = undefined;
    const email = `flow.${code.toLowerCase()}@example.com`;
    const signUp = await api.POST('/users', {
      body: {
        name: '한지민', email, employeeNumber: 'F-001', phoneNumber: '010-3333-4444',
        password: 'carmate2026', passwordConfirmation: 'carmate2026', companyName: '카메이트 흐름점', companyCode: code,
      },
    });
    expect(signUp.response.status).toBe(201);
    const login = await api.POST('/auth/login', { body: { email, password: 'carmate2026' } });
    expect(login.data?.user.company.companyName).toBe('카메이트 흐름점');
    token = login.data!.accessToken;
    expect((await api.GET('/users/me')).data).toMatchObject({ name: '한지민', email });

    const car = await api.POST('/cars', {
      body: { carNumber: '77가7777', manufacturer: '기아', model: 'K5', manufacturingYear: 2021, mileage: 32000, price: 21500000, explanation: '무사고', accidentDetails: '' },
    });
    expect(car.response.status).toBe(201);
    expect(car.data).toMatchObject({ carNumber: '77가7777', status: 'possession', type: '중형' });
    const customer = await api.POST('/customers', {
      body: { name: '오세훈', gender: 'male', phoneNumber: '010-7777-8888', ageGroup: '40대', region: '부산', email: `oh.${code.toLowerCase()}@example.com`, memo: '' },
    });
    expect(customer.response.status).toBe(201);

    const opened = await api.POST('/contracts', { body: { carId: car.data!.id, customerId: customer.data!.id, meetings: [] } });
    expect(opened.response.status).toBe(201);
    const contractId = opened.data!.id;
    const read = await api.GET('/contracts/{id}', { params: { path: { id: contractId } } });
    const etag = read.response.headers.get('ETag')!;
    expect(etag).toBe(`"v${read.data!.version}"`);

    const moved = await api.PATCH('/contracts/{id}', {
      params: { path: { id: contractId }, header: { 'if-match': etag } },
      body: { status: 'priceNegotiation', contractPrice: 21000000 },
    });
    expect(moved.response.status).toBe(200);
    expect(moved.data).toMatchObject({ status: 'priceNegotiation', contractPrice: 21000000 });
    // The version the first move replaced is stale now: a typed 412 instead of a lost update.
    const stale = await api.PATCH('/contracts/{id}', {
      params: { path: { id: contractId }, header: { 'if-match': etag } },
      body: { status: 'contractDraft' },
    });
    expect(stale.response.status).toBe(412);
    expect(stale.error?.code).toBe('PRECONDITION_FAILED');

    const pdf = new TextEncoder().encode('%PDF-1.7\n매매계약서 본문\n%%EOF\n');
    const uploaded = await api.POST('/contractDocuments/upload', {
      body: { file: new File([pdf], '매매계약서.pdf', { type: 'application/pdf' }), contractId: String(contractId) },
      bodySerializer: formData,
    });
    expect(uploaded.response.status).toBe(201);
    const documentId = uploaded.data!.contractDocumentId;
    const downloaded = await api.GET('/contractDocuments/{id}/download', { params: { path: { id: documentId } }, parseAs: 'arrayBuffer' });
    expect(downloaded.response.status).toBe(200);
    expect(new Uint8Array(downloaded.data!)).toEqual(pdf);
    expect(downloaded.response.headers.get('Content-Disposition')).toContain(encodeURIComponent('매매계약서.pdf'));

    const won = await api.PATCH('/contracts/{id}', {
      params: { path: { id: contractId } },
      body: { status: 'contractSuccessful', resolutionDate: new Date().toISOString() },
    });
    expect(won.data?.contractDocuments).toEqual([{ id: documentId, fileName: '매매계약서.pdf' }]);
    const board = await api.GET('/contracts');
    expect(board.data?.contractSuccessful?.data.map((c) => c.id)).toEqual([contractId]);

    const dashboard = await api.GET('/dashboard');
    expect(dashboard.data).toMatchObject({
      monthlySales: 21000000,
      completedContractsCount: 1,
      proceedingContractsCount: 0,
      contractsByCarType: [{ carType: '중형', count: 1 }],
      salesByCarType: [{ carType: '중형', count: 2100 }],
    });
  });

  it('surfaces errors in the documented shape', async () => {
    const api = createCarmateClient({ baseUrl: ctx.api.url, accessToken: () => 'not-a-token' });
    const res = await api.GET('/cars/{id}', { params: { path: { id: 1 } } });
    expect(res.response.status).toBe(401);
    expect(res.error).toMatchObject({ code: 'UNAUTHORIZED', requestId: res.response.headers.get('X-Request-Id') });
  });
});
