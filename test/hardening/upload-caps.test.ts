// Limits that count real bytes and real rows: the worst-case inputs of the invariants issue are refused or bounded,
// declared length or not, and nothing is half-imported or stored.
import { describe, expect, it } from 'vitest';
import { MAX_CSV_ROWS } from '../../src/bulk-import/csv-upload';
import { useApi } from '../support/api';
import { bearer, salesperson, uploadFile } from '../support/accounts';
import { fingerprint } from '../support/fingerprint';
import { readJson } from '../support/http';

const ctx = useApi();
const BOUNDARY = 'carmate-test-boundary';
const encoder = new TextEncoder();

const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
const png = (size: number) => {
  const bytes = new Uint8Array(size).fill(7);
  bytes.set(PNG_HEAD);
  return bytes;
};

const fileHead = (name: string, filename = 'a.png') =>
  encoder.encode(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
const fieldPart = (name: string, value: string) => encoder.encode(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
const closing = encoder.encode(`--${BOUNDARY}--\r\n`);
const crlf = encoder.encode('\r\n');

/** A multipart POST sent chunked (no Content-Length), its pieces produced lazily so the test holds none of it. */
function chunkedUpload(path: string, token: string, pieces: () => Iterable<Uint8Array>) {
  const iterator = pieces()[Symbol.iterator]();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
  return ctx.api.fetch(path, {
    method: 'POST',
    headers: { ...bearer(token), 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
    body,
    duplex: 'half',
  } as RequestInit);
}

function* repeat(piece: Uint8Array, times: number) {
  for (let i = 0; i < times; i++) yield piece;
}

const objects = async () => (await (await ctx.api.files()).list()).objects.length;

describe('multipart uploads count every byte and know their fields', () => {
  it('refuses an image over 5 MB sent chunked without Content-Length (413), storing nothing', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const before = { data: await fingerprint(ctx.db), objects: await objects() };
    const chunk = new Uint8Array(64 * 1024).fill(7);
    const res = await chunkedUpload('/images/upload', token, function* () {
      yield fileHead('file');
      yield png(1024);
      yield* repeat(chunk, 100); // 6.4 MB
      yield crlf;
      yield closing;
    });
    expect(res.status).toBe(413);
    expect(await readJson(res)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect({ data: await fingerprint(ctx.db), objects: await objects() }).toEqual(before);
  });

  it('refuses 50 MB of small unknown fields at the first one (400), without keeping any', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const before = { data: await fingerprint(ctx.db), objects: await objects() };
    const field = fieldPart('note', 'x'.repeat(1000));
    const res = await chunkedUpload('/contractDocuments/upload', token, function* () {
      yield* repeat(field, 50_000);
      yield fileHead('file', 'a.pdf');
      yield encoder.encode('%PDF-1.7\n');
      yield crlf;
      yield closing;
    });
    expect(res.status).toBe(400);
    expect((await readJson(res)).message).toContain('note');
    expect({ data: await fingerprint(ctx.db), objects: await objects() }).toEqual(before);
  });

  it('refuses a second file part, a repeated or overlong known field, a huge preamble, a loose contractId, 30 MB of parts after a small image (400) or after the closing boundary (413), storing nothing', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const before = { data: await fingerprint(ctx.db), objects: await objects() };
    const cases: [string, string, () => Iterable<Uint8Array>, number][] = [
      ['second file', '/images/upload', function* () {
        yield fileHead('file'); yield png(2048); yield crlf;
        yield fileHead('file'); yield png(2048); yield crlf; yield closing;
      }, 400],
      ['repeated contractId', '/contractDocuments/upload', function* () {
        yield fieldPart('contractId', '1'); yield fieldPart('contractId', '2');
        yield fileHead('file', 'a.pdf'); yield encoder.encode('%PDF-1.7\n'); yield crlf; yield closing;
      }, 400],
      ['overlong contractId', '/contractDocuments/upload', function* () {
        yield fieldPart('contractId', '1'.repeat(2000));
        yield fileHead('file', 'a.pdf'); yield encoder.encode('%PDF-1.7\n'); yield crlf; yield closing;
      }, 400],
      ['unknown field on the image route', '/images/upload', function* () {
        yield fieldPart('contractId', '1'); yield fileHead('file'); yield png(2048); yield crlf; yield closing;
      }, 400],
      ['a megabyte of preamble', '/images/upload', function* () {
        yield* repeat(new Uint8Array(64 * 1024).fill(0x61), 16); yield fileHead('file'); yield png(2048); yield crlf; yield closing;
      }, 400],
      ['a contractId that is not digits', '/contractDocuments/upload', function* () {
        yield fieldPart('contractId', ' 0x1F '); yield fileHead('file', 'a.pdf'); yield encoder.encode('%PDF-1.7\n'); yield crlf; yield closing;
      }, 400],
      ['a contractId in exponent form', '/contractDocuments/upload', function* () {
        yield fieldPart('contractId', '1e3'); yield fileHead('file', 'a.pdf'); yield encoder.encode('%PDF-1.7\n'); yield crlf; yield closing;
      }, 400],
      ['30 MB after the closing boundary', '/contractDocuments/upload', function* () {
        yield fileHead('file', 'a.pdf'); yield encoder.encode('%PDF-1.7\n'); yield crlf; yield closing;
        yield* repeat(new Uint8Array(64 * 1024).fill(7), 480);
      }, 413],
      ['30 MB of parts after a small image', '/images/upload', function* () {
        yield fileHead('file'); yield png(2048); yield crlf;
        yield fileHead('file'); yield* repeat(new Uint8Array(64 * 1024).fill(7), 480); yield crlf; yield closing;
      }, 400],
    ];
    for (const [name, path, pieces, status] of cases) {
      const res = await chunkedUpload(path, token, pieces);
      const body = await readJson(res);
      expect(res.status, `${name}: ${body.message}`).toBe(status);
      expect(body).toMatchObject({ code: expect.any(String), requestId: expect.any(String) });
    }
    expect({ data: await fingerprint(ctx.db), objects: await objects() }).toEqual(before);
  });
});

describe('CSV imports count real rows', () => {
  const customerHeader = 'name,gender,phoneNumber,ageGroup,region,email,memo\n';
  const customerRow = (i: number) => `고객${i},남성,010-1234-${String(i % 10_000).padStart(4, '0')},30대,서울,bulk${i}-${process.pid}@example.com,\n`;
  const invalidRow = (i: number) => `고객${i},남성,not-a-phone,30대,서울,bad${i}@example.com,\n`;

  it(`refuses ${MAX_CSV_ROWS + 1} rows, or 500,000 one-character rows (0.95 MB), with 413 before importing any`, async () => {
    const { token, company } = await salesperson(ctx.api, ctx.db);
    const tiny = customerHeader + 'a\n'.repeat(500_000);
    const started = Date.now();
    const res = await uploadFile(ctx.api, '/customers/upload', token, tiny);
    expect(res.status).toBe(413);
    const body = await readJson(res);
    expect(body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('20,000') });
    console.log(`500,000-row CSV refused in ${Date.now() - started} ms`);

    const overCap = customerHeader + Array.from({ length: MAX_CSV_ROWS + 1 }, (_, i) => customerRow(i)).join('');
    const over = await uploadFile(ctx.api, '/customers/upload', token, overCap);
    expect(over.status).toBe(413);
    expect(await ctx.db.query('select count(*)::int as n from customers where company_id = $1', [company.id])).toEqual([{ n: 0 }]);
  });

  it(`imports exactly ${MAX_CSV_ROWS} rows`, async () => {
    const { token, company } = await salesperson(ctx.api, ctx.db);
    const atCap = customerHeader + Array.from({ length: MAX_CSV_ROWS }, (_, i) => customerRow(i)).join('');
    const res = await uploadFile(ctx.api, '/customers/upload', token, atCap);
    expect(res.status).toBe(200);
    expect(await readJson(res)).toMatchObject({ successCount: MAX_CSV_ROWS, errorCount: 0 });
    expect(await ctx.db.query('select count(*)::int as n from customers where company_id = $1', [company.id])).toEqual([{ n: MAX_CSV_ROWS }]);
  });

  it('gives up early on a file that is mostly errors (400, the first 1,000 listed), importing nothing', async () => {
    const { token, company } = await salesperson(ctx.api, ctx.db);
    const csv = customerHeader + customerRow(0) + Array.from({ length: 15_000 }, (_, i) => invalidRow(i + 1)).join('');
    const res = await uploadFile(ctx.api, '/customers/upload', token, csv);
    expect(res.status).toBe(400);
    const body = await readJson(res);
    expect(body).toMatchObject({ code: 'NO_ROWS_IMPORTED', successCount: 0, errorCount: 1000 });
    expect(body.errors).toHaveLength(1000);
    expect(body.errors[0]).toMatchObject({ row: 3, column: 'phoneNumber' });
    expect(await ctx.db.query('select count(*)::int as n from customers where company_id = $1', [company.id])).toEqual([{ n: 0 }]);
  });

  it('imports a file with many errors among good rows, listing the first 1,000 and counting them all', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const csv = customerHeader + Array.from({ length: 6000 }, (_, i) => (i % 2 ? invalidRow(i) : customerRow(i))).join('');
    const res = await uploadFile(ctx.api, '/customers/upload', token, csv);
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(body).toMatchObject({ successCount: 3000, errorCount: 3000 });
    expect(body.errors).toHaveLength(1000);
    expect(body.errors.at(-1).row).toBe(2001);
  });
});
