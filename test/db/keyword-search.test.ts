// Keyword search as lists answer it: keywords of one or two letters come from the letters-and-pairs indexes
// (src/db/search.ts) and must be exactly what ILIKE '%keyword%' says, whatever the letters' case, script or
// wildcards; a keyword's matches are counted up to 1,000 and a capped count says so.
import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, salesperson } from '../support/accounts';
import { readJson } from '../support/http';
import { generator } from '../support/trials';

const ctx = useApi();

const LETTERS = ['a', 'A', 'b', 'Z', 'é', 'É', '김', '쏘', '나', '0', '4', '2', '%', '_', '\\', '-', ' ', 'ß', 'İ', 'ı'];

describe('keywords shorter than a trigram', () => {
  it('find exactly what ILIKE finds, in car numbers and customer names (seeded)', async () => {
    const seed = Number(process.env.KEYWORD_SEED ?? Date.now() % 1_000_000);
    console.log(`short keyword seed: ${seed} (replay with KEYWORD_SEED=${seed})`);
    const random = generator(seed);
    const letter = () => LETTERS[Math.floor(random() * LETTERS.length)]!;
    const word = (length: number) => Array.from({ length }, letter).join('');
    const me = await salesperson(ctx.api, ctx.db);
    for (let i = 0; i < 40; i++) {
      await ctx.db.query(
        `insert into cars (car_number, manufacturer, model, manufacturing_year, mileage, price, company_id) values ($1, '현대', '아반떼', 2020, 1, 1, $2)`,
        [`${word(1 + Math.floor(random() * 5))}${i}`, me.company.id],
      );
      await ctx.db.query(`insert into customers (name, gender, phone_number, email, company_id) values ($1, 'male', '010-1111-2222', $2, $3)`, [
        word(1 + Math.floor(random() * 5)), `short${i}-${seed}@example.com`, me.company.id,
      ]);
    }
    const keywords = new Set<string>();
    while (keywords.size < 40) keywords.add(word(1 + Math.floor(random() * 2)).trim() || 'a');
    for (const keyword of keywords) {
      const pattern = `%${keyword.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      for (const [path, table, column, searchBy] of [['/cars', 'cars', 'car_number', 'carNumber'], ['/customers', 'customers', 'name', 'name']] as const) {
        const expected = (await ctx.db.query<{ id: number }>(`select id from ${table} where company_id = $1 and ${column} ilike $2 order by id desc`, [me.company.id, pattern])).map((r) => r.id);
        const res = await ctx.api.fetch(`${path}?page=1&pageSize=100&searchBy=${searchBy}&keyword=${encodeURIComponent(keyword)}`, { headers: bearer(me.token) });
        expect(res.status).toBe(200);
        const body = await readJson(res);
        expect({ keyword, ids: body.data.map((r: { id: number }) => r.id), total: body.totalItemCount }, `${path} ${JSON.stringify(keyword)}`)
          .toEqual({ keyword, ids: expected, total: expected.length });
      }
    }
  });

  it('counts up to 1,000 matches and says when it stopped there; below that, and without a keyword, counts are exact', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    await ctx.db.query(`insert into cars (car_number, manufacturer, model, manufacturing_year, mileage, price, company_id)
      select 'cap' || g, '현대', '아반떼', 2020, 1, 1, $1 from generate_series(1, 1005) g`, [me.company.id]);
    const page = async (query: string) => readJson(await ctx.api.fetch(`/cars?${query}`, { headers: bearer(me.token) }));
    const many = await page('page=1&pageSize=8&searchBy=carNumber&keyword=cap');
    expect(many).toMatchObject({ totalItemCount: 1000, totalPages: 125, totalItemCountCapped: true });
    expect(many.data.map((c: { carNumber: string }) => c.carNumber)).toEqual(['cap1005', 'cap1004', 'cap1003', 'cap1002', 'cap1001', 'cap1000', 'cap999', 'cap998']);
    // Pages past the capped count still answer.
    expect((await page('page=126&pageSize=8&searchBy=carNumber&keyword=cap')).data.map((c: { carNumber: string }) => c.carNumber)).toEqual(['cap5', 'cap4', 'cap3', 'cap2', 'cap1']);
    const few = await page('page=1&pageSize=8&searchBy=carNumber&keyword=cap100');
    expect(few.totalItemCount).toBe(7); // cap100, cap1000..cap1005
    expect(few).not.toHaveProperty('totalItemCountCapped');
    // Exactly 1,000 matches is an exact count, not a capped one.
    await ctx.db.query(`insert into cars (car_number, manufacturer, model, manufacturing_year, mileage, price, company_id)
      select 'full' || g, '현대', '아반떼', 2020, 1, 1, $1 from generate_series(1, 1000) g`, [me.company.id]);
    const exact = await page('page=1&pageSize=8&searchBy=carNumber&keyword=full');
    expect(exact.totalItemCount).toBe(1000);
    expect(exact).not.toHaveProperty('totalItemCountCapped');
    const all = await page('page=1&pageSize=8&searchBy=carNumber&keyword=');
    expect(all.totalItemCount).toBe(2005);
    expect(all).not.toHaveProperty('totalItemCountCapped');
  });
});
