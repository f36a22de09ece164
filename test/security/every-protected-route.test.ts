// Every route the OpenAPI document marks as needing a bearer token refuses callers without a valid one,
// before touching any data: the guard cannot be forgotten on a new route without this test failing.
import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { createCompany, createUser, signIn } from '../support/accounts';
import { readJson } from '../support/http';
import { craftToken, tamperedToken, unsignedToken } from '../support/tokens';

const ctx = useApi();

type Operation = { security?: unknown[] };

async function protectedOperations(): Promise<{ method: string; path: string }[]> {
  const doc = await readJson(await ctx.api.fetch('/openapi.json'));
  const operations: { method: string; path: string }[] = [];
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
    for (const [method, operation] of Object.entries(methods)) {
      if (operation.security?.length) operations.push({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, '1') });
    }
  }
  return operations;
}

describe('every protected route', () => {
  it('is documented with the bearer scheme (and there are many)', async () => {
    expect((await protectedOperations()).length).toBeGreaterThanOrEqual(30);
  });

  it('answers 401 to no token, a foreign-signed token, an alg:none token and a tampered token', async () => {
    const company = await createCompany(ctx.db);
    const user = await createUser(ctx.db, company.id, { isAdmin: true });
    const valid = (await signIn(ctx.api, user.email)).accessToken;
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: String(user.id), cid: company.id, adm: true };
    const bad: Record<string, string | undefined> = {
      'no token': undefined,
      'another secret': await craftToken(claims, { secret: new TextEncoder().encode('y'.repeat(40)) }),
      'alg none': unsignedToken({ ...claims, sid: crypto.randomUUID(), iss: 'carmate-edge', aud: 'carmate-edge-api', iat: now, exp: now + 600 }),
      tampered: tamperedToken(valid, { cid: company.id + 1 }),
      expired: await craftToken(claims, { expiresIn: now - 60 }),
    };
    const before = (await ctx.db.query<{ n: number }>('select (select count(*) from audit_logs) + (select count(*) from companies) + (select count(*) from contracts) as n'))[0]!.n;
    for (const { method, path } of await protectedOperations()) {
      for (const [name, token] of Object.entries(bad)) {
        const res = await ctx.api.fetch(path, {
          method,
          headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
          body: method === 'GET' || method === 'DELETE' ? undefined : '{}',
        });
        expect(res.status, `${method} ${path} with ${name}`).toBe(401);
      }
    }
    const after = (await ctx.db.query<{ n: number }>('select (select count(*) from audit_logs) + (select count(*) from companies) + (select count(*) from contracts) as n'))[0]!.n;
    expect(after).toBe(before);
  });
});
