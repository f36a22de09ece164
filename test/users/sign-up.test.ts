import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { createCompany, createUser, jsonRequest } from '../support/accounts';
import { readJson } from '../support/http';

const ctx = useApi();

/** Exactly what the web client's sign-up form posts (contract §1.4). */
function signUpBody(company: { name: string; code: string }, overrides: Record<string, unknown> = {}) {
  return {
    name: '이서연',
    email: `seoyeon${Math.random().toString(36).slice(2, 8)}@example.com`,
    employeeNumber: `S${Math.random().toString(36).slice(2, 8)}`,
    phoneNumber: '010-2345-6789',
    password: 'carmate2026',
    passwordConfirmation: 'carmate2026',
    companyName: company.name,
    companyCode: company.code,
    ...overrides,
  };
}

const signUp = (body: unknown) => ctx.api.fetch('/users', jsonRequest('POST', body));
const userCount = async () => (await ctx.db.query<{ n: number }>('select count(*)::int as n from users'))[0]!.n;

describe('POST /users (sign-up)', () => {
  it('creates staff in the named company, who can then sign in as the web client does next', async () => {
    const company = await createCompany(ctx.db, { name: '카메이트 가입점' });
    const body = signUpBody(company, { email: 'New.Staff@Example.com' });
    const res = await signUp(body);
    expect(res.status).toBe(201);
    expect(await readJson(res)).toMatchObject({
      name: '이서연',
      email: 'new.staff@example.com',
      isAdmin: false,
      imageUrl: null,
      company: { id: company.id, companyName: '카메이트 가입점' },
    });
    const login = await ctx.api.fetch('/auth/login', jsonRequest('POST', { email: body.email, password: body.password }));
    expect(login.status).toBe(200);
  });

  it('never makes an administrator, whatever the body says', async () => {
    const company = await createCompany(ctx.db);
    const res = await signUp(signUpBody(company, { isAdmin: true, companyId: 999 }));
    expect(res.status).toBe(201);
    const body = await readJson(res);
    expect(body.isAdmin).toBe(false);
    expect(body.company.id).toBe(company.id);
  });

  it('answers 400 when the company name and code do not both match one company, writing nothing', async () => {
    const a = await createCompany(ctx.db);
    const b = await createCompany(ctx.db);
    const before = await userCount();
    for (const company of [{ name: a.name, code: b.code }, { name: a.name, code: 'NOPE' }, { name: '없는회사', code: a.code }]) {
      const res = await signUp(signUpBody(company));
      expect(res.status).toBe(400);
      expect((await readJson(res)).message).toMatch(/회사/);
    }
    expect(await userCount()).toBe(before);
  });

  it('answers 409 for an email already registered, in any letter case', async () => {
    const company = await createCompany(ctx.db);
    await createUser(ctx.db, company.id, { email: 'taken@example.com' });
    const res = await signUp(signUpBody(company, { email: 'TAKEN@example.com' }));
    expect(res.status).toBe(409);
    expect((await readJson(res)).message).toBe('이미 가입된 이메일입니다');
  });

  it('answers 409 for an employee number taken in the same company, and accepts it in another company', async () => {
    const a = await createCompany(ctx.db);
    const b = await createCompany(ctx.db);
    await createUser(ctx.db, a.id, { employeeNumber: 'E-777' });
    const dup = await signUp(signUpBody(a, { employeeNumber: 'E-777' }));
    expect(dup.status).toBe(409);
    expect((await readJson(dup)).message).toBe('회사에 이미 등록된 사원번호입니다');
    expect((await signUp(signUpBody(b, { employeeNumber: 'E-777' }))).status).toBe(201);
  });

  it.each([
    ['a password without digits', { password: 'onlyletters', passwordConfirmation: 'onlyletters' }, 'password'],
    ['a password that is too short', { password: 'abc12', passwordConfirmation: 'abc12' }, 'password'],
    ['a password with symbols', { password: 'abc12345!', passwordConfirmation: 'abc12345!' }, 'password'],
    ['a confirmation that differs', { passwordConfirmation: 'carmate2027' }, 'passwordConfirmation'],
    ['a malformed phone number', { phoneNumber: '01012345678' }, 'phoneNumber'],
    ['a malformed email', { email: 'not-an-email' }, 'email'],
    ['a missing name', { name: '' }, 'name'],
  ])('answers 400 for %s, naming the field', async (_, overrides, field) => {
    const company = await createCompany(ctx.db);
    const before = await userCount();
    const res = await signUp(signUpBody(company, overrides));
    expect(res.status).toBe(400);
    const body = await readJson(res);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.fields.map((f: { path: string }) => f.path)).toContain(field);
    expect(await userCount()).toBe(before);
  });
});
