import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, createUser, jsonRequest, salesperson, signIn } from '../support/accounts';
import { getBoard, openContract } from '../support/board';
import { readJson } from '../support/http';

const ctx = useApi();

async function companyWithAdmin(preset: 'classic' | 'standard' = 'classic') {
  const me = await salesperson(ctx.api, ctx.db, { preset });
  const admin = await createUser(ctx.db, me.company.id, { isAdmin: true });
  return { ...me, adminToken: (await signIn(ctx.api, admin.email)).accessToken };
}

const put = (token: string, stages: unknown) => ctx.api.fetch('/pipeline/stages', jsonRequest('PUT', { stages }, token));

describe('GET /pipeline', () => {
  it('returns the caller’s stages in order with Korean labels and outcomes', async () => {
    const me = await salesperson(ctx.api, ctx.db, { preset: 'standard' });
    const { stages } = await readJson(await ctx.api.fetch('/pipeline', { headers: bearer(me.token) }));
    expect(stages).toHaveLength(7);
    expect(stages[0]).toEqual({ key: 'contactReceived', label: '문의 접수', position: 0, outcome: 'open' });
    expect(stages[6]).toEqual({ key: 'contractCompleted', label: '계약 완료', position: 6, outcome: 'won' });
    expect((await ctx.api.fetch('/pipeline')).status).toBe(401);
  });
});

describe('PUT /pipeline/stages', () => {
  it('renames, reorders and adds stages; the board follows', async () => {
    const co = await companyWithAdmin();
    await openContract(ctx.api, ctx.db, co);
    const res = await put(co.adminToken, [
      { key: 'carInspection', label: '차량 점검', outcome: 'open' },
      { key: 'testDrive', label: '시승', outcome: 'open' },
      { key: 'priceNegotiation', label: '가격 협의', outcome: 'open' },
      { key: 'contractDraft', label: '계약서 작성', outcome: 'open' },
      { key: 'contractFailed', label: '계약 실패', outcome: 'lost' },
      { key: 'contractSuccessful', label: '계약 성공', outcome: 'won' },
    ]);
    expect(res.status).toBe(200);
    const { stages } = await readJson(res);
    expect(stages.map((s: { key: string }) => s.key)).toEqual(['carInspection', 'testDrive', 'priceNegotiation', 'contractDraft', 'contractFailed', 'contractSuccessful']);
    expect(stages[0].label).toBe('차량 점검');
    const board = await getBoard(ctx.api, co.token);
    expect(Object.keys(board)).toEqual(['carInspection', 'testDrive', 'priceNegotiation', 'contractDraft', 'contractFailed', 'contractSuccessful']);
    expect(board.carInspection.totalItemCount).toBe(1);
  });

  it('answers 409 for removing a stage that holds contracts, and changes nothing', async () => {
    const co = await companyWithAdmin();
    await openContract(ctx.api, ctx.db, co); // in carInspection
    const before = await readJson(await ctx.api.fetch('/pipeline', { headers: bearer(co.token) }));
    const removed = await put(co.adminToken, [{ key: 'priceNegotiation', label: '가격 협의 (새 이름)', outcome: 'open' }]);
    expect(removed.status).toBe(409);
    expect((await readJson(removed)).message).toContain('carInspection');
    expect(await readJson(await ctx.api.fetch('/pipeline', { headers: bearer(co.token) }))).toEqual(before);
  });

  it('answers 409 for changing the outcome of a stage that holds contracts', async () => {
    const co = await companyWithAdmin();
    await openContract(ctx.api, ctx.db, co);
    const stages = (await readJson(await ctx.api.fetch('/pipeline', { headers: bearer(co.token) }))).stages.map(
      ({ key, label, outcome }: { key: string; label: string; outcome: string }) => ({ key, label, outcome: key === 'carInspection' ? 'won' : outcome }),
    );
    stages.unshift({ key: 'newFirst', label: '신규', outcome: 'open' });
    const res = await put(co.adminToken, stages);
    expect(res.status).toBe(409);
    expect((await readJson(res)).message).toMatch(/결과.*carInspection/);
  });

  it.each([
    ['no stages', []],
    ['duplicate keys', [{ key: 'a', label: 'A' }, { key: 'a', label: 'B' }]],
    ['a first stage that is not open', [{ key: 'a', label: 'A', outcome: 'won' }]],
    ['a key with spaces', [{ key: 'two words', label: 'A' }]],
    ['a blank label', [{ key: 'a', label: ' ' }]],
  ])('answers 400 for %s', async (_, stages) => {
    const co = await companyWithAdmin();
    expect((await put(co.adminToken, stages)).status).toBe(400);
  });

  it('answers 403 to staff and 401 without a token', async () => {
    const co = await companyWithAdmin();
    const stages = [{ key: 'a', label: 'A', outcome: 'open' }];
    expect((await put(co.token, stages)).status).toBe(403);
    expect((await ctx.api.fetch('/pipeline/stages', jsonRequest('PUT', { stages }))).status).toBe(401);
  });
});
