// Every search of the OpenAPI document (each route with a `keyword`, under each of its `searchBy` fields) treats
// the keyword as plain text: SQL-looking strings and LIKE wildcards match nothing here (no record contains them),
// over-long keywords are refused with 400, and nothing is ever written.
import { beforeAll, describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, createCompany, createUser, jsonRequest, signIn, uploadFile } from '../support/accounts';
import { fingerprint } from '../support/fingerprint';
import { readJson } from '../support/http';
import { operationsOf, resolve, type OpenApiDocument } from '../support/openapi-doc';

const ctx = useApi();

/** None of these occurs in the data below, so a search for any of them must find nothing. */
const NASTY = [
  "' OR '1'='1", "' OR 1=1 --", "'; DROP TABLE customers; --", '" OR ""="', "%' --", '%', '%%', '_', '__', '\\', '\\%', '%_%',
  "1' UNION SELECT email, password_hash FROM users --", '$1', '?', ':keyword', '*', '.*', '[a-z]', '(', "')", '😀', '\u202e',
  '가'.repeat(100), "'".repeat(100),
];

/** The total a list answers: a page's totalItemCount, or the sum over the board's stages. */
function totalOf(body: any): number {
  if (typeof body.totalItemCount === 'number') return body.totalItemCount;
  return Object.values(body as Record<string, { totalItemCount: number }>).reduce((sum, stage) => sum + stage.totalItemCount, 0);
}

describe('search keywords', () => {
  let token: string;
  let searches: { path: string; searchBy: string[]; maxLength: number }[];

  beforeAll(async () => {
    const doc: OpenApiDocument = await readJson(await ctx.api.fetch('/openapi.json'));
    searches = operationsOf(doc)
      .filter((o) => o.method === 'GET' && o.op.parameters?.some((p) => p.in === 'query' && p.name === 'keyword'))
      .map((o) => {
        const param = (name: string) => o.op.parameters!.find((p) => p.in === 'query' && p.name === name);
        return {
          // A stage's page searches like the board: asked of the stage the data is in.
          path: o.path.replace('{stage}', 'carInspection'),
          searchBy: (resolve(doc, param('searchBy')?.schema).enum as string[] | undefined) ?? [''],
          maxLength: resolve(doc, param('keyword')?.schema).maxLength as number,
        };
      });
    // Data in every searchable list: companies, users, cars, customers, a contract with a document.
    const company = await createCompany(ctx.db, { preset: 'classic' });
    const admin = await createUser(ctx.db, company.id, { isAdmin: true, name: '관리자' });
    token = (await signIn(ctx.api, admin.email)).accessToken;
    const car = await readJson(await ctx.api.fetch('/cars', jsonRequest('POST', { carNumber: '12가3456', manufacturer: '현대', model: '아반떼', manufacturingYear: 2020, mileage: 1, price: 1 }, token)));
    const customer = await readJson(await ctx.api.fetch('/customers', jsonRequest('POST', { name: '김민준', gender: 'male', phoneNumber: '010-1111-2222', email: 'minjun@example.com' }, token)));
    const contract = await readJson(await ctx.api.fetch('/contracts', jsonRequest('POST', { carId: car.id, customerId: customer.id, meetings: [] }, token)));
    const uploaded = await uploadFile(ctx.api, '/contractDocuments/upload', token, '%PDF-1.7\n', { filename: '계약서.pdf', fields: { contractId: String(contract.id) } });
    expect(uploaded.status).toBe(201);
  });

  const search = (path: string, searchBy: string, keyword: string) => {
    const query = new URLSearchParams({ keyword, ...(searchBy ? { searchBy } : {}) });
    return ctx.api.fetch(`${path}?${query}`, { headers: bearer(token) });
  };

  it('covers every search of the API', () => {
    expect(searches.map((s) => s.path).sort()).toEqual(['/board/stages/carInspection', '/cars', '/companies', '/companies/users', '/contractDocuments', '/contracts', '/customers', '/users']);
    for (const s of searches) expect(s.maxLength, s.path).toBeGreaterThan(0);
  });

  it('finds every record with an empty keyword, and nothing for SQL-looking text or wildcards', async () => {
    const before = await fingerprint(ctx.db);
    let tried = 0;
    for (const { path, searchBy } of searches) {
      for (const field of searchBy) {
        const all = await search(path, field, '');
        expect(all.status).toBe(200);
        expect(totalOf(await readJson(all)), `${path} by ${field}: the data is there`).toBeGreaterThan(0);
        for (const keyword of NASTY) {
          const res = await search(path, field, keyword);
          expect(res.status, `${path} by ${field}: ${keyword.slice(0, 30)}`).toBe(200);
          expect(totalOf(await readJson(res)), `${path} by ${field}: ${keyword.slice(0, 30)}`).toBe(0);
          tried++;
        }
      }
    }
    expect(tried).toBeGreaterThan(300);
    expect(await fingerprint(ctx.db)).toEqual(before);
  });

  it('refuses over-long keywords and unstorable characters with 400, never 500', async () => {
    for (const { path, searchBy, maxLength } of searches) {
      for (const keyword of ['가'.repeat(maxLength + 1), 'x'.repeat(5_000), "'".repeat(maxLength + 1), 'a\u0000b']) {
        const res = await search(path, searchBy[0]!, keyword);
        expect(res.status, `${path} ${keyword.slice(0, 10)}…`).toBe(400);
        expect(await readJson(res)).toMatchObject({ message: expect.any(String), code: expect.any(String), requestId: res.headers.get('X-Request-Id') });
      }
    }
  });
});
