import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, salesperson, uploadFile } from '../support/accounts';
import { readJson } from '../support/http';

const ctx = useApi();
const sample = readFileSync(new URL('../fixtures/sample-cars.csv', import.meta.url), 'utf8');
const HEADER = 'carNumber,manufacturer,model,manufacturingYear,mileage,price,accidentCount,explanation,accidentDetails';

const upload = (token: string, content: string | Uint8Array, options?: Parameters<typeof uploadFile>[4]) =>
  uploadFile(ctx.api, '/cars/upload', token, content, options);

async function carNumbers(token: string): Promise<string[]> {
  const page = await readJson(await ctx.api.fetch('/cars?pageSize=100', { headers: bearer(token) }));
  return page.data.map((c: { carNumber: string }) => c.carNumber).sort();
}

describe('POST /cars/upload', () => {
  it('imports every row of the official sample file, and the cars then appear in the list', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const res = await upload(token, sample);
    expect(res.status).toBe(200);
    expect(await readJson(res)).toEqual({ message: '5건 등록, 0건 실패', successCount: 5, errorCount: 0, errors: [] });
    expect(await carNumbers(token)).toEqual(['12가3456', '34나5678', '56다7890', '78라9012', '90마1234']);
    const list = await readJson(await ctx.api.fetch('/cars?searchBy=carNumber&keyword=34나', { headers: bearer(token) }));
    expect(list.data[0]).toMatchObject({ manufacturer: '기아', model: 'K5', price: 22000000, accidentCount: 1, accidentDetails: '전면 충돌로 인한 범퍼 교체', type: '중형', status: 'possession' });
  });

  it('imports nothing from a second upload of the same file and reports every row as a duplicate (400)', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    await upload(token, sample);
    const res = await upload(token, sample);
    expect(res.status).toBe(400);
    const report = await readJson(res);
    expect(report).toMatchObject({ code: 'NO_ROWS_IMPORTED', message: '등록된 행이 없습니다 (5건 실패)', successCount: 0, errorCount: 5 });
    expect(report.requestId).toBe(res.headers.get('X-Request-Id'));
    expect(report.errors).toEqual([2, 3, 4, 5, 6].map((row) => ({ row, column: 'carNumber', message: '이미 등록된 차량번호입니다' })));
  });

  it('accepts what browsers really send: BOM, CRLF, Excel’s MIME type, any column order, quoted commas and newlines', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const csv =
      '\uFEFFprice,carNumber,model,manufacturer,mileage,manufacturingYear,explanation,accidentDetails,accidentCount\r\n' +
      '"25,000,000",11가1111,아반떼,현대,"1,200",2020,"깨끗함, 무사고",,0\r\n' +
      '9800000,22나2222,스파크,쉐보레,15000,2021,"첫 줄\r\n둘째 줄 ""인용""",좌측 도어,1\r\n';
    for (const type of ['application/vnd.ms-excel', 'application/octet-stream']) {
      const res = await upload(token, csv, { type, filename: 'cars.csv' });
      if (type === 'application/vnd.ms-excel') expect(await readJson(res)).toMatchObject({ successCount: 2, errorCount: 0 });
    }
    const page = await readJson(await ctx.api.fetch('/cars?searchBy=carNumber&keyword=22나', { headers: bearer(token) }));
    expect(page.data[0]).toMatchObject({ price: 9800000, explanation: '첫 줄\r\n둘째 줄 "인용"', accidentDetails: '좌측 도어', accidentCount: 1 });
    const first = await readJson(await ctx.api.fetch('/cars?searchBy=carNumber&keyword=11가', { headers: bearer(token) }));
    expect(first.data[0]).toMatchObject({ price: 25000000, mileage: 1200, explanation: '깨끗함, 무사고' });
  });

  it('imports the good rows of a file with a few bad ones and reports exactly the bad ones', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    await upload(token, `${HEADER}\n99허9999,현대,아반떼,2020,1,1,0,,\n`); // already registered
    const csv = [
      HEADER,
      '10가0001,현대,아반떼,2019,40000,18000000,0,,', // row 2 ok
      '10가0002,현대,포니,1985,1,1,0,,', // row 3 unknown model
      '10가0003,기아,K5,2019,abc,20000000,0,,', // row 4 bad mileage
      '10가0001,기아,K5,2019,1,1,0,,', // row 5 duplicate of row 2
      '',
      '99허9999,기아,K5,2019,1,1,0,,', // row 7 already registered
      ',기아,K5,2019,1,-5,0,,', // row 8 blank number, negative price
      '10가0009,기아,K5,2020,30000,21000000,,,', // row 9 ok (accidentCount defaults to 0)
    ].join('\n');
    const res = await upload(token, csv);
    expect(res.status).toBe(200);
    const report = await readJson(res);
    expect(report.successCount).toBe(2);
    expect(report.errorCount).toBe(5);
    expect(report.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [3, 'model'], [4, 'mileage'], [5, 'carNumber'], [7, 'carNumber'], [8, 'carNumber'], [8, 'price'],
    ]);
    expect(report.errors.find((e: { row: number }) => e.row === 5).message).toMatch(/중복.*2행/);
    expect(await carNumbers(token)).toEqual(['10가0001', '10가0009', '99허9999']);
  });

  it('answers 400 naming the missing headers, 415 for a file that is not CSV text, writing nothing', async () => {
    const { company, token } = await salesperson(ctx.api, ctx.db);
    const missing = await upload(token, 'carNumber,model,price\n12가3456,아반떼,1\n');
    expect(missing.status).toBe(400);
    expect((await readJson(missing)).message).toMatch(/manufacturer, manufacturingYear, mileage/);
    const binary = await upload(token, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00, 0xc3, 0x28]), { type: 'image/png' });
    expect(binary.status).toBe(415);
    expect((await readJson(binary)).message).toContain('CSV 파일이 아닙니다');
    expect((await upload(token, `${HEADER}\n`)).status).toBe(400);
    expect(await ctx.db.query('select 1 from cars where company_id = $1', [company.id])).toEqual([]);
  });

  it('answers 400 for a missing file field or an empty file, 415 for a non-multipart body, 413 for an oversized file', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    expect((await upload(token, sample, { field: 'csv' })).status).toBe(400);
    expect((await upload(token, '')).status).toBe(400);
    const raw = await ctx.api.fetch('/cars/upload', { method: 'POST', headers: { ...bearer(token), 'Content-Type': 'text/csv' }, body: sample });
    expect(raw.status).toBe(415);
    expect(await readJson(raw)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    const huge = `${HEADER}\n` + `12가3456,현대,아반떼,2018,50000,25000000,0,${'x'.repeat(1000)},\n`.repeat(11_000);
    const res = await upload(token, huge);
    expect(res.status).toBe(413);
    expect(await readJson(res)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('imports a 10,000-row file completely, in one atomic batch', async () => {
    const { company, token } = await salesperson(ctx.api, ctx.db);
    const models = [['현대', '아반떼'], ['기아', 'K5'], ['현대', '그랜저'], ['기아', '쏘렌토'], ['쉐보레', '스파크']];
    const rows = Array.from({ length: 10_000 }, (_, i) => {
      const [maker, model] = models[i % models.length]!;
      return `${10 + (i % 90)}가${String(i).padStart(4, '0')}-${Math.floor(i / 9000)},${maker},${model},${2010 + (i % 15)},${i * 7},${5_000_000 + i},${i % 3},차량 ${i},`;
    });
    const res = await upload(token, [HEADER, ...rows].join('\n'));
    expect(res.status).toBe(200);
    expect(await readJson(res)).toMatchObject({ successCount: 10_000, errorCount: 0 });
    const [{ n }] = (await ctx.db.query<{ n: number }>('select count(*)::int as n from cars where company_id = $1', [company.id])) as [{ n: number }];
    expect(n).toBe(10_000);
  }, 60_000);

  it('answers 401 without a token', async () => {
    const form = new FormData();
    form.append('file', new Blob([sample]), 'cars.csv');
    expect((await ctx.api.fetch('/cars/upload', { method: 'POST', body: form })).status).toBe(401);
  });
});
