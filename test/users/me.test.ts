import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, createCompany, createUser, jsonRequest, PASSWORD, signIn } from '../support/accounts';
import { readJson } from '../support/http';

const ctx = useApi();

async function signedInUser(options: { isAdmin?: boolean } = {}) {
  const company = await createCompany(ctx.db, { name: '카메이트 계정점' });
  const user = await createUser(ctx.db, company.id, { isAdmin: options.isAdmin, name: '박지훈' });
  const session = await signIn(ctx.api, user.email);
  return { company, user, session, token: session.accessToken };
}

const patchMe = (token: string, body: unknown) => ctx.api.fetch('/users/me', jsonRequest('PATCH', body, token));

describe('GET /users/me', () => {
  it('returns the caller’s UserInfo', async () => {
    const { company, user, token } = await signedInUser();
    const res = await ctx.api.fetch('/users/me', { headers: bearer(token) });
    expect(res.status).toBe(200);
    expect(await readJson(res)).toMatchObject({ id: user.id, name: '박지훈', email: user.email, isAdmin: false, company: { companyName: '카메이트 계정점', id: company.id } });
  });

  it('answers 401 without a token', async () => {
    expect((await ctx.api.fetch('/users/me')).status).toBe(401);
  });
});

describe('PATCH /users/me', () => {
  it('updates the profile from the body the web client sends, extra fields and all', async () => {
    const { user, session, token } = await signedInUser();
    // The account page sends these fields; spread from the stored UserInfo, so extras ride along.
    const res = await patchMe(token, {
      ...session.user,
      id: 999999,
      email: 'hijack@example.com',
      isAdmin: true,
      company: { companyName: '다른회사' },
      imageUrl: 'https://cdn.example.com/me.png',
      employeeNumber: 'NEW-01',
      phoneNumber: '02-123-4567',
      currentPassword: PASSWORD,
    });
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(body).toMatchObject({ id: user.id, email: user.email, isAdmin: false, imageUrl: 'https://cdn.example.com/me.png', employeeNumber: 'NEW-01', phoneNumber: '02-123-4567' });
    expect(body.company.companyName).toBe('카메이트 계정점');
  });

  it('accepts imageUrl null (no picture)', async () => {
    const { token } = await signedInUser();
    await patchMe(token, { imageUrl: 'https://cdn.example.com/a.png', currentPassword: PASSWORD });
    const res = await patchMe(token, { imageUrl: null, employeeNumber: 'X1', phoneNumber: '010-1111-2222', currentPassword: PASSWORD });
    expect(res.status).toBe(200);
    expect((await readJson(res)).imageUrl).toBeNull();
  });

  it('answers 400 for a wrong current password (never 401), changing nothing', async () => {
    const { user, token } = await signedInUser();
    const res = await patchMe(token, { employeeNumber: 'CHANGED', currentPassword: 'wrongpass1' });
    expect(res.status).toBe(400);
    expect((await readJson(res)).message).toBe('현재 비밀번호가 일치하지 않습니다');
    const [row] = await ctx.db.query<{ employee_number: string }>('select employee_number from users where id = $1', [user.id]);
    expect(row!.employee_number).not.toBe('CHANGED');
  });

  it.each([
    ['no current password', { employeeNumber: 'X' }],
    ['a relative image URL', { imageUrl: '/images/me.png', currentPassword: PASSWORD }],
    ['a non-http image URL', { imageUrl: 'javascript:alert(1)', currentPassword: PASSWORD }],
    ['a new password without its confirmation', { password: 'newpass123', currentPassword: PASSWORD }],
    ['a new password that breaks the rule', { password: 'short1', passwordConfirmation: 'short1', currentPassword: PASSWORD }],
  ])('answers 400 for %s', async (_, body) => {
    const { token } = await signedInUser();
    expect((await patchMe(token, body)).status).toBe(400);
  });

  it('changes the password: the old one stops working, other sessions are signed out, this one stays', async () => {
    const { user, session, token } = await signedInUser();
    const otherDevice = await signIn(ctx.api, user.email);
    const res = await patchMe(token, { currentPassword: PASSWORD, password: 'newpass2026', passwordConfirmation: 'newpass2026' });
    expect(res.status).toBe(200);
    expect((await ctx.api.fetch('/auth/login', jsonRequest('POST', { email: user.email, password: PASSWORD }))).status).toBe(404);
    expect((await ctx.api.fetch('/auth/login', jsonRequest('POST', { email: user.email, password: 'newpass2026' }))).status).toBe(200);
    expect((await ctx.api.fetch('/auth/refresh', jsonRequest('POST', { refreshToken: otherDevice.refreshToken }))).status).toBe(400);
    expect((await ctx.api.fetch('/auth/refresh', jsonRequest('POST', { refreshToken: session.refreshToken }))).status).toBe(200);
  });

  it('answers 409 for an employee number taken in the company', async () => {
    const { company, token } = await signedInUser();
    await createUser(ctx.db, company.id, { employeeNumber: 'TAKEN-1' });
    expect((await patchMe(token, { employeeNumber: 'TAKEN-1', currentPassword: PASSWORD })).status).toBe(409);
  });

  it('answers 401 without a token', async () => {
    expect((await ctx.api.fetch('/users/me', jsonRequest('PATCH', { currentPassword: PASSWORD }))).status).toBe(401);
  });
});

describe('DELETE /users/me', () => {
  it('deletes the account: it can no longer sign in, and its token answers 401 at once', async () => {
    const { user, token } = await signedInUser();
    const res = await ctx.api.fetch('/users/me', { method: 'DELETE', headers: bearer(token) });
    expect(res.status).toBe(204);
    expect((await ctx.api.fetch('/auth/login', jsonRequest('POST', { email: user.email, password: PASSWORD }))).status).toBe(404);
    expect((await ctx.api.fetch('/users/me', { headers: bearer(token) })).status).toBe(401);
    expect((await ctx.api.fetch('/customers', { headers: bearer(token) })).status).toBe(401);
  });

  it('refuses to delete the last administrator', async () => {
    await ctx.db.query('update users set is_admin = false');
    const { user, token } = await signedInUser({ isAdmin: true });
    const res = await ctx.api.fetch('/users/me', { method: 'DELETE', headers: bearer(token) });
    expect(res.status).toBe(409);
    expect(await ctx.db.query('select id from users where id = $1', [user.id])).toHaveLength(1);
  });

  it('answers 401 without a token', async () => {
    expect((await ctx.api.fetch('/users/me', { method: 'DELETE' })).status).toBe(401);
  });
});
