import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { createCompany, createUser, jsonRequest, PASSWORD } from '../support/accounts';
import { readJson } from '../support/http';
import { decodeClaims } from '../support/tokens';

const ctx = useApi();

const login = (body: unknown, headers: Record<string, string> = {}) =>
  ctx.api.fetch('/auth/login', { ...jsonRequest('POST', body), headers: { 'Content-Type': 'application/json', ...headers } });

describe('POST /auth/login', () => {
  it('returns a token pair and the UserInfo the web client reads', async () => {
    const company = await createCompany(ctx.db, { name: '카메이트 로그인점' });
    const user = await createUser(ctx.db, company.id, { name: '김민준', email: 'minjun@example.com' });
    const res = await login({ email: 'Minjun@Example.com ', password: PASSWORD });
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(body.user).toEqual({
      id: user.id,
      name: '김민준',
      email: 'minjun@example.com',
      employeeNumber: expect.any(String),
      phoneNumber: '010-1234-5678',
      imageUrl: null,
      isAdmin: false,
      role: 'staff',
      company: { id: company.id, companyName: '카메이트 로그인점', companyCode: company.code },
    });
    expect(body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const claims = decodeClaims(body.accessToken);
    expect(claims).toMatchObject({ sub: String(user.id), cid: company.id, adm: false, rol: 'staff', iss: 'carmate-edge', aud: 'carmate-edge-api' });
    // The token's session is a row the database checks on every request.
    expect(await ctx.db.query('select user_id from sessions where id = $1', [claims.sid])).toEqual([{ user_id: user.id }]);
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
    const [stored] = await ctx.db.query<{ token: string }>('select token from refresh_tokens where user_id = $1', [user.id]);
    expect(stored!.token).toMatch(/^[0-9a-f]{64}$/); // only the hash is stored
    expect(stored!.token).not.toBe(body.refreshToken);
  });

  it('ignores a stale Authorization header (the web client sends one on every request)', async () => {
    const company = await createCompany(ctx.db);
    const user = await createUser(ctx.db, company.id);
    const res = await login({ email: user.email, password: PASSWORD }, { Authorization: 'Bearer expired.or.garbage' });
    expect(res.status).toBe(200);
  });

  it('answers a wrong password and an unknown email with the same 404, never 401', async () => {
    const company = await createCompany(ctx.db);
    const user = await createUser(ctx.db, company.id);
    const wrong = await login({ email: user.email, password: 'wrongpass1' });
    const unknown = await login({ email: 'nobody@example.com', password: PASSWORD });
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    const [a, b] = [await readJson(wrong), await readJson(unknown)];
    expect(a.message).toBe('존재하지 않거나 비밀번호가 일치하지 않습니다');
    expect(b.message).toBe(a.message);
    expect(a.code).toBe(b.code);
  });

  it('answers a malformed body with 400', async () => {
    expect((await login({ email: 'x@example.com' })).status).toBe(400);
    expect((await ctx.api.fetch('/auth/login', { method: 'POST', body: 'not json', headers: { 'Content-Type': 'application/json' } })).status).toBe(400);
  });

  it('upgrades a password hash made with a lower cost on the next sign-in', async () => {
    const company = await createCompany(ctx.db);
    const user = await createUser(ctx.db, company.id);
    // The same password hashed at 1,000 iterations (as an older deployment would have stored it).
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(PASSWORD), 'PBKDF2', false, ['deriveBits']);
    const bits = new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 1000 }, key, 256));
    const old = `pbkdf2-sha256$1000$${Buffer.from(salt).toString('base64')}$${Buffer.from(bits).toString('base64')}`;
    await ctx.db.query('update users set password_hash = $1 where id = $2', [old, user.id]);
    expect((await login({ email: user.email, password: PASSWORD })).status).toBe(200);
    const [row] = await ctx.db.query<{ password_hash: string }>('select password_hash from users where id = $1', [user.id]);
    expect(row!.password_hash).toMatch(/^pbkdf2-sha256\$100000\$/);
    expect((await login({ email: user.email, password: PASSWORD })).status).toBe(200);
  });
});

describe('login throttling', () => {
  it('answers 429 with Retry-After after 5 failures for one email, even with the right password, then lets the user in once they age out', async () => {
    const company = await createCompany(ctx.db);
    const user = await createUser(ctx.db, company.id);
    const ip = { 'CF-Connecting-IP': '203.0.113.10' };
    for (let i = 0; i < 5; i++) expect((await login({ email: user.email, password: 'wrongpass1' }, ip)).status).toBe(404);

    const blocked = await login({ email: user.email, password: PASSWORD }, { 'CF-Connecting-IP': '198.51.100.7' });
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(await readJson(blocked)).toMatchObject({ code: 'TOO_MANY_REQUESTS' });

    // Fifteen minutes later (moved in the database rather than waited for), the window has slid past them.
    await ctx.db.query(`update auth_failures set failed_at = failed_at - interval '16 minutes' where kind = 'login' and subject = $1`, [user.email]);
    expect((await login({ email: user.email, password: PASSWORD }, ip)).status).toBe(200);
    // A successful sign-in forgives the email's failures.
    expect(await ctx.db.query(`select * from auth_failures where kind = 'login' and subject = $1`, [user.email])).toEqual([]);
  });

  it('throttles one client IP guessing across many emails, without blocking other IPs', async () => {
    const company = await createCompany(ctx.db);
    const user = await createUser(ctx.db, company.id);
    const attacker = { 'CF-Connecting-IP': '192.0.2.66' };
    for (let i = 0; i < 30; i++) await login({ email: `guess${i}@example.com`, password: 'wrongpass1' }, attacker);
    const blocked = await login({ email: user.email, password: PASSWORD }, attacker);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await login({ email: user.email, password: PASSWORD }, { 'CF-Connecting-IP': '192.0.2.67' })).status).toBe(200);
  });
});
