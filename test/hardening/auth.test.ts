// Authentication, on every protected route of the OpenAPI document (so the guard cannot be forgotten on a new
// route): no token, an expired one, another secret, alg:none, edited claims, and the two tokens swapped. Refresh
// tokens are single-use, and a replay (or a use after sign-out) is refused.
import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, createCompany, createUser, signIn } from '../support/accounts';
import { fingerprint } from '../support/fingerprint';
import { readJson } from '../support/http';
import { operationsOf, type OpenApiDocument } from '../support/openapi-doc';
import { craftToken, tamperedToken, unsignedToken } from '../support/tokens';

const ctx = useApi();

async function protectedOperations(): Promise<{ method: string; path: string }[]> {
  const doc: OpenApiDocument = await readJson(await ctx.api.fetch('/openapi.json'));
  return operationsOf(doc)
    .filter((o) => o.op.security?.length)
    .map((o) => ({ method: o.method, path: o.path.replace(/\{[^}]+\}/g, '1') }));
}

const refresh = (refreshToken: string) =>
  ctx.api.fetch('/auth/refresh', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken }) });

describe('every protected route', () => {
  it('is documented with the bearer scheme (and there are many)', async () => {
    expect((await protectedOperations()).length).toBeGreaterThanOrEqual(40);
  });

  it('answers 401 to no token, an expired, foreign-signed, unsigned or edited token, and a refresh token, writing nothing', async () => {
    const company = await createCompany(ctx.db);
    const other = await createCompany(ctx.db);
    const user = await createUser(ctx.db, company.id);
    const colleague = await createUser(ctx.db, company.id, { isAdmin: true });
    const session = await signIn(ctx.api, user.email);
    const valid = session.accessToken;
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: String(user.id), cid: company.id, adm: false };
    const bad: Record<string, string | undefined> = {
      'no token': undefined,
      expired: await craftToken(claims, { expiresIn: now - 60 }),
      'another secret': await craftToken(claims, { secret: new TextEncoder().encode('y'.repeat(40)) }),
      'alg none': unsignedToken({ ...claims, sid: crypto.randomUUID(), iss: 'carmate-edge', aud: 'carmate-edge-api', iat: now, exp: now + 600 }),
      'claims: another company': tamperedToken(valid, { cid: other.id }),
      'claims: administrator': tamperedToken(valid, { adm: true }),
      'claims: another user': tamperedToken(valid, { sub: String(colleague.id) }),
      'claims: longer life': tamperedToken(valid, { exp: now + 365 * 86_400 }),
      'the refresh token': session.refreshToken,
    };
    const before = await fingerprint(ctx.db);
    let tried = 0;
    for (const { method, path } of await protectedOperations()) {
      for (const [name, token] of Object.entries(bad)) {
        const res = await ctx.api.fetch(path, {
          method,
          headers: { 'Content-Type': 'application/json', ...(token ? bearer(token) : {}) },
          body: method === 'GET' || method === 'DELETE' ? undefined : '{}',
        });
        expect(res.status, `${method} ${path} with ${name}`).toBe(401);
        expect(await readJson(res)).toMatchObject({ code: 'UNAUTHORIZED', requestId: res.headers.get('X-Request-Id') });
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(400);
    expect(await fingerprint(ctx.db)).toEqual(before);
    // The genuine token still works: the refusals were about the tokens, not the account.
    expect((await ctx.api.fetch('/users/me', { headers: bearer(valid) })).status).toBe(200);
  });
});

describe('refresh tokens', () => {
  it('refuses an access token presented as a refresh token', async () => {
    const company = await createCompany(ctx.db);
    const user = await createUser(ctx.db, company.id);
    const session = await signIn(ctx.api, user.email);
    const res = await refresh(session.accessToken);
    expect(res.status).toBe(400);
    expect(await readJson(res)).toMatchObject({ code: expect.any(String), requestId: expect.any(String) });
  });

  it('refuses reuse: a replayed token burns its whole sign-in, and sign-out ends it', async () => {
    const company = await createCompany(ctx.db);
    const user = await createUser(ctx.db, company.id);
    const session = await signIn(ctx.api, user.email);
    const rotated = await readJson(await refresh(session.refreshToken));
    const newest = await readJson(await refresh(rotated.refreshToken)); // the successor is used: no grace any more
    expect((await refresh(session.refreshToken)).status).toBe(400); // the replay…
    expect((await refresh(newest.refreshToken)).status).toBe(400); // …ended the session, the newest token with it
    expect((await ctx.api.fetch('/customers', { headers: bearer(newest.accessToken) })).status).toBe(401);

    const second = await signIn(ctx.api, user.email);
    expect((await ctx.api.fetch('/auth/logout', { method: 'POST', headers: bearer(second.accessToken) })).status).toBe(204);
    expect((await refresh(second.refreshToken)).status).toBe(400);
  });
});
