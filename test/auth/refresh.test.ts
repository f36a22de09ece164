import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, createCompany, createUser, jsonRequest, signIn } from '../support/accounts';
import { readJson } from '../support/http';

const ctx = useApi();

const refresh = (refreshToken: unknown, headers: Record<string, string> = {}) =>
  ctx.api.fetch('/auth/refresh', { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ refreshToken }) });

async function newSession() {
  const company = await createCompany(ctx.db);
  const user = await createUser(ctx.db, company.id);
  return { user, session: await signIn(ctx.api, user.email) };
}

describe('POST /auth/refresh', () => {
  it('exchanges a refresh token for a new pair whose access token works', async () => {
    const { user, session } = await newSession();
    const res = await refresh(session.refreshToken, { Authorization: 'Bearer stale' });
    expect(res.status).toBe(200);
    const pair = await readJson(res);
    expect(Object.keys(pair).sort()).toEqual(['accessToken', 'refreshToken']);
    expect(pair.refreshToken).not.toBe(session.refreshToken);
    const me = await ctx.api.fetch('/users/me', { headers: bearer(pair.accessToken) });
    expect(me.status).toBe(200);
    expect((await readJson(me)).id).toBe(user.id);
  });

  it('detects replay: a rotated token presented after its successor was used ends the session (rotate twice, replay the first)', async () => {
    const { session } = await newSession();
    const first = session.refreshToken;
    const second = (await readJson(await refresh(first))).refreshToken;
    const third = (await readJson(await refresh(second))).refreshToken;

    const replay = await refresh(first);
    expect(replay.status).toBe(400);
    // The thief's replay burned the legitimate chain too: the newest token no longer works.
    const afterReplay = await refresh(third);
    expect(afterReplay.status).toBe(400);
    // The session is gone, and every token of it with it.
    expect(await ctx.db.query('select id from sessions where user_id = $1', [session.user.id])).toEqual([]);
    expect(await ctx.db.query('select id from refresh_tokens where user_id = $1', [session.user.id])).toEqual([]);
  });

  it('gives the same token presented twice at once two working pairs of the same session (the web client’s double refresh)', async () => {
    const { session } = await newSession();
    const results = await Promise.all([refresh(session.refreshToken), refresh(session.refreshToken)]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const pairs = await Promise.all(results.map((r) => readJson(r)));
    for (const pair of pairs) expect((await ctx.api.fetch('/customers', { headers: bearer(pair.accessToken) })).status).toBe(200);
    expect((await refresh(pairs[1].refreshToken)).status).toBe(200);
  });

  it('ends the session when a used token comes back after the grace window', async () => {
    const { session } = await newSession();
    const next = await readJson(await refresh(session.refreshToken));
    // 31 seconds later (moved in the database rather than waited for).
    await ctx.db.query(`update refresh_tokens set used_at = used_at - interval '31 seconds' where used_at is not null and user_id = $1`, [session.user.id]);
    expect((await refresh(session.refreshToken)).status).toBe(400);
    expect((await refresh(next.refreshToken)).status).toBe(400);
    expect((await ctx.api.fetch('/customers', { headers: bearer(next.accessToken) })).status).toBe(401);
  });

  it.each([
    ['an unknown token', 'not-a-real-token'],
    ['an empty token', ''],
    ['a non-string token', 12345],
  ])('answers %s with 400, never 401', async (_, token) => {
    const res = await refresh(token);
    expect(res.status).toBe(400);
    expect(await readJson(res)).toHaveProperty('requestId');
  });

  it('answers an expired token with 400', async () => {
    const { session } = await newSession();
    await ctx.db.query(`update refresh_tokens set expires_at = now() - interval '1 second' where user_id = $1`, [session.user.id]);
    expect((await refresh(session.refreshToken)).status).toBe(400);
  });

  it('answers a token of a deleted user with 400', async () => {
    const { user, session } = await newSession();
    await ctx.db.query('delete from users where id = $1', [user.id]);
    expect((await refresh(session.refreshToken)).status).toBe(400);
  });
});

describe('POST /auth/logout', () => {
  it('ends the caller’s session at once (its access token answers 401) and leaves their other sessions alone', async () => {
    const { user, session } = await newSession();
    const other = await signIn(ctx.api, user.email);
    const res = await ctx.api.fetch('/auth/logout', jsonRequest('POST', undefined, session.accessToken));
    expect(res.status).toBe(204);
    const after = await ctx.api.fetch('/customers', { headers: bearer(session.accessToken) });
    expect(after.status).toBe(401);
    expect(await readJson(after)).toMatchObject({ code: 'UNAUTHORIZED', requestId: expect.any(String) });
    const customer = { name: '유령', gender: 'male', phoneNumber: '010-1234-5678', ageGroup: null, region: null, email: 'ghost@example.com', memo: '' };
    expect((await ctx.api.fetch('/customers', jsonRequest('POST', customer, session.accessToken))).status).toBe(401);
    expect(await ctx.db.query('select id from customers')).toEqual([]);
    expect((await refresh(session.refreshToken)).status).toBe(400);
    expect((await ctx.api.fetch('/customers', { headers: bearer(other.accessToken) })).status).toBe(200);
    expect((await refresh(other.refreshToken)).status).toBe(200);
  });

  it('answers 401 without a token', async () => {
    expect((await ctx.api.fetch('/auth/logout', { method: 'POST' })).status).toBe(401);
  });
});
