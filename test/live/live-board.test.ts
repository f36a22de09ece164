// The live board end to end: the real `partykit dev`, the Worker on workerd and PostgreSQL.
import { describe, expect, it } from 'vitest';
import { createUser, jsonRequest, salesperson, signIn } from '../support/accounts';
import { openContract, patchContract } from '../support/board';
import { connectLive } from '../support/live';
import { addCar, addCustomer } from '../support/inventory';
import { craftToken } from '../support/tokens';
import { useLiveBoard } from '../support/live-board';
import { startWorker } from '../support/worker';
import { devSecrets } from '../../scripts/dev-secrets';

const ctx = useLiveBoard();

async function twoColleagues() {
  const first = await salesperson(ctx.api, ctx.db);
  const colleague = await createUser(ctx.db, first.company.id, { name: '한매니저' });
  const second = { ...first, user: colleague, token: (await signIn(ctx.api, colleague.email)).accessToken };
  return { first, second };
}

describe('live board', () => {
  it('tells every colleague of the company about a move, numbered, within a second; another company hears nothing', async () => {
    const { first, second } = await twoColleagues();
    const outsider = await salesperson(ctx.api, ctx.db);
    const [a, b, c] = await Promise.all([ctx.live(first.company.id, first.token), ctx.live(second.company.id, second.token), ctx.live(outsider.company.id, outsider.token)]);
    const { contract } = await openContract(ctx.api, ctx.db, first);
    const created = await b.waitFor((m) => m.type === 'event' && (m.event as { contractId: number }).contractId === contract.id);
    expect(created).toMatchObject({ type: 'event', seq: 1, event: { type: 'contract.created', contract: { id: contract.id, status: 'carInspection' }, actor: { id: first.user.id } } });

    const started = Date.now();
    expect((await patchContract(ctx.api, first.token, contract.id, { status: 'priceNegotiation' })).status).toBe(200);
    const moved = await b.waitFor((m) => m.type === 'event' && m.seq === 2, 1000);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(moved.event).toMatchObject({ type: 'contract.moved', from: 'carInspection', to: 'priceNegotiation', version: 2, contract: { status: 'priceNegotiation' } });
    await a.waitFor((m) => m.type === 'event' && m.seq === 2, 1000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(c.events()).toEqual([]);
  });

  it('refuses expired, forged and other-company tokens before the upgrade', async () => {
    const { first } = await twoColleagues();
    const other = await salesperson(ctx.api, ctx.db);
    const claims = { sub: String(first.user.id), cid: first.company.id, adm: false };
    const expired = await craftToken(claims, { expiresIn: Math.floor(Date.now() / 1000) - 10 });
    const forged = await craftToken(claims, { secret: new TextEncoder().encode('z'.repeat(40)) });
    await expect(connectLive(ctx.party.wsUrl, first.company.id, expired)).rejects.toMatchObject({ status: 401 });
    await expect(connectLive(ctx.party.wsUrl, first.company.id, forged)).rejects.toMatchObject({ status: 401 });
    await expect(connectLive(ctx.party.wsUrl, first.company.id, '')).rejects.toMatchObject({ status: 401 });
    await expect(connectLive(ctx.party.wsUrl, first.company.id, other.token)).rejects.toMatchObject({ status: 403 });
  });

  it('gives a reconnecting client exactly the events it missed, once, in order', async () => {
    const { first, second } = await twoColleagues();
    const watcher = await ctx.live(second.company.id, second.token);
    const { contract } = await openContract(ctx.api, ctx.db, first);
    const seen = await watcher.waitFor((m) => m.type === 'event' && (m.event as { contractId: number }).contractId === contract.id);
    await watcher.close();

    await patchContract(ctx.api, first.token, contract.id, { status: 'priceNegotiation' });
    await patchContract(ctx.api, first.token, contract.id, { contractPrice: 1_000_000 });
    await patchContract(ctx.api, first.token, contract.id, { status: 'contractDraft' });
    const back = await ctx.live(second.company.id, second.token, seen.seq);
    await back.waitFor((m) => m.type === 'event' && m.seq === seen.seq! + 3);
    await patchContract(ctx.api, first.token, contract.id, { status: 'priceNegotiation' });
    await back.waitFor((m) => m.type === 'event' && m.seq === seen.seq! + 4);
    expect(back.events().map((e) => e.seq)).toEqual([seen.seq! + 1, seen.seq! + 2, seen.seq! + 3, seen.seq! + 4]);
    expect(back.events().map((e) => (e.event as { type: string }).type)).toEqual(['contract.moved', 'contract.updated', 'contract.moved', 'contract.moved']);
    expect(back.events().map((e) => (e.event as { to?: string }).to ?? null)).toEqual(['priceNegotiation', null, 'contractDraft', 'priceNegotiation']);

    // A cursor the room no longer covers (or from the future) asks for a reload over REST.
    const lost = await ctx.live(second.company.id, second.token, 10_000);
    expect(lost.messages[0]).toMatchObject({ type: 'resync' });
  });

  it('shows who is connected, relays hints to the others (rate-limited), and never stores them', async () => {
    const { first, second } = await twoColleagues();
    const a = await ctx.live(first.company.id, first.token);
    const b = await ctx.live(second.company.id, second.token);
    const presence = await a.waitFor((m) => m.type === 'presence' && (m.users as unknown[]).length === 2);
    expect((presence.users as { name: string }[]).map((u) => u.name).sort()).toEqual([expect.any(String), '한매니저'].sort());
    for (let i = 0; i < 30; i++) a.send({ type: 'dragging', contractId: 7 });
    await b.waitFor((m) => m.type === 'hint' && m.action === 'dragging' && m.contractId === 7);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const hints = b.messages.filter((m) => m.type === 'hint');
    expect(hints.length).toBeGreaterThan(0);
    expect(hints.length).toBeLessThanOrEqual(10);
    expect(a.messages.filter((m) => m.type === 'hint')).toEqual([]);
    await b.close();
    await a.waitFor((m) => m.type === 'presence' && (m.users as unknown[]).length === 1);
    const status = (await (await fetch(`${ctx.party.url}/parties/main/${first.company.id}`, { headers: { Authorization: `Bearer ${devSecrets().PARTY_SECRET}` } })).json()) as { seq: number };
    expect(status.seq).toBe(0); // hints and presence are not events
  });

  it('tells the room about attached documents and delivered meeting reminders', async () => {
    const { first, second } = await twoColleagues();
    const watcher = await ctx.live(second.company.id, second.token);
    const car = await addCar(ctx.db, first.company.id);
    const customer = await addCustomer(ctx.db, first.company.id);
    const res = await ctx.api.fetch('/contracts', jsonRequest('POST', {
      carId: car.id, customerId: customer.id, meetings: [{ date: '2033-02-02T10:00:00', alarms: ['2033-02-02T09:00:00'] }],
    }, first.token));
    const contract = (await res.json()) as { id: number };
    const form = new FormData();
    form.append('contractId', String(contract.id));
    form.append('file', new Blob([new TextEncoder().encode('%PDF-1.7 test')]), '계약서.pdf');
    expect((await ctx.api.fetch('/contractDocuments/upload', { method: 'POST', headers: { Authorization: `Bearer ${first.token}` }, body: form })).status).toBe(201);
    await watcher.waitFor((m) => m.type === 'event' && (m.event as { type: string }).type === 'documents.attached');

    await ctx.api.scheduled({ time: new Date('2033-02-02T00:00:00Z') });
    const reminder = await watcher.waitFor((m) => m.type === 'event' && (m.event as { type: string }).type === 'reminder');
    expect(reminder.event).toMatchObject({ contractId: contract.id, userId: first.user.id, subject: expect.stringContaining('오늘') });
  });

  it('keeps writes working when the room is down', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const offline = await startWorker({ databaseUrl: ctx.db.url, bindings: { PARTYKIT_URL: 'http://127.0.0.1:9' } });
    try {
      const car = await addCar(ctx.db, me.company.id);
      const customer = await addCustomer(ctx.db, me.company.id);
      const res = await offline.fetch('/contracts', jsonRequest('POST', { carId: car.id, customerId: customer.id, meetings: [] }, me.token));
      expect(res.status).toBe(201);
      expect((await patchContract(offline, me.token, (await res.json() as { id: number }).id, { status: 'priceNegotiation' })).status).toBe(200);
    } finally {
      await offline.close();
    }
  });
});
