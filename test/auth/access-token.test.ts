// Every protected route shares one guard; these are the ways a token can be wrong, tried on /users/me.
import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, createCompany, createUser, signIn } from '../support/accounts';
import { readJson } from '../support/http';
import { craftToken, tamperedToken, unsignedToken } from '../support/tokens';

const ctx = useApi();

async function me(headers: Record<string, string>) {
  return ctx.api.fetch('/users/me', { headers });
}

async function someone() {
  const company = await createCompany(ctx.db);
  const user = await createUser(ctx.db, company.id);
  return { company, user };
}

describe('access tokens', () => {
  it('accepts a token the service issued', async () => {
    const { user } = await someone();
    const session = await signIn(ctx.api, user.email);
    expect((await me(bearer(session.accessToken))).status).toBe(200);
  });

  it('answers 401 with WWW-Authenticate when the token is missing or not a bearer token', async () => {
    const variants: Record<string, string>[] = [{}, { Authorization: 'Basic dXNlcjpwYXNz' }, { Authorization: 'Bearer' }];
    for (const headers of variants) {
      const res = await me(headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await readJson(res)).toMatchObject({ code: 'UNAUTHORIZED' });
    }
  });

  it('answers 401 for an expired token', async () => {
    const { company, user } = await someone();
    const token = await craftToken({ sub: String(user.id), cid: company.id, adm: false }, { expiresIn: Math.floor(Date.now() / 1000) - 10 });
    const res = await me(bearer(token));
    expect(res.status).toBe(401);
    expect((await readJson(res)).message).toMatch(/expired/);
  });

  it('answers 401 for a token signed with another secret', async () => {
    const { company, user } = await someone();
    const token = await craftToken({ sub: String(user.id), cid: company.id, adm: true }, { secret: new TextEncoder().encode('x'.repeat(48)) });
    expect((await me(bearer(token))).status).toBe(401);
  });

  it('answers 401 for an unsigned alg:none token', async () => {
    const { company, user } = await someone();
    const now = Math.floor(Date.now() / 1000);
    const token = unsignedToken({ sub: String(user.id), cid: company.id, adm: true, sid: crypto.randomUUID(), iss: 'carmate-edge', aud: 'carmate-edge-api', iat: now, exp: now + 3600 });
    expect((await me(bearer(token))).status).toBe(401);
  });

  it('answers 401 for a token whose claims were edited (another company, admin flag)', async () => {
    const { user } = await someone();
    const other = await createCompany(ctx.db);
    const session = await signIn(ctx.api, user.email);
    expect((await me(bearer(tamperedToken(session.accessToken, { cid: other.id })))).status).toBe(401);
    expect((await me(bearer(tamperedToken(session.accessToken, { adm: true })))).status).toBe(401);
  });

  it('answers 401 for the right secret with another algorithm, issuer or audience', async () => {
    const { company, user } = await someone();
    const claims = { sub: String(user.id), cid: company.id, adm: false };
    expect((await me(bearer(await craftToken(claims, { alg: 'HS512' })))).status).toBe(401);
    expect((await me(bearer(await craftToken(claims, { iss: 'someone-else' })))).status).toBe(401);
    expect((await me(bearer(await craftToken(claims, { aud: 'another-api' })))).status).toBe(401);
  });

  it('answers 401 for a correctly signed token missing the company claim', async () => {
    const { user } = await someone();
    const token = await craftToken({ sub: String(user.id), cid: 'x' as unknown as number, adm: false });
    expect((await me(bearer(token))).status).toBe(401);
  });
});
