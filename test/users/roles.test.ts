// Company roles: managers shape their own company (board, notification settings, code, colleagues' roles); staff
// get 403; platform administrators do the same for any company, named in the path.
import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, createUser, jsonRequest, salesperson, signIn } from '../support/accounts';
import { readJson } from '../support/http';

const ctx = useApi();

const BOARD = [
  { key: 'carInspection', label: '차량 점검', outcome: 'open' },
  { key: 'priceNegotiation', label: '가격 협의', outcome: 'open' },
  { key: 'delivery', label: '출고 준비', outcome: 'open' },
  { key: 'contractFailed', label: '계약 실패', outcome: 'lost' },
  { key: 'contractSuccessful', label: '계약 성공', outcome: 'won' },
];

async function companyWithManager() {
  const staff = await salesperson(ctx.api, ctx.db, { preset: 'classic' });
  const manager = await createUser(ctx.db, staff.company.id, { role: 'manager', name: '정매니저' });
  return { ...staff, manager, managerToken: (await signIn(ctx.api, manager.email)).accessToken };
}

const stageKeys = async (token: string) => (await readJson(await ctx.api.fetch('/pipeline', { headers: bearer(token) }))).stages.map((s: { key: string }) => s.key);

describe('a manager shapes their own company', () => {
  it('reshapes the board; staff get 403; another company’s board is 404 to the manager', async () => {
    const co = await companyWithManager();
    const other = await companyWithManager();
    const mine = await ctx.api.fetch('/pipeline/stages', jsonRequest('PUT', { stages: BOARD }, co.managerToken));
    expect(mine.status).toBe(200);
    expect(await stageKeys(co.token)).toContain('delivery');
    const byPath = await ctx.api.fetch(`/companies/${co.company.id}/pipeline/stages`, jsonRequest('PUT', { stages: BOARD }, co.managerToken));
    expect(byPath.status).toBe(200);

    const refused = await ctx.api.fetch('/pipeline/stages', jsonRequest('PUT', { stages: BOARD }, co.token));
    expect(refused.status).toBe(403);
    expect(await readJson(refused)).toMatchObject({ code: 'FORBIDDEN', requestId: expect.any(String) });
    expect((await ctx.api.fetch(`/companies/${other.company.id}/pipeline/stages`, jsonRequest('PUT', { stages: BOARD }, co.managerToken))).status).toBe(404);
    expect(await stageKeys(other.token)).not.toContain('delivery');
    expect((await ctx.api.fetch('/pipeline/stages', jsonRequest('PUT', { stages: BOARD }))).status).toBe(401);
  });

  it('changes notification settings and the company code; staff get 403', async () => {
    const co = await companyWithManager();
    const settings = await ctx.api.fetch('/notifications/settings', jsonRequest('PATCH', { smsEnabled: true }, co.managerToken));
    expect(settings.status).toBe(200);
    expect((await readJson(settings)).smsEnabled).toBe(true);
    expect((await ctx.api.fetch(`/companies/${co.company.id}/notifications/settings`, jsonRequest('PATCH', { defaultAlarmHour: 7 }, co.managerToken))).status).toBe(200);
    expect((await ctx.api.fetch('/notifications/settings', jsonRequest('PATCH', { smsEnabled: false }, co.token))).status).toBe(403);

    const code = await ctx.api.fetch(`/companies/${co.company.id}`, jsonRequest('PATCH', { companyCode: `NEW-${co.company.id}` }, co.managerToken));
    expect(code.status).toBe(200);
    expect((await readJson(code)).companyCode).toBe(`NEW-${co.company.id}`);
    expect((await ctx.api.fetch(`/companies/${co.company.id}`, jsonRequest('PATCH', { companyCode: 'STAFF-TRY' }, co.token))).status).toBe(403);
    // The admin pages stay the administrators': a manager cannot list or create companies.
    expect((await ctx.api.fetch('/companies', { headers: bearer(co.managerToken) })).status).toBe(403);
  });

  it('sets colleagues’ roles (their sessions end); another company’s user is 404; the last manager stays', async () => {
    const co = await companyWithManager();
    const other = await companyWithManager();
    const promoted = await ctx.api.fetch(`/users/${co.user.id}/role`, jsonRequest('PATCH', { role: 'manager' }, co.managerToken));
    expect(promoted.status).toBe(200);
    expect(await readJson(promoted)).toMatchObject({ id: co.user.id, role: 'manager' });
    expect((await ctx.api.fetch('/customers', { headers: bearer(co.token) })).status).toBe(401); // the old role's token
    const again = await signIn(ctx.api, co.user.email);
    expect((await readJson(await ctx.api.fetch('/users/me', { headers: bearer(again.accessToken) }))).role).toBe('manager');

    expect((await ctx.api.fetch(`/users/${other.user.id}/role`, jsonRequest('PATCH', { role: 'manager' }, co.managerToken))).status).toBe(404);
    expect((await ctx.api.fetch(`/users/${co.manager.id}/role`, jsonRequest('PATCH', { role: 'staff' }, other.token))).status).toBe(403);
    expect((await ctx.api.fetch(`/users/${co.user.id}/role`, jsonRequest('PATCH', { role: 'boss' }, co.managerToken))).status).toBe(400);

    // Two managers now: one may step down, the last may not.
    expect((await ctx.api.fetch(`/users/${co.manager.id}/role`, jsonRequest('PATCH', { role: 'staff' }, again.accessToken))).status).toBe(200);
    const last = await ctx.api.fetch(`/users/${co.user.id}/role`, jsonRequest('PATCH', { role: 'staff' }, (await signIn(ctx.api, co.user.email)).accessToken));
    expect(last.status).toBe(409);
    expect(await readJson(last)).toMatchObject({ code: 'CONFLICT' });
    const leaving = await ctx.api.fetch('/users/me', { method: 'DELETE', headers: bearer((await signIn(ctx.api, co.user.email)).accessToken) });
    expect(leaving.status).toBe(409);
  });

  it('lists colleagues with their roles, for everyone of the company', async () => {
    const co = await companyWithManager();
    const list = await readJson(await ctx.api.fetch('/users', { headers: bearer(co.token) }));
    expect(list.totalItemCount).toBe(2);
    expect(list.data.map((u: { id: number; role: string }) => [u.id, u.role])).toEqual([[co.manager.id, 'manager'], [co.user.id, 'staff']]);
    expect((await ctx.api.fetch('/users')).status).toBe(401);
  });
});

describe('a platform administrator', () => {
  it('reshapes another company’s board and settings, and sets roles there', async () => {
    const co = await companyWithManager();
    const hq = await salesperson(ctx.api, ctx.db);
    const admin = await createUser(ctx.db, hq.company.id, { isAdmin: true });
    const adminToken = (await signIn(ctx.api, admin.email)).accessToken;
    expect((await ctx.api.fetch(`/companies/${co.company.id}/pipeline/stages`, jsonRequest('PUT', { stages: BOARD }, adminToken))).status).toBe(200);
    expect(await stageKeys(co.token)).toContain('delivery');
    expect(await stageKeys(adminToken)).not.toContain('delivery'); // their own board is untouched
    expect((await ctx.api.fetch(`/companies/${co.company.id}/notifications/settings`, jsonRequest('PATCH', { emailEnabled: false }, adminToken))).status).toBe(200);
    expect((await readJson(await ctx.api.fetch('/notifications/settings', { headers: bearer(co.token) }))).emailEnabled).toBe(false);
    expect((await ctx.api.fetch(`/users/${co.user.id}/role`, jsonRequest('PATCH', { role: 'manager' }, adminToken))).status).toBe(200);
    expect((await ctx.api.fetch('/companies/2147483000/pipeline/stages', jsonRequest('PUT', { stages: BOARD }, adminToken))).status).toBe(404);
    expect((await ctx.api.fetch('/companies/2147483000/notifications/settings', jsonRequest('PATCH', { emailEnabled: false }, adminToken))).status).toBe(404);
  });

  it('signs up new users as staff', async () => {
    const co = await companyWithManager();
    const res = await ctx.api.fetch('/users', jsonRequest('POST', {
      name: '신입', email: 'newbie@example.com', employeeNumber: 'N1', phoneNumber: '010-1111-2222',
      password: 'carmate2026', passwordConfirmation: 'carmate2026', companyName: co.company.name, companyCode: co.company.code,
    }));
    expect(res.status).toBe(201);
    expect((await readJson(res)).role).toBe('staff');
  });
});
