// The access issue's races, fired for real against the Worker on workerd and PostgreSQL: parallel requests,
// many trials, the invariant asserted after each one.
import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, createCompany, createUser, jsonRequest, PASSWORD, signIn } from '../support/accounts';
import { readJson } from '../support/http';
import { announceSeed, together, trials } from '../support/trials';

const ctx = useApi();
announceSeed('access races');

const TRIALS = 20;
const refresh = (refreshToken: string) => ctx.api.fetch('/auth/refresh', jsonRequest('POST', { refreshToken }));
const customers = (token: string) => ctx.api.fetch('/customers', { headers: bearer(token) });

async function freshUser(options: Parameters<typeof createUser>[2] = {}) {
  const company = await createCompany(ctx.db);
  const user = await createUser(ctx.db, company.id, options);
  return { company, user };
}

describe('refresh rotation', () => {
  it('keeps the web client signed in when it refreshes twice in parallel with one token (20 trials)', async () => {
    await trials(TRIALS, async () => {
      const { user } = await freshUser();
      const session = await signIn(ctx.api, user.email);
      const answers = await together([() => refresh(session.refreshToken), () => refresh(session.refreshToken)]);
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      const pairs = await Promise.all(answers.map((r) => readJson(r)));
      // The client keeps whichever pair arrives last: both work, and so does the next refresh of either.
      for (const pair of pairs) expect((await customers(pair.accessToken)).status).toBe(200);
      const next = await refresh(pairs[1].refreshToken);
      expect(next.status).toBe(200);
      expect((await customers((await readJson(next)).accessToken)).status).toBe(200);
    });
  });

  it('ends the session when a used token returns after its successor was used, even twice at once (20 trials)', async () => {
    await trials(TRIALS, async () => {
      const { user } = await freshUser();
      const session = await signIn(ctx.api, user.email);
      const second = await readJson(await refresh(session.refreshToken));
      const third = await readJson(await refresh(second.refreshToken));
      const replays = await together([() => refresh(session.refreshToken), () => refresh(session.refreshToken)]);
      expect(replays.map((r) => r.status)).toEqual([400, 400]);
      expect((await refresh(third.refreshToken)).status).toBe(400);
      expect((await customers(third.accessToken)).status).toBe(401);
      expect(await ctx.db.query('select id from sessions where user_id = $1', [user.id])).toEqual([]);
    });
  });

  it('leaves no working token of a session when a logout races a refresh (20 trials)', async () => {
    await trials(TRIALS, async () => {
      const { user } = await freshUser();
      const session = await signIn(ctx.api, user.email);
      const [logout, refreshed] = (await together([
        () => ctx.api.fetch('/auth/logout', jsonRequest('POST', undefined, session.accessToken)),
        () => refresh(session.refreshToken),
      ])) as [Response, Response];
      expect(logout.status).toBe(204); // a refresh never ends a session, so the logout always goes through
      expect((await customers(session.accessToken)).status).toBe(401);
      if (refreshed.status === 200) {
        const pair = await readJson(refreshed);
        expect((await customers(pair.accessToken)).status).toBe(401);
        expect((await refresh(pair.refreshToken)).status).toBe(400);
      } else {
        expect(refreshed.status).toBe(400);
      }
      expect((await refresh(session.refreshToken)).status).toBe(400);
      expect(await ctx.db.query('select id from refresh_tokens where user_id = $1', [user.id])).toEqual([]);
    });
  });
});

describe('throttles hold under bursts', () => {
  it('evaluates at most 5 of 20 parallel wrong passwords for one email; the rest are 429 (20 trials)', async () => {
    await trials(TRIALS, async (i) => {
      const { user } = await freshUser();
      const answers = await together(
        Array.from({ length: 20 }, (_, n) => () =>
          ctx.api.fetch('/auth/login', { ...jsonRequest('POST', { email: user.email, password: `wrongpass${n}` }), headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': `198.51.${i}.${n}` } })),
      );
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 404).length).toBe(5);
      expect(statuses.filter((s) => s === 429).length).toBe(15);
      for (const res of answers.filter((r) => r.status === 429)) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    });
  });

  it('refuses 60 wrong company codes from one IP with 429 long before the 60th, even in bursts (20 trials of 15 at once)', async () => {
    const signUp = (n: number, ip: string, code: string, company: { name: string }) =>
      ctx.api.fetch('/users', {
        ...jsonRequest('POST', {
          name: '추측', email: `guess${ip.replace(/\D/g, '')}x${n}@example.com`, employeeNumber: `G${ip.replace(/\D/g, '')}${n}`, phoneNumber: '010-1111-2222',
          password: 'carmate2026', passwordConfirmation: 'carmate2026', companyName: company.name, companyCode: code,
        }),
        headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': ip },
      });
    // The reproduction: 60 guesses from one IP.
    const target = await createCompany(ctx.db);
    const sixty: number[] = [];
    for (let n = 0; n < 60; n++) sixty.push((await signUp(n, '203.0.113.60', `GUESS${n}`, target)).status);
    expect(sixty.slice(0, 10)).toEqual(Array(10).fill(400));
    expect(sixty.slice(10)).toEqual(Array(50).fill(429));
    // The right code from that IP is refused too while it is throttled: no oracle.
    expect((await signUp(99, '203.0.113.60', target.code, target)).status).toBe(429);
    // A colleague from another IP with the right code still gets in, and becomes staff.
    const ok = await signUp(1, '192.0.2.200', target.code, target);
    expect(ok.status).toBe(201);
    expect((await readJson(ok)).role).toBe('staff');

    // Bursts from one IP: exactly the limit is evaluated. Guesses spread over many IPs meet the company's own limit.
    await trials(TRIALS, async (i) => {
      const company = await createCompany(ctx.db);
      const fromOneIp = await together(Array.from({ length: 15 }, (_, n) => () => signUp(n, `203.0.114.${i}`, `WRONG${n}`, company)));
      expect(fromOneIp.map((r) => r.status).sort()).toEqual([...Array(10).fill(400), ...Array(5).fill(429)]);
      const fromManyIps = await together(Array.from({ length: 15 }, (_, n) => () => signUp(n, `203.0.${115 + n}.${i}`, `WRONG${n}`, company)));
      expect(fromManyIps.map((r) => r.status).sort()).toEqual([...Array(10).fill(400), ...Array(5).fill(429)]);
    });
  });

  it('evaluates at most 5 of 20 parallel wrong current passwords for one user; the rest are 429 (20 trials)', async () => {
    await trials(TRIALS, async (i) => {
      const { user } = await freshUser();
      const { accessToken } = await signIn(ctx.api, user.email);
      const patchMe = (body: object) => {
        const init = jsonRequest('PATCH', body, accessToken);
        return ctx.api.fetch('/users/me', { ...init, headers: { ...(init.headers as Record<string, string>), 'CF-Connecting-IP': `198.18.0.${i}` } });
      };
      const answers = await together(Array.from({ length: 20 }, (_, n) => () => patchMe({ currentPassword: `wrongpass${n}`, phoneNumber: '010-9999-0000' })));
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 400).length).toBe(5);
      expect(statuses.filter((s) => s === 429).length).toBe(15);
      // Even the right password waits now: guessing gains nothing.
      expect((await patchMe({ currentPassword: PASSWORD })).status).toBe(429);
      expect((await ctx.db.query<{ phone_number: string }>('select phone_number from users where id = $1', [user.id]))[0]!.phone_number).toBe('010-1234-5678');
    });
  });
});

describe('who runs the service and each company', () => {
  it('keeps one administrator when two delete themselves at the same moment (20 trials)', async () => {
    const company = await createCompany(ctx.db);
    await ctx.db.query('update users set is_admin = false');
    let survivor = await createUser(ctx.db, company.id, { isAdmin: true });
    await trials(TRIALS, async () => {
      // In another company: the service-wide rule, not a company's, must hold them apart.
      const other = await createUser(ctx.db, (await createCompany(ctx.db)).id, { isAdmin: true });
      const tokens = await Promise.all([survivor, other].map(async (u) => (await signIn(ctx.api, u.email)).accessToken));
      const answers = await together(tokens.map((token) => () => ctx.api.fetch('/users/me', { method: 'DELETE', headers: bearer(token) })));
      expect(answers.map((r) => r.status).sort()).toEqual([204, 409]);
      const admins = await ctx.db.query<{ id: number }>('select id from users where is_admin');
      expect(admins).toHaveLength(1);
      survivor = [survivor, other].find((u) => u.id === admins[0]!.id)!;
    });
  });

  it('keeps one manager when two managers of a company leave or step down at the same moment (20 trials)', async () => {
    await trials(TRIALS, async (i) => {
      const company = await createCompany(ctx.db);
      await createUser(ctx.db, company.id); // a colleague, so the company still needs a manager
      const managers = await Promise.all([0, 1].map(() => createUser(ctx.db, company.id, { role: 'manager' })));
      const tokens = await Promise.all(managers.map(async (u) => (await signIn(ctx.api, u.email)).accessToken));
      // Alternate: both delete themselves, or each demotes the other.
      const answers = await together(
        i % 2 === 0
          ? tokens.map((token) => () => ctx.api.fetch('/users/me', { method: 'DELETE', headers: bearer(token) }))
          : tokens.map((token, n) => () => ctx.api.fetch(`/users/${managers[1 - n]!.id}/role`, jsonRequest('PATCH', { role: 'staff' }, token))),
      );
      // One goes through; the other is refused (409), or finds its own session ended by the first (401).
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 200 || s === 204)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409 || s === 401)).toHaveLength(1);
      const left = await ctx.db.query('select id from users where company_id = $1 and role = $2', [company.id, 'manager']);
      expect(left).toHaveLength(1);
    });
  });
});

describe('a sign-in racing a change of the account', () => {
  it('leaves no session made with the old password or the old role (20 trials each)', async () => {
    await trials(TRIALS, async () => {
      const { user } = await freshUser();
      const { accessToken } = await signIn(ctx.api, user.email);
      const [login, change] = (await together([
        () => ctx.api.fetch('/auth/login', jsonRequest('POST', { email: user.email, password: PASSWORD })),
        () => ctx.api.fetch('/users/me', jsonRequest('PATCH', { currentPassword: PASSWORD, password: 'newpass2027', passwordConfirmation: 'newpass2027' }, accessToken)),
      ])) as [Response, Response];
      expect(change.status).toBe(200);
      if (login.status === 200) expect((await customers((await readJson(login)).accessToken)).status).toBe(401);
      else expect(login.status).toBe(404);
    });
    await trials(TRIALS, async () => {
      const { company, user } = await freshUser({ role: 'manager' });
      await createUser(ctx.db, company.id, { role: 'manager' });
      const admin = await createUser(ctx.db, company.id, { isAdmin: true });
      const adminToken = (await signIn(ctx.api, admin.email)).accessToken;
      const [login, demote] = (await together([
        () => ctx.api.fetch('/auth/login', jsonRequest('POST', { email: user.email, password: PASSWORD })),
        () => ctx.api.fetch(`/users/${user.id}/role`, jsonRequest('PATCH', { role: 'staff' }, adminToken)),
      ])) as [Response, Response];
      expect(demote.status).toBe(200);
      if (login.status === 200) {
        const token = (await readJson(login)).accessToken;
        // Either the token already says staff, or its session was ended by the demotion.
        const settings = await ctx.api.fetch('/notifications/settings', jsonRequest('PATCH', { smsEnabled: true }, token));
        expect([401, 403]).toContain(settings.status);
      } else expect(login.status).toBe(404);
    });
  });
});

describe('company codes are invitations', () => {
  it('counts every taken code a manager tries, also in parallel: 5 answered 409, the rest 429 (20 trials)', async () => {
    const taken = await createCompany(ctx.db);
    await trials(TRIALS, async (i) => {
      const { company } = await freshUser();
      const manager = await createUser(ctx.db, company.id, { role: 'manager' });
      const token = (await signIn(ctx.api, manager.email)).accessToken;
      const change = (code: string) => {
        const init = jsonRequest('PATCH', { companyCode: code }, token);
        return ctx.api.fetch(`/companies/${company.id}`, { ...init, headers: { ...(init.headers as Record<string, string>), 'CF-Connecting-IP': `198.19.0.${i}` } });
      };
      const answers = await together(Array.from({ length: 20 }, () => () => change(taken.code)));
      expect(answers.map((r) => r.status).sort()).toEqual([...Array(5).fill(409), ...Array(15).fill(429)]);
      // While throttled, even a free code is refused: the answers tell nothing about which codes exist.
      expect((await change(`FREE-${company.id}`)).status).toBe(429);
      expect((await ctx.db.query<{ company_code: string }>('select company_code from companies where id = $1', [company.id]))[0]!.company_code).toBe(company.code);
    });
  });
});
