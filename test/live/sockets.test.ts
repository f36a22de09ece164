// Sockets that tell the truth: a frozen client leaves presence, an expired token's socket closes, one user cannot
// flood colleagues with hints or hold unbounded sockets, and the room's own state is for the API alone.
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { devSecrets } from '../../scripts/dev-secrets';
import { createUser, salesperson, signIn } from '../support/accounts';
import { connectLive, type LiveClient } from '../support/live';
import { useLiveBoard } from '../support/live-board';
import { decodeClaims } from '../support/tokens';

const ctx = useLiveBoard();

async function twoColleagues() {
  const first = await salesperson(ctx.api, ctx.db);
  const colleague = await createUser(ctx.db, first.company.id, { name: '한매니저' });
  return { first, second: { ...first, user: colleague, token: (await signIn(ctx.api, colleague.email)).accessToken } };
}

const presentIds = (m: Record<string, unknown>) => ((m.users ?? []) as { id: number }[]).map((u) => u.id).sort();

describe('board sockets', () => {
  it('drops a client that stopped answering from presence within 30 s', async () => {
    const { first, second } = await twoColleagues();
    const frozen = await connectLive(ctx.party.wsUrl, first.company.id, first.token, undefined, { heartbeat: false });
    const watcher = await ctx.live(second.company.id, second.token);
    await watcher.waitFor((m) => m.type === 'presence' && presentIds(m).length === 2);
    const started = Date.now();
    await watcher.waitFor((m) => m.type === 'presence' && presentIds(m).join() === String(second.user.id), 35_000);
    expect(Date.now() - started).toBeLessThanOrEqual(30_000);
    expect((await frozen.closed).code).toBe(4000);
    // The one that pings stays.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await watcher.closedByRoomWithin(10)).toBe(false);
  }, 60_000);

  it('closes a socket when its token expires; the client reconnects with a fresh one', async () => {
    const { first } = await twoColleagues();
    // The same session and claims as a real token, expiring in 3 s.
    const claims = decodeClaims(first.token);
    const shortLived = await new SignJWT({ ...claims, exp: Math.floor(Date.now() / 1000) + 3 })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(devSecrets().JWT_SECRET!));
    const socket = await ctx.live(first.company.id, shortLived);
    const closed = await socket.closed;
    expect(closed.code).toBe(4401);
    expect(socket.messages.map((m) => m.type)).toContain('token.expired');
    const back = await ctx.live(first.company.id, first.token);
    expect(back.messages[0]).toMatchObject({ type: 'ready' });
  }, 30_000);

  it('keeps at most 10 sockets per user (the oldest go) and 10 hints a second per user across all of them', async () => {
    const { first, second } = await twoColleagues();
    const watcher = await ctx.live(second.company.id, second.token);
    const mine: LiveClient[] = [];
    for (let i = 0; i < 30; i++) mine.push(await ctx.live(first.company.id, first.token).catch((err) => { throw new Error(`socket ${i + 1}: ${err.message}`); }));
    const open = async () => (await Promise.all(mine.map((s) => s.closedByRoomWithin(0)))).filter((closed) => !closed).length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await open()).toBe(10);
    expect((await mine[0]!.closed).code).toBe(4009);
    expect(mine[0]!.messages.map((m) => m.type)).toContain('socket.replaced');

    // All 30 sockets (the closed ones send into the void) flood for 3 s; the colleague counts per second.
    const before = watcher.messages.length;
    const stamps: { type: string; at: number }[] = [];
    let seen = before;
    const stamp = setInterval(() => {
      while (seen < watcher.messages.length) stamps.push({ type: watcher.messages[seen++]!.type, at: Date.now() });
    }, 1);
    const flooding = setInterval(() => {
      for (const socket of mine) {
        try {
          socket.send({ type: 'dragging', contractId: 7 });
        } catch {
          // a socket the room closed
        }
      }
    }, 5);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    clearInterval(flooding);
    await new Promise((resolve) => setTimeout(resolve, 200));
    clearInterval(stamp);
    const times = stamps.filter((s) => s.type === 'hint').map((s) => s.at);
    expect(times.length).toBeGreaterThanOrEqual(20);
    expect(times.length).toBeLessThanOrEqual(40);
    // No second (as they arrived here, give or take scheduling) held more than 10 of them.
    for (let i = 0; i + 10 < times.length; i++) expect(times[i + 10]! - times[i]!, `hints ${i}..${i + 10}`).toBeGreaterThan(900);
  }, 60_000);

  it('tells only the API the room’s event count and who is online', async () => {
    const { first } = await twoColleagues();
    await ctx.live(first.company.id, first.token);
    const url = `${ctx.party.url}/parties/main/${first.company.id}`;
    for (const headers of [{}, { Authorization: 'Bearer not-the-secret-at-all' }, { Authorization: `Bearer ${first.token}` }] as Record<string, string>[]) {
      const res = await fetch(url, { headers });
      expect(res.status).toBe(401);
      expect(JSON.stringify(await res.json())).not.toMatch(/seq|connections/);
    }
    const res = await fetch(url, { headers: { Authorization: `Bearer ${devSecrets().PARTY_SECRET}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ seq: 0, connections: 1 });
  });
});
