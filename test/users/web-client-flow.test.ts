// The web client's account journey end to end, with the exact bodies it sends (contract §1.1, §1.4).
import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { createCompany } from '../support/accounts';
import { readJson } from '../support/http';
import { npmRun } from '../support/scripts';

const ctx = useApi();

/** The client's axios instance: JSON, and the access-token cookie as a bearer header whenever it exists. */
function client(api = ctx) {
  let accessToken: string | undefined;
  return {
    setToken: (token: string) => (accessToken = token),
    async call(method: string, path: string, body?: unknown) {
      const res = await api.api.fetch(path, {
        method,
        headers: { 'Content-Type': 'application/json', ...(accessToken ? { Authorization: `Bearer ${accessToken}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: res.status === 204 ? null : await readJson(res) };
    },
  };
}

describe('the web client’s account flow', () => {
  it('signs up, signs in, reads and updates the profile, and refreshes its tokens', async () => {
    const company = await createCompany(ctx.db, { name: '카메이트 흐름점', code: 'FLOW' });
    const fe = client();
    fe.setToken('left-over-from-a-previous-session'); // the cookie may hold an old token; public routes ignore it

    const signUp = await fe.call('POST', '/users', {
      name: '한예준', email: 'yejun.han@example.com', employeeNumber: 'F-001', phoneNumber: '010-9012-3456',
      password: 'flowpass1', passwordConfirmation: 'flowpass1', companyName: '카메이트 흐름점', companyCode: 'FLOW',
    });
    expect(signUp.status).toBe(201);

    const login = await fe.call('POST', '/auth/login', { email: 'yejun.han@example.com', password: 'flowpass1' });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ name: '한예준', isAdmin: false, company: { companyName: '카메이트 흐름점' } });
    fe.setToken(login.body.accessToken);

    const me = await fe.call('GET', '/users/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual(login.body.user);

    // The account page: the fields it edits, the confirm-password dialog's currentPassword, blank passwords omitted.
    const update = await fe.call('PATCH', '/users/me', {
      imageUrl: null, employeeNumber: 'F-002', phoneNumber: '010-9012-0000', currentPassword: 'flowpass1',
    });
    expect(update.status).toBe(200);
    expect(update.body).toMatchObject({ employeeNumber: 'F-002', phoneNumber: '010-9012-0000', imageUrl: null, company: { companyName: '카메이트 흐름점' } });

    // The interceptor's refresh after a 401: same instance, so the (expired) bearer rides along.
    const refreshed = await fe.call('POST', '/auth/refresh', { refreshToken: login.body.refreshToken });
    expect(refreshed.status).toBe(200);
    fe.setToken(refreshed.body.accessToken);
    expect((await fe.call('GET', '/users/me')).body.employeeNumber).toBe('F-002');
    expect(company.id).toBe(me.body.company.id);
  });
});

describe('npm run admin:create', () => {
  it('creates a service administrator who can sign in and reach the admin pages', async () => {
    await npmRun('admin:create', ['--email', 'Ops@Example.com', '--password', 'opspass2026', '--name', '운영자'], { DATABASE_URL: ctx.db.url });
    const fe = client();
    const login = await fe.call('POST', '/auth/login', { email: 'ops@example.com', password: 'opspass2026' });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ name: '운영자', isAdmin: true, company: { companyName: '카메이트 본사' } });
    fe.setToken(login.body.accessToken);
    expect((await fe.call('GET', '/companies')).status).toBe(200);
  });

  it('refuses a password the web client could never type', async () => {
    await expect(npmRun('admin:create', ['--email', 'weak@example.com', '--password', 'short'], { DATABASE_URL: ctx.db.url })).rejects.toThrow(/8-16 letters and digits/);
  });
});
