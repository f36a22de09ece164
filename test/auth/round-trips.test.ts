// The database is a network round trip away from the edge: these pin how many each auth route makes.
import { describe, expect, it } from 'vitest';
import { useCountedApi } from '../support/api';
import { bearer, createCompany, createUser, jsonRequest, PASSWORD, signIn } from '../support/accounts';

const ctx = useCountedApi();

describe('database round trips per request', () => {
  it('sign-up 2, login 2 (a wrong password 1), refresh 1, me 1, profile update 2 (a wrong password 1), admin lists 1', async () => {
    const api = ctx.counted.worker;
    const company = await createCompany(ctx.db);
    const admin = await createUser(ctx.db, company.id, { isAdmin: true });
    const rt = ctx.counted.roundTrips;

    expect(await rt(() => api.fetch('/users', jsonRequest('POST', {
      name: '왕복', email: 'rt@example.com', employeeNumber: 'RT1', phoneNumber: '010-1111-2222',
      password: 'carmate2026', passwordConfirmation: 'carmate2026', companyName: company.name, companyCode: company.code,
    })))).toBe(2); // the company is checked (and a wrong one counted) before the password is hashed, then the insert
    expect(await rt(() => api.fetch('/users', jsonRequest('POST', {
      name: '왕복', email: 'rt2@example.com', employeeNumber: 'RT2', phoneNumber: '010-1111-2222',
      password: 'carmate2026', passwordConfirmation: 'carmate2026', companyName: company.name, companyCode: 'WRONG',
    })))).toBe(1);

    let session!: Awaited<ReturnType<typeof signIn>>;
    expect(await rt(async () => (session = await signIn(api, 'rt@example.com')))).toBe(2);
    expect(await rt(() => api.fetch('/auth/login', jsonRequest('POST', { email: 'rt@example.com', password: 'wrongpass1' })))).toBe(1);
    expect(await rt(() => api.fetch('/auth/refresh', jsonRequest('POST', { refreshToken: session.refreshToken })))).toBe(1);
    expect(await rt(() => api.fetch('/users/me', { headers: bearer(session.accessToken) }))).toBe(1);
    expect(await rt(() => api.fetch('/users/me', jsonRequest('PATCH', { phoneNumber: '010-2222-3333', currentPassword: PASSWORD }, session.accessToken)))).toBe(2);
    expect(await rt(() => api.fetch('/users/me', jsonRequest('PATCH', { phoneNumber: '010-2222-3333', currentPassword: 'wrongpass1' }, session.accessToken)))).toBe(1);
    expect(await rt(() => api.fetch('/auth/session', { headers: bearer(session.accessToken) }))).toBe(1);

    const adminSession = await signIn(api, admin.email);
    expect(await rt(() => api.fetch('/companies', { headers: bearer(adminSession.accessToken) }))).toBe(1);
    expect(await rt(() => api.fetch('/companies/users', { headers: bearer(adminSession.accessToken) }))).toBe(1);
    expect(await rt(() => api.fetch('/companies', jsonRequest('POST', { companyName: '왕복상사', companyCode: 'RT-CO' }, adminSession.accessToken)))).toBe(1);
    // No token: refused before any database work.
    expect(await rt(() => api.fetch('/users/me'))).toBe(0);
  });
});
