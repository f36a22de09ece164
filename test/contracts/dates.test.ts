// Date-times on contracts: read once, bounded, canonical; and a board that renders whatever is stored.
import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { jsonRequest, salesperson } from '../support/accounts';
import { getBoard, openContract, patchContract } from '../support/board';
import { readJson } from '../support/http';
import { addCar, addCustomer } from '../support/inventory';

const ctx = useApi();

async function contractsOf(companyId: number) {
  return ctx.db.query<{ id: number }>('select id from contracts where company_id = $1', [companyId]);
}

describe('client date-times', () => {
  it('refuses out-of-range dates and offsets with 400 and writes nothing; the board stays up', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const car = await addCar(ctx.db, me.company.id);
    const customer = await addCustomer(ctx.db, me.company.id);
    for (const date of ['9999-12-31T23:00:00-15:00', '2026-12-24T10:00:00+15:00', '2026-12-24T10:00:00+14:30', '2200-01-01T00:00:00', '1979-12-31T12:00:00', '2199-12-31T23:59:59-14:00', '2026-12-24T10:00:00Z ']) {
      const res = await ctx.api.fetch('/contracts', jsonRequest('POST', { carId: car.id, customerId: customer.id, meetings: [{ date, alarms: [] }] }, me.token));
      expect(res.status, date).toBe(400);
      expect(await readJson(res)).toMatchObject({ code: 'VALIDATION_FAILED', requestId: expect.any(String) });
    }
    expect(await contractsOf(me.company.id)).toEqual([]);
    expect((await ctx.db.query<{ status: string }>('select status from cars where id = $1', [car.id]))[0]!.status).toBe('possession');
    await getBoard(ctx.api, me.token);
  });

  it('takes the widest real offsets and shows them on the company’s clock', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const { contract } = await openContract(ctx.api, ctx.db, me, [
      { date: '2026-12-24T10:00:00+14:00', alarms: ['2026-12-24T00:00:00-12:00'] },
      { date: '2026-12-24T10:00:00', alarms: [] },
    ]);
    // Seoul is +09:00: 10:00+14:00 is 05:00 there; 00:00-12:00 is 21:00.
    expect(contract.meetings).toEqual([
      { date: '2026-12-24T05:00:00+09:00', alarms: ['2026-12-24T21:00:00+09:00'] },
      { date: '2026-12-24T10:00:00+09:00', alarms: [] },
    ]);
    const res = await patchContract(ctx.api, me.token, contract.id, { status: 'contractSuccessful', resolutionDate: '2026-12-20T23:30:00-14:00' });
    expect(res.status).toBe(200);
    expect((await readJson(res)).resolutionDate).toBe('2026-12-21T22:30:00+09:00');
    expect((await patchContract(ctx.api, me.token, contract.id, { resolutionDate: '2026-12-20T23:30:00 ' })).status).toBe(400);
  });

  it('never fails the board for a stored value it cannot show: that value is null, the rest of the board is intact', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const good = await openContract(ctx.api, ctx.db, me, [{ date: '2026-12-24T10:00:00', alarms: [] }]);
    const bad = await openContract(ctx.api, ctx.db, me);
    // What an older release could store from "9999-12-31T23:00:00-15:00": a year PostgreSQL keeps and JavaScript cannot show.
    await ctx.db.query(
      `update contracts set meetings = '[{"date":"10000-01-01T14:00:00.000Z","alarms":["10000-01-01T00:00:00.000Z","2026-12-24T00:00:00.000Z"]}]',
         resolution_date = '10000-01-01T14:00:00Z' where id = $1`,
      [bad.contract.id],
    );
    const board = await getBoard(ctx.api, me.token);
    const cards = Object.values(board).flatMap((column: any) => column.data);
    expect(cards.find((k: any) => k.id === good.contract.id).meetings).toEqual([{ date: '2026-12-24T10:00:00+09:00', alarms: [] }]);
    expect(cards.find((k: any) => k.id === bad.contract.id)).toMatchObject({
      resolutionDate: null,
      meetings: [{ date: null, alarms: [null, '2026-12-24T09:00:00+09:00'] }],
    });
    expect((await ctx.api.fetch(`/contracts/${bad.contract.id}`, { headers: { Authorization: `Bearer ${me.token}` } })).status).toBe(200);
  });

  it('takes back every date-time it shows, at the edges of the accepted years', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const { contract } = await openContract(ctx.api, ctx.db, me, [
      { date: '2199-12-30T19:59:59', alarms: ['2199-12-30T23:59:59-10:00'] },
      { date: '1980-01-02T04:00:00', alarms: ['1980-01-01T14:00:00Z'] },
    ]);
    const again = await patchContract(ctx.api, me.token, contract.id, { meetings: contract.meetings });
    expect(again.status).toBe(200);
    expect((await readJson(again)).meetings).toEqual(contract.meetings);
  });
});
