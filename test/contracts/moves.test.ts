import { describe, expect, it } from 'vitest';
import { pipelinePresets } from '../../src/pipeline/presets';
import { useApi } from '../support/api';
import { bearer, createUser, salesperson, signIn } from '../support/accounts';
import { getBoard, openContract, patchContract } from '../support/board';
import { readJson } from '../support/http';
import { addCar, addCustomer, carStatus } from '../support/inventory';

const ctx = useApi();
const carFor = { open: 'contractProceeding', won: 'contractCompleted', lost: 'possession' } as const;

describe('moving a contract through the board', () => {
  it.each(['classic', 'standard'] as const)('walks every %s stage: the car and resolutionDate follow, history records each move', async (preset) => {
    const me = await salesperson(ctx.api, ctx.db, { preset });
    const { contract, car } = await openContract(ctx.api, ctx.db, me);
    const stages = pipelinePresets[preset];
    const path = [...stages.slice(1), stages[0]!]; // every stage, then back to the first (reopening)
    let from: string = stages[0]!.key;
    for (const stage of path) {
      const res = await patchContract(ctx.api, me.token, contract.id, { status: stage.key });
      expect(res.status, `${from} → ${stage.key}`).toBe(200);
      const moved = await readJson(res);
      expect(moved.status).toBe(stage.key);
      expect(await carStatus(ctx.db, car.id), `car after ${stage.key}`).toBe(carFor[stage.outcome]);
      if (stage.outcome === 'open') expect(moved.resolutionDate).toBeNull();
      else expect(moved.resolutionDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
      from = stage.key;
    }
    const history = await ctx.db.query('select 1 from contract_status_history where contract_id = $1', [contract.id]);
    expect(history).toHaveLength(path.length + 1);
    // Moves are history, not audit noise: only the creation is audited.
    expect(await ctx.db.query(`select action from audit_logs where table_name = 'contracts' and record_id = $1`, [contract.id])).toEqual([{ action: 'CREATE' }]);
  });

  it('frees the car on delete and keeps the history, with an audit record', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const { contract, car } = await openContract(ctx.api, ctx.db, me);
    await patchContract(ctx.api, me.token, contract.id, { status: 'contractSuccessful', resolutionDate: '2026-11-20T15:00:00' });
    expect(await carStatus(ctx.db, car.id)).toBe('contractCompleted');
    expect((await ctx.api.fetch(`/contracts/${contract.id}`, { method: 'DELETE', headers: bearer(me.token) })).status).toBe(204);
    expect(await carStatus(ctx.db, car.id)).toBe('possession');
    expect(await ctx.db.query('select 1 from contract_status_history where contract_id = $1', [contract.id])).toHaveLength(2);
    expect((await ctx.db.query<{ action: string }>(`select action from audit_logs where table_name = 'contracts' and record_id = $1 order by id`, [contract.id])).map((r) => r.action)).toEqual(['CREATE', 'DELETE']);
    expect((await ctx.api.fetch(`/contracts/${contract.id}`, { headers: bearer(me.token) })).status).toBe(404);
  });

  it('does not take back a car a lost deal gave up and another contract now holds', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const { contract, car } = await openContract(ctx.api, ctx.db, me);
    await patchContract(ctx.api, me.token, contract.id, { status: 'contractFailed', resolutionDate: '2026-11-20T15:00:00' });
    expect(await carStatus(ctx.db, car.id)).toBe('possession');
    const customer = await addCustomer(ctx.db, me.company.id);
    const second = await ctx.api.fetch('/contracts', { method: 'POST', headers: { ...bearer(me.token), 'Content-Type': 'application/json' }, body: JSON.stringify({ carId: car.id, customerId: customer.id, meetings: [] }) });
    expect(second.status).toBe(201);
    const reopen = await patchContract(ctx.api, me.token, contract.id, { status: 'carInspection', resolutionDate: null });
    expect(reopen.status).toBe(409);
    expect((await ctx.api.fetch(`/contracts/${contract.id}`, { method: 'DELETE', headers: bearer(me.token) })).status).toBe(204);
    expect(await carStatus(ctx.db, car.id)).toBe('contractProceeding');
  });
});

describe('PATCH /contracts/{id}: every body shape the web client sends (classic board)', () => {
  it('edit form {carId, customerId, userId, meetings}: swaps the car, the customer, the owner and the meetings', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const colleague = await createUser(ctx.db, me.company.id, { name: '한매니저' });
    const { contract, car: oldCar } = await openContract(ctx.api, ctx.db, me);
    const newCar = await addCar(ctx.db, me.company.id, { model: '쏘렌토', manufacturer: '기아' });
    const newCustomer = await addCustomer(ctx.db, me.company.id, { name: '박지훈' });
    const res = await patchContract(ctx.api, me.token, contract.id, {
      carId: newCar.id, customerId: newCustomer.id, userId: colleague.id,
      meetings: [{ date: '2026-12-05T11:00:00', alarms: ['2026-12-04T09:00:00'] }, { date: '2026-12-10T16:30:00', alarms: [] }],
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"v2"');
    expect(await readJson(res)).toMatchObject({
      car: { id: newCar.id, model: '쏘렌토' }, customer: { id: newCustomer.id, name: '박지훈' }, user: { id: colleague.id, name: '한매니저' },
      meetings: [{ date: '2026-12-05T11:00:00+09:00', alarms: ['2026-12-04T09:00:00+09:00'] }, { date: '2026-12-10T16:30:00+09:00', alarms: [] }],
      status: 'carInspection', version: 2,
    });
    expect(await carStatus(ctx.db, oldCar.id)).toBe('possession');
    expect(await carStatus(ctx.db, newCar.id)).toBe('contractProceeding');
    const audit = await ctx.db.query<{ old_data: { car_id: number }; new_data: { car_id: number } }>(
      `select old_data, new_data from audit_logs where table_name = 'contracts' and record_id = $1 and action = 'UPDATE'`, [contract.id]);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.old_data.car_id).toBe(oldCar.id);
    expect(audit[0]!.new_data.car_id).toBe(newCar.id);
  });

  it('price edit {contractPrice}', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const { contract } = await openContract(ctx.api, ctx.db, me);
    await patchContract(ctx.api, me.token, contract.id, { status: 'priceNegotiation' });
    const res = await patchContract(ctx.api, me.token, contract.id, { contractPrice: 23_400_000 });
    expect(await readJson(res)).toMatchObject({ contractPrice: 23_400_000, status: 'priceNegotiation' });
  });

  it('moves {status}, {status, resolutionDate} and {status, resolutionDate: null}', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const { contract } = await openContract(ctx.api, ctx.db, me);
    expect(await readJson(await patchContract(ctx.api, me.token, contract.id, { status: 'contractDraft' }))).toMatchObject({ status: 'contractDraft', resolutionDate: null });
    const won = await readJson(await patchContract(ctx.api, me.token, contract.id, { status: 'contractSuccessful', resolutionDate: '2026-11-21T17:30:00' }));
    expect(won).toMatchObject({ status: 'contractSuccessful', resolutionDate: '2026-11-21T17:30:00+09:00' });
    const back = await readJson(await patchContract(ctx.api, me.token, contract.id, { status: 'priceNegotiation', resolutionDate: null }));
    expect(back).toMatchObject({ status: 'priceNegotiation', resolutionDate: null });
    const failed = await readJson(await patchContract(ctx.api, me.token, contract.id, { status: 'contractFailed' }));
    expect(failed.resolutionDate).not.toBeNull(); // no date given: now
  });

  it('documents {contractDocuments}: set semantics, renames, same company only', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const other = await salesperson(ctx.api, ctx.db);
    const { contract } = await openContract(ctx.api, ctx.db, me);
    const doc = async (companyId: number, name: string) =>
      (await ctx.db.query<{ id: number }>(
        `insert into contract_documents (contract_name, original_name, file_path, file_size, mime_type, company_id, is_draft) values ('', $1, 'k', 1, 'application/pdf', $2, true) returning id`,
        [name, companyId],
      ))[0]!.id;
    const a = await doc(me.company.id, '계약서.pdf');
    const b = await doc(me.company.id, '등록증.pdf');
    const theirs = await doc(other.company.id, '남의문서.pdf');

    const attached = await readJson(await patchContract(ctx.api, me.token, contract.id, { contractDocuments: [{ id: a, fileName: '매매계약서.pdf' }, { id: b, fileName: '등록증.pdf' }] }));
    expect(attached.contractDocuments).toEqual([{ id: a, fileName: '매매계약서.pdf' }, { id: b, fileName: '등록증.pdf' }]);
    const kept = await readJson(await patchContract(ctx.api, me.token, contract.id, { contractDocuments: [{ id: b, fileName: '등록증.pdf' }] }));
    expect(kept.contractDocuments).toEqual([{ id: b, fileName: '등록증.pdf' }]);
    expect((await ctx.db.query<{ contract_id: number | null }>('select contract_id from contract_documents where id = $1', [a]))[0]!.contract_id).toBeNull();

    const stolen = await patchContract(ctx.api, me.token, contract.id, { contractDocuments: [{ id: theirs }] });
    expect(stolen.status).toBe(404);
    expect((await ctx.db.query<{ contract_id: number | null }>('select contract_id from contract_documents where id = $1', [theirs]))[0]!.contract_id).toBeNull();
    expect((await readJson(await ctx.api.fetch(`/contracts/${contract.id}`, { headers: bearer(me.token) }))).contractDocuments).toEqual([{ id: b, fileName: '등록증.pdf' }]);
  });

  it('answers 400 for an unknown stage or an empty body, and writes nothing', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const { contract } = await openContract(ctx.api, ctx.db, me);
    const unknown = await patchContract(ctx.api, me.token, contract.id, { status: 'contactReceived' }); // a standard-board key
    expect(unknown.status).toBe(400);
    expect((await patchContract(ctx.api, me.token, contract.id, {})).status).toBe(400);
    expect((await readJson(await ctx.api.fetch(`/contracts/${contract.id}`, { headers: bearer(me.token) }))).version).toBe(1);
  });
});

describe('who may change a contract', () => {
  it('answers 403 with the client’s messages to a colleague who does not own it; an administrator may', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const colleague = await createUser(ctx.db, me.company.id);
    const admin = await createUser(ctx.db, me.company.id, { isAdmin: true });
    const [colleagueToken, adminToken] = [(await signIn(ctx.api, colleague.email)).accessToken, (await signIn(ctx.api, admin.email)).accessToken];
    const { contract } = await openContract(ctx.api, ctx.db, me);

    const edit = await patchContract(ctx.api, colleagueToken, contract.id, { status: 'priceNegotiation' });
    expect(edit.status).toBe(403);
    expect((await readJson(edit)).message).toBe('담당자만 수정이 가능합니다');
    const remove = await ctx.api.fetch(`/contracts/${contract.id}`, { method: 'DELETE', headers: bearer(colleagueToken) });
    expect(remove.status).toBe(403);
    expect((await readJson(remove)).message).toBe('담당자만 삭제가 가능합니다');
    expect((await patchContract(ctx.api, adminToken, contract.id, { status: 'priceNegotiation' })).status).toBe(200);
  });

  it('lets any colleague pick up a contract whose owner left', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const leaver = await createUser(ctx.db, me.company.id);
    const leaverToken = (await signIn(ctx.api, leaver.email)).accessToken;
    const { contract } = await openContract(ctx.api, ctx.db, { company: me.company, token: leaverToken });
    await ctx.db.query('delete from users where id = $1', [leaver.id]);
    const board = await getBoard(ctx.api, me.token);
    expect(board.carInspection.data[0].user).toBeNull();
    expect(await readJson(await patchContract(ctx.api, me.token, contract.id, { userId: me.user.id }))).toMatchObject({ user: { id: me.user.id } });
  });
});

describe('tenancy', () => {
  it('answers 404 for another company’s contract, and for their car, customer, salesperson in a change, writing nothing', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const other = await salesperson(ctx.api, ctx.db);
    const theirs = await openContract(ctx.api, ctx.db, other);
    const mine = await openContract(ctx.api, ctx.db, me);
    expect((await patchContract(ctx.api, me.token, theirs.contract.id, { contractPrice: 1 })).status).toBe(404);
    expect((await ctx.api.fetch(`/contracts/${theirs.contract.id}`, { method: 'DELETE', headers: bearer(me.token) })).status).toBe(404);

    const theirCar = await addCar(ctx.db, other.company.id);
    for (const body of [{ carId: theirCar.id }, { customerId: theirs.customer.id }, { userId: other.user.id }]) {
      expect((await patchContract(ctx.api, me.token, mine.contract.id, body)).status, JSON.stringify(body)).toBe(404);
    }
    expect(await carStatus(ctx.db, theirCar.id)).toBe('possession');
    const [row] = await ctx.db.query<{ version: number; contract_price: number }>('select version, contract_price from contracts where id = $1', [theirs.contract.id]);
    expect(row).toMatchObject({ version: 1, contract_price: theirs.contract.contractPrice });
    expect((await readJson(await ctx.api.fetch(`/contracts/${mine.contract.id}`, { headers: bearer(me.token) }))).version).toBe(1);
  });

  it('answers 409 when the new car is not in stock', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const { contract } = await openContract(ctx.api, ctx.db, me);
    const busy = await openContract(ctx.api, ctx.db, me);
    expect((await patchContract(ctx.api, me.token, contract.id, { carId: busy.car.id })).status).toBe(409);
  });
});

describe('optimistic concurrency', () => {
  it('lets exactly one of two concurrent moves with the same If-Match win; the other gets 412 and no history', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const { contract } = await openContract(ctx.api, ctx.db, me);
    const etag = (await ctx.api.fetch(`/contracts/${contract.id}`, { headers: bearer(me.token) })).headers.get('etag')!;
    const [a, b] = await Promise.all([
      patchContract(ctx.api, me.token, contract.id, { status: 'priceNegotiation' }, { 'If-Match': etag }),
      patchContract(ctx.api, me.token, contract.id, { status: 'contractDraft' }, { 'If-Match': etag }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const loser = a.status === 412 ? a : b;
    expect(await readJson(loser)).toMatchObject({ code: 'PRECONDITION_FAILED' });
    const moves = await ctx.db.query('select to_status from contract_status_history where contract_id = $1 and from_status is not null', [contract.id]);
    expect(moves).toHaveLength(1);
    expect((await readJson(await ctx.api.fetch(`/contracts/${contract.id}`, { headers: bearer(me.token) }))).version).toBe(2);
  });

  it('answers 412 to a stale If-Match and writes nothing; without If-Match the write proceeds', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const { contract, car } = await openContract(ctx.api, ctx.db, me);
    await patchContract(ctx.api, me.token, contract.id, { contractPrice: 20_000_000 });
    const stale = await patchContract(ctx.api, me.token, contract.id, { status: 'contractSuccessful' }, { 'If-Match': '"v1"' });
    expect(stale.status).toBe(412);
    expect(await carStatus(ctx.db, car.id)).toBe('contractProceeding');
    expect((await ctx.api.fetch(`/contracts/${contract.id}`, { method: 'DELETE', headers: { ...bearer(me.token), 'If-Match': '"v1"' } })).status).toBe(412);
    expect((await patchContract(ctx.api, me.token, contract.id, { status: 'contractSuccessful' })).status).toBe(200);
    expect((await patchContract(ctx.api, me.token, contract.id, { contractPrice: 1 }, { 'If-Match': 'garbage' })).status).toBe(400);
  });
});
