import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, salesperson } from '../support/accounts';
import { openContract, patchContract } from '../support/board';
import { readJson } from '../support/http';
import { addCar, addCustomer } from '../support/inventory';

const ctx = useApi();

/** A local wall-clock date-time in Seoul `monthsAgo` months back, day 15 at 13:00. */
function seoulMonth(monthsAgo: number): string {
  const now = new Date(Date.now() + 9 * 3600_000);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, 15, 13));
  return d.toISOString().slice(0, 19);
}

async function sale(me: Awaited<ReturnType<typeof salesperson>>, options: { price: number; model: string; manufacturer: string; when: string; outcome?: 'contractSuccessful' | 'contractFailed' }) {
  const car = await addCar(ctx.db, me.company.id, { price: options.price, model: options.model, manufacturer: options.manufacturer });
  const customer = await addCustomer(ctx.db, me.company.id);
  const res = await ctx.api.fetch('/contracts', { method: 'POST', headers: { ...bearer(me.token), 'Content-Type': 'application/json' }, body: JSON.stringify({ carId: car.id, customerId: customer.id, meetings: [] }) });
  const contract = await readJson(res);
  await patchContract(ctx.api, me.token, contract.id, { status: options.outcome ?? 'contractSuccessful', resolutionDate: options.when });
}

describe('GET /dashboard', () => {
  it('reports this and last month’s sales in company time, the growth ratio, counts and per-type figures', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const other = await salesperson(ctx.api, ctx.db);
    await sale(me, { price: 30_000_000, model: '쏘렌토', manufacturer: '기아', when: seoulMonth(0) });
    await sale(me, { price: 20_000_000, model: '아반떼', manufacturer: '현대', when: seoulMonth(0) });
    await sale(me, { price: 40_000_000, model: '쏘렌토', manufacturer: '기아', when: seoulMonth(1) });
    await sale(me, { price: 99_000_000, model: '그랜저', manufacturer: '현대', when: seoulMonth(0), outcome: 'contractFailed' });
    await sale(me, { price: 10_000_000, model: '아반떼', manufacturer: '현대', when: seoulMonth(3) });
    await openContract(ctx.api, ctx.db, me); // open, 아반떼
    await sale(other, { price: 77_000_000, model: '그랜저', manufacturer: '현대', when: seoulMonth(0) });

    const res = await ctx.api.fetch('/dashboard', { headers: bearer(me.token) });
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(body).toMatchObject({
      monthlySales: 50_000_000,
      lastMonthSales: 40_000_000,
      growthRate: 0.25,
      proceedingContractsCount: 1,
      completedContractsCount: 4,
    });
    expect(body.contractsByCarType).toEqual([
      { carType: '준중형', count: 3 },
      { carType: '대형', count: 1 },
      { carType: 'SUV', count: 2 },
    ]);
    expect(body.salesByCarType).toEqual([
      { carType: '준중형', count: 3000 },
      { carType: 'SUV', count: 7000 },
    ]);
  });

  it('reports a null growth rate when last month had no sales, and zeros for an empty company', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    expect(await readJson(await ctx.api.fetch('/dashboard', { headers: bearer(me.token) }))).toEqual({
      monthlySales: 0, lastMonthSales: 0, growthRate: null, proceedingContractsCount: 0, completedContractsCount: 0,
      contractsByCarType: [], salesByCarType: [],
    });
  });

  it('answers 401 without a token', async () => {
    expect((await ctx.api.fetch('/dashboard')).status).toBe(401);
  });
});
