import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, salesperson, uploadFile } from '../support/accounts';
import { readJson } from '../support/http';

const ctx = useApi();
const sample = readFileSync(new URL('../fixtures/sample-customers.csv', import.meta.url), 'utf8');
const HEADER = 'name,email,gender,phoneNumber,region,ageGroup,memo';

const upload = (token: string, content: string) => uploadFile(ctx.api, '/customers/upload', token, content);

describe('POST /customers/upload', () => {
  it('imports every row of the official sample file, mapping "30-40" to 30대, and they appear in the list', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const res = await upload(token, sample);
    expect(res.status).toBe(200);
    const expected = sample.trim().split('\n').length - 1;
    expect(await readJson(res)).toMatchObject({ successCount: expected, errorCount: 0, errors: [] });
    const list = await readJson(await ctx.api.fetch('/customers?pageSize=100&searchBy=name&keyword=', { headers: bearer(token) }));
    expect(list.totalItemCount).toBe(expected);
    expect(list.data.find((c: { name: string }) => c.name === '김민준')).toMatchObject({
      email: 'minjun.kim@example.com', gender: 'male', region: '서울', ageGroup: '30대', memo: '첫 번째 고객', contractCount: 0,
    });
  });

  it('imports nothing from a second upload of the same file and reports every row as a duplicate', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    await upload(token, sample);
    const res = await upload(token, sample);
    expect(res.status).toBe(400);
    const report = await readJson(res);
    const rows = sample.trim().split('\n').length - 1;
    expect(report).toMatchObject({ successCount: 0, errorCount: rows });
    expect(report.errors.every((e: { column: string; message: string }) => e.column === 'email' && e.message === '이미 등록된 고객 이메일입니다')).toBe(true);
  });

  it('imports the good rows and reports exactly the bad ones, column by column', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const csv = [
      '\uFEFFemail,name,phoneNumber,gender,ageGroup,region,memo', // column order is free; BOM is fine
      'a@example.com,가나다,010-1111-2222,여,20대,세종,', // row 2 ok (Korean gender, 세종)
      'b@example.com,라마바,010-1111-3333,male,,,"메모, 쉼표"', // row 3 ok (no age group or region)
      'not-an-email,사아자,010-1111-4444,female,30-40,서울,', // row 4 bad email
      'c@example.com,차카타,0101111,male,90-100,화성,', // row 5 bad phone, age group, region
      'A@example.com,중복,010-1111-5555,male,,,', // row 6 duplicate of row 2 (case-insensitive)
    ].join('\r\n');
    const res = await upload(token, csv);
    expect(res.status).toBe(200);
    const report = await readJson(res);
    expect(report).toMatchObject({ successCount: 2, errorCount: 3 });
    expect(report.errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`)).toEqual([
      '4:email', '5:phoneNumber', '5:ageGroup', '5:region', '6:email',
    ]);
    const list = await readJson(await ctx.api.fetch('/customers?searchBy=email&keyword=a%40example', { headers: bearer(token) }));
    expect(list.data[0]).toMatchObject({ gender: 'female', region: '세종', ageGroup: '20대' });
  });

  it('answers 400 naming missing headers', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const res = await upload(token, 'name,memo\n김민준,메모\n');
    expect(res.status).toBe(400);
    expect((await readJson(res)).message).toMatch(/email, gender, phoneNumber/);
  });

  it('keeps each company’s customers to itself: the same file imports fully into another company', async () => {
    const a = await salesperson(ctx.api, ctx.db);
    const b = await salesperson(ctx.api, ctx.db);
    await upload(a.token, sample);
    expect(await readJson(await upload(b.token, sample))).toMatchObject({ errorCount: 0 });
  });

  it('answers 401 without a token', async () => {
    const form = new FormData();
    form.append('file', new Blob([`${HEADER}\n`]), 'c.csv');
    expect((await ctx.api.fetch('/customers/upload', { method: 'POST', body: form })).status).toBe(401);
  });
});
