// Every upload route of the OpenAPI document refuses what it cannot use, with the documented status and nothing
// stored (no row, no object in R2): wrong leading bytes, a file over the limit, an empty file, no `file` field,
// a body that is not multipart at all.
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_CSV_BYTES } from '../../src/bulk-import/csv-upload';
import { MAX_IMAGE_BYTES } from '../../src/images/images';
import { useApi } from '../support/api';
import { bearer, salesperson } from '../support/accounts';
import { fingerprint } from '../support/fingerprint';
import { readJson } from '../support/http';
import { operationsOf, type OpenApiDocument } from '../support/openapi-doc';

const ctx = useApi();
const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024; // wrangler.toml

const bytesOf = (text: string) => new TextEncoder().encode(text);
const CAR_CSV = bytesOf('carNumber,manufacturer,model,manufacturingYear,mileage,price,accidentCount,explanation,accidentDetails\n');
const CUSTOMER_CSV = bytesOf('name,gender,phoneNumber,ageGroup,region,email,memo\n');
const PDF = bytesOf('%PDF-1.7\n');
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]);

/** Per upload route: a file it accepts (its leading bytes), one it must refuse, and its size limit. */
const routes: Record<string, { accepted: Uint8Array; wrongKind: Uint8Array; name: string; limit: number }> = {
  '/cars/upload': { accepted: CAR_CSV, wrongKind: PNG, name: 'cars.csv', limit: MAX_CSV_BYTES },
  '/customers/upload': { accepted: CUSTOMER_CSV, wrongKind: PDF, name: 'customers.csv', limit: MAX_CSV_BYTES },
  '/contractDocuments/upload': { accepted: PDF, wrongKind: EXE, name: '계약서.pdf', limit: MAX_DOCUMENT_BYTES },
  '/images/upload': { accepted: PNG, wrongKind: PDF, name: 'car.png', limit: MAX_IMAGE_BYTES },
};

/** `size` bytes that start like `head` (the rest is spaces: still text for a CSV, still the same kind otherwise). */
function padded(head: Uint8Array, size: number): Uint8Array {
  const bytes = new Uint8Array(Math.max(size, head.length)).fill(0x20);
  bytes.set(head);
  return bytes;
}

describe('uploads', () => {
  let token: string;
  let documented: Record<string, string[]>;

  beforeAll(async () => {
    token = (await salesperson(ctx.api, ctx.db)).token;
    const doc: OpenApiDocument = await readJson(await ctx.api.fetch('/openapi.json'));
    documented = Object.fromEntries(
      operationsOf(doc).filter((o) => o.op.requestBody?.content['multipart/form-data']).map((o) => [o.path, Object.keys(o.op.responses)]),
    );
  });

  const send = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
    ctx.api.fetch(path, { method: 'POST', headers: { ...bearer(token), ...headers }, body });
  const form = (field: string, bytes: Uint8Array, name: string) => {
    const data = new FormData();
    data.append(field, new Blob([bytes]), name);
    return data;
  };
  const objects = async () => (await (await ctx.api.files()).list()).objects.length;

  it('covers every upload route of the API', () => {
    expect(Object.keys(documented).sort()).toEqual(Object.keys(routes).sort());
  });

  it.each(Object.entries(routes))('%s refuses a wrong kind, an oversized, an empty or a missing file, and a non-multipart body, storing nothing', async (path, route) => {
    const before = { data: await fingerprint(ctx.db), objects: await objects() };
    const cases: [string, () => Promise<Response>, number][] = [
      ['wrong leading bytes', () => send(path, form('file', padded(route.wrongKind, 2048), route.name)), 415],
      ['one byte over the limit', () => send(path, form('file', padded(route.accepted, route.limit + 1), route.name)), 413],
      ['an empty file', () => send(path, form('file', new Uint8Array(0), route.name)), 400],
      ['no file field', () => send(path, form('document', padded(route.accepted, 64), route.name)), 400],
      ['a text field instead of a file', () => { const data = new FormData(); data.append('file', 'not a file'); return send(path, data); }, 400],
      ['a raw body', () => send(path, padded(route.accepted, 64), { 'Content-Type': 'application/octet-stream' }), 415],
      ['a truncated multipart body', () => send(path, '--x\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc', { 'Content-Type': 'multipart/form-data; boundary=x' }), 400],
    ];
    for (const [name, request, status] of cases) {
      const res = await request();
      const body = await readJson(res);
      expect(res.status, `${path}: ${name} (${body.message})`).toBe(status);
      expect(documented[path], `${path}: ${status} is documented`).toContain(String(status));
      expect(body).toMatchObject({ message: expect.any(String), code: expect.any(String), requestId: res.headers.get('X-Request-Id') });
    }
    expect({ data: await fingerprint(ctx.db), objects: await objects() }).toEqual(before);
  });
});
