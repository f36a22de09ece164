// A session that ends (sign-out, password change, account deletion, an administrator's deletion, a role change)
// closes its live-board sockets within 5 s, and its token cannot open a new one: the real `partykit dev`, the
// Worker on workerd and PostgreSQL, as `npm run dev` wires them (the room asks the API about each socket's session).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPartyKit } from '../../scripts/partykit-runtime';
import { bearer, createUser, jsonRequest, PASSWORD, salesperson, signIn } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { connectLive, type LiveClient } from '../support/live';
import { startWorkerWithRoom, type TestWorker } from '../support/worker';

let party: RunningPartyKit;
let db: TestDatabase;
let api: TestWorker;
const open: LiveClient[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  ({ party, api } = await startWorkerWithRoom(db.url));
}, 90_000);

afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await api?.close();
  await db?.drop();
  await party?.stop();
});

async function live(companyId: number, token: string) {
  const client = await connectLive(party.wsUrl, companyId, token);
  open.push(client);
  return client;
}

/** The socket is closed by the room within 5 s of `end`, and the token can neither reconnect nor call the API. */
async function expectEndedWithin5s(companyId: number, token: string, end: () => Promise<Response>, endStatus: number) {
  const socket = await live(companyId, token);
  const started = Date.now();
  expect((await end()).status).toBe(endStatus);
  expect(await socket.closedByRoomWithin(5000), 'the room closed the socket within 5 s').toBe(true);
  expect(Date.now() - started).toBeLessThan(5000);
  expect(socket.messages.at(-1)).toEqual({ type: 'session.ended' });
  expect((await api.fetch('/customers', { headers: bearer(token) })).status).toBe(401);
  await expect(connectLive(party.wsUrl, companyId, token)).rejects.toMatchObject({ status: 401 });
}

describe('sockets of ended sessions', () => {
  it('closes on sign-out, and leaves the same user’s other sessions connected', async () => {
    const me = await salesperson(api, db);
    const other = await live(me.company.id, (await signIn(api, me.user.email)).accessToken);
    await expectEndedWithin5s(me.company.id, me.token, () => api.fetch('/auth/logout', jsonRequest('POST', undefined, me.token)), 204);
    other.send({ type: 'viewing', contractId: null });
    expect(other.messages.some((m) => m.type === 'ready')).toBe(true);
    expect(await other.closedByRoomWithin(300)).toBe(false);
  });

  it('closes the other sessions on a password change, not the one that changed it', async () => {
    const me = await salesperson(api, db);
    const current = await live(me.company.id, me.token);
    const elsewhere = (await signIn(api, me.user.email)).accessToken;
    await expectEndedWithin5s(
      me.company.id,
      elsewhere,
      () => api.fetch('/users/me', jsonRequest('PATCH', { currentPassword: PASSWORD, password: 'newpass2027', passwordConfirmation: 'newpass2027' }, me.token)),
      200,
    );
    expect(await current.closedByRoomWithin(300)).toBe(false);
    expect((await api.fetch('/customers', { headers: bearer(me.token) })).status).toBe(200);
  });

  it('closes on account deletion', async () => {
    const me = await salesperson(api, db);
    await expectEndedWithin5s(me.company.id, me.token, () => api.fetch('/users/me', { method: 'DELETE', headers: bearer(me.token) }), 204);
  });

  it('closes when an administrator deletes the user', async () => {
    const me = await salesperson(api, db);
    const admin = await createUser(db, me.company.id, { isAdmin: true });
    const adminToken = (await signIn(api, admin.email)).accessToken;
    await expectEndedWithin5s(me.company.id, me.token, () => api.fetch(`/users/${me.user.id}`, { method: 'DELETE', headers: bearer(adminToken) }), 204);
  });

  it('closes when a manager changes the user’s role', async () => {
    const me = await salesperson(api, db);
    const manager = await createUser(db, me.company.id, { role: 'manager' });
    const managerToken = (await signIn(api, manager.email)).accessToken;
    await expectEndedWithin5s(me.company.id, me.token, () => api.fetch(`/users/${me.user.id}/role`, jsonRequest('PATCH', { role: 'manager' }, managerToken)), 200);
    // Signing in again gives a token with the new role.
    const again = await signIn(api, me.user.email);
    expect((await api.fetch('/users/me', { headers: bearer(again.accessToken) }).then((r) => r.json()) as { role: string }).role).toBe('manager');
  });
});
