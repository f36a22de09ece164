// One car, one active contract: the double-booking races of the invariants issue, fired for real against the
// Worker on workerd and PostgreSQL (50 trials each: this is stock), the invariant asserted after every trial.
import { describe, expect, it } from 'vitest';
import { pipelinePresets } from '../../src/pipeline/presets';
import { useApi } from '../support/api';
import { createCompany, createUser, jsonRequest, signIn } from '../support/accounts';
import { openContract, patchContract } from '../support/board';
import { addCar, addCustomer } from '../support/inventory';
import { announceSeed, together, trials } from '../support/trials';

const ctx = useApi();
announceSeed('stock races');

const TRIALS = 50;

async function salesperson() {
  const company = await createCompany(ctx.db);
  const user = await createUser(ctx.db, company.id, { isAdmin: false });
  const session = await signIn(ctx.api, user.email);
  return { company, token: session.accessToken };
}

/** The car's status and every contract that still holds it (open or won stage). */
async function holdersOf(carId: number) {
  const [car] = await ctx.db.query<{ status: string }>('select status from cars where id = $1', [carId]);
  const holders = await ctx.db.query<{ id: number }>(
    `select k.id from contracts k join pipeline_stages s on s.company_id = k.company_id and s.key = k.status
     where k.car_id = $1 and s.outcome <> 'lost' order by k.id`,
    [carId],
  );
  return { status: car!.status, holders: holders.map((h) => h.id) };
}

describe('a car is on at most one active contract', () => {
  it('gives the car to one of two contracts that take it at the same moment; the other is 409 and keeps its own car (50 trials)', async () => {
    const me = await salesperson();
    await trials(TRIALS, async () => {
      const a = await openContract(ctx.api, ctx.db, me);
      const b = await openContract(ctx.api, ctx.db, me);
      const car = await addCar(ctx.db, me.company.id);
      const answers = await together([
        () => patchContract(ctx.api, me.token, a.contract.id, { carId: car.id }),
        () => patchContract(ctx.api, me.token, b.contract.id, { carId: car.id }),
      ]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = answers[0]!.status === 200 ? a : b;
      const loser = winner === a ? b : a;
      expect(await holdersOf(car.id)).toEqual({ status: 'contractProceeding', holders: [winner.contract.id] });
      // The winner's old car went back to stock; the loser still holds its own.
      expect(await holdersOf(winner.car.id)).toEqual({ status: 'possession', holders: [] });
      expect(await holdersOf(loser.car.id)).toEqual({ status: 'contractProceeding', holders: [loser.contract.id] });
    });
  });

  it('never lets a new contract and a car change share one car (50 trials)', async () => {
    const me = await salesperson();
    await trials(TRIALS, async () => {
      const a = await openContract(ctx.api, ctx.db, me);
      const car = await addCar(ctx.db, me.company.id);
      const customer = await addCustomer(ctx.db, me.company.id);
      const answers = await together([
        () => patchContract(ctx.api, me.token, a.contract.id, { carId: car.id }),
        () => ctx.api.fetch('/contracts', jsonRequest('POST', { carId: car.id, customerId: customer.id }, me.token)),
      ]);
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 200 || s === 201), `answers ${statuses}`).toHaveLength(1);
      expect(statuses.filter((s) => s === 409), `answers ${statuses}`).toHaveLength(1);
      const { holders, status } = await holdersOf(car.id);
      expect(holders).toHaveLength(1);
      expect(status).toBe('contractProceeding');
    });
  });

  it('reopens a lost deal only while its car is still in stock, racing a new contract for that car (50 trials)', async () => {
    const me = await salesperson();
    await trials(TRIALS, async () => {
      const lost = await openContract(ctx.api, ctx.db, me);
      expect((await patchContract(ctx.api, me.token, lost.contract.id, { status: 'contractFailed' })).status).toBe(200);
      expect((await holdersOf(lost.car.id)).status).toBe('possession');
      const customer = await addCustomer(ctx.db, me.company.id);
      const answers = await together([
        () => patchContract(ctx.api, me.token, lost.contract.id, { status: 'priceNegotiation' }),
        () => ctx.api.fetch('/contracts', jsonRequest('POST', { carId: lost.car.id, customerId: customer.id }, me.token)),
      ]);
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 200 || s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(1);
      const { holders, status } = await holdersOf(lost.car.id);
      expect(holders).toHaveLength(1);
      expect(status).toBe('contractProceeding');
    });
  });

  it('gives a car back once: a lost move racing a car change leaves the car where the winning write put it (50 trials)', async () => {
    const me = await salesperson();
    await trials(TRIALS, async () => {
      const a = await openContract(ctx.api, ctx.db, me);
      const spare = await addCar(ctx.db, me.company.id);
      const answers = await together([
        () => patchContract(ctx.api, me.token, a.contract.id, { status: 'contractFailed' }),
        () => patchContract(ctx.api, me.token, a.contract.id, { carId: spare.id }),
      ]);
      // Both may succeed one after the other (no If-Match); whatever happened, the cars agree with the contracts.
      for (const res of answers) expect([200, 409]).toContain(res.status);
      for (const car of [a.car, spare]) {
        const { holders, status } = await holdersOf(car.id);
        expect(status).toBe(holders.length ? 'contractProceeding' : 'possession');
        expect(holders.length).toBeLessThanOrEqual(1);
      }
    });
  });

  it('keeps every car’s status true when a manager changes an empty stage’s outcome as a contract moves into it (50 trials)', async () => {
    const company = await createCompany(ctx.db);
    const manager = await createUser(ctx.db, company.id, { role: 'manager' });
    const me = { company, token: (await signIn(ctx.api, manager.email)).accessToken };
    const extra = (outcome: string) => [...pipelinePresets.classic, { key: 'onHold', label: '보류', outcome }];
    const put = (outcome: string) => ctx.api.fetch('/pipeline/stages', jsonRequest('PUT', { stages: extra(outcome) }, me.token));
    expect((await put('open')).status).toBe(200);
    await trials(TRIALS, async (i) => {
      const from = i % 2 ? 'open' : 'lost';
      const to = from === 'open' ? 'lost' : 'open';
      expect((await put(from)).status).toBe(200);
      const { contract, car } = await openContract(ctx.api, ctx.db, me);
      const answers = await together([() => patchContract(ctx.api, me.token, contract.id, { status: 'onHold' }), () => put(to)]);
      for (const res of answers) expect([200, 409], await res.clone().text()).toContain(res.status);
      const [row] = await ctx.db.query<{ status: string; outcome: string }>(
        `select k.status, s.outcome from contracts k join pipeline_stages s on s.company_id = k.company_id and s.key = k.status where k.id = $1`,
        [contract.id],
      );
      const { status, holders } = await holdersOf(car.id);
      expect(status, `contract in ${row!.status} (${row!.outcome})`).toBe(row!.outcome === 'lost' ? 'possession' : 'contractProceeding');
      expect(holders).toEqual(row!.outcome === 'lost' ? [] : [contract.id]);
      // Leave the extra stage empty for the next trial.
      await patchContract(ctx.api, me.token, contract.id, { status: 'carInspection' });
      await ctx.db.query('delete from contracts where id = $1', [contract.id]);
    });
  });
});
