// The live board's events as the database keeps them: numbered in the change's own transaction, per company, in
// commit order; readable after any number (`GET /board/events`), reflected by the board read (`X-Board-Seq`), and
// reachable by the room alone through its own endpoint.
import { describe, expect, it } from 'vitest';
import { devSecrets } from '../../scripts/dev-secrets';
import { bearer, createUser, jsonRequest, salesperson, signIn } from '../support/accounts';
import { openContract, patchContract } from '../support/board';
import { readJson } from '../support/http';
import { useLiveBoard } from '../support/live-board';
import { craftToken } from '../support/tokens';
import { announceSeed, together, trials } from '../support/trials';

const ctx = useLiveBoard();
announceSeed('board events');

type Numbered = { seq: number; event: { type: string; contractId?: number; version?: number; contract?: { version: number; status: string } } };

async function eventsSince(token: string, since: number | string) {
  const res = await ctx.api.fetch(`/board/events?since=${since}`, { headers: bearer(token) });
  return { status: res.status, body: await readJson(res) };
}

async function boardSeq(token: string): Promise<number> {
  const res = await ctx.api.fetch('/contracts', { headers: bearer(token) });
  expect(res.status).toBe(200);
  return Number(res.headers.get('X-Board-Seq'));
}

describe('numbered board events', () => {
  it('numbers every committed change once, gap-free and in commit order, and nothing for a refused one', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const opened = await Promise.all(Array.from({ length: 4 }, () => openContract(ctx.api, ctx.db, me)));
    const stages = ['priceNegotiation', 'contractDraft', 'carInspection'];
    let expected = 4;
    await trials(20, async (trial) => {
      // Four concurrent moves of four contracts, and a stale write that must not produce an event.
      const results = await together([
        ...opened.map(({ contract }) => () => patchContract(ctx.api, me.token, contract.id, { status: stages[trial % 3] })),
        () => patchContract(ctx.api, me.token, opened[0]!.contract.id, { contractPrice: 1 }, { 'If-Match': '"v0"' }), // never current
      ]);
      expect(results.slice(0, 4).map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect(results[4]!.status).toBe(412);
      expected += 4;
      const seqs = results.slice(0, 4).map((r) => Number(r.headers.get('X-Board-Seq'))).sort((a, b) => a - b);
      expect(seqs).toEqual([expected - 3, expected - 2, expected - 1, expected]);
    });
    const all = await eventsSince(me.token, 0);
    expect(all.status).toBe(200);
    const events = all.body.events as Numbered[];
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
    expect(all.body).toMatchObject({ resync: false, seq: expected, more: false });
    // Commit order: each contract's versions rise with the numbers, one event per version.
    for (const { contract } of opened) {
      const versions = events.filter((e) => e.event.contractId === contract.id).map((e) => e.event.version);
      expect(versions).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    }
    const [row] = await ctx.db.query<{ n: number; unnumbered: number }>(
      'select count(*)::int as n, count(*) filter (where seq is null)::int as unnumbered from board_events where company_id = $1', [me.company.id]);
    expect(row).toEqual({ n: expected, unnumbered: 0 });
  }, 120_000);

  it('never commits an event without its change, or a change without its event', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const { contract } = await openContract(ctx.api, ctx.db, me);
    const before = await boardSeq(me.token);
    // Refused writes: an unknown stage, a missing contract, a stale version. None of them leaves an event.
    expect((await patchContract(ctx.api, me.token, contract.id, { status: 'nowhere' })).status).toBe(400);
    expect((await patchContract(ctx.api, me.token, 999_999, { status: 'contractDraft' })).status).toBe(404);
    expect((await ctx.api.fetch(`/contracts/${contract.id}`, { method: 'DELETE', headers: { ...bearer(me.token), 'If-Match': '"v9"' } })).status).toBe(412);
    expect(await boardSeq(me.token)).toBe(before);
    // Written directly, an event is numbered at commit even by a writer that forgot to ask (the deferred trigger).
    await ctx.db.query(`insert into board_events (company_id, payload) values ($1, '{"type":"contract.updated"}')`, [me.company.id]);
    expect(await boardSeq(me.token)).toBe(before + 1);
    const deleted = await ctx.api.fetch(`/contracts/${contract.id}`, { method: 'DELETE', headers: bearer(me.token) });
    expect(deleted.status).toBe(204);
    const { body } = await eventsSince(me.token, before + 1);
    expect(body.events).toEqual([{ seq: before + 2, event: expect.objectContaining({ type: 'contract.deleted', contractId: contract.id, version: contract.version + 1 }) }]);
  });

  it('leaves no gap between the board read and the socket: a change made in between arrives once', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const { contract } = await openContract(ctx.api, ctx.db, me);
    await trials(20, async (trial) => {
      const seq = await boardSeq(me.token);
      const between = await patchContract(ctx.api, me.token, contract.id, { contractPrice: 1_000 + trial });
      expect(between.status).toBe(200);
      const live = await ctx.live(me.company.id, me.token, seq);
      const event = await live.waitFor((m) => m.type === 'event');
      expect(event).toMatchObject({ seq: seq + 1, event: { type: 'contract.updated', contractId: contract.id, contract: { contractPrice: 1_000 + trial } } });
      // …and by REST, for a client whose room cannot reach that far back.
      const caught = await eventsSince(me.token, seq);
      expect((caught.body.events as Numbered[]).map((e) => e.seq)).toEqual([seq + 1]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(live.events().map((m) => m.seq)).toEqual([seq + 1]);
      await live.close();
    });
  }, 120_000);

  it('pages long catch-ups, answers resync beyond what is kept or ahead of the board, and refuses bad numbers', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    await ctx.db.query(
      `insert into board_events (company_id, payload) select $1, jsonb_build_object('type', 'contract.updated', 'contractId', 1, 'version', g, 'actor', null, 'at', now()) from generate_series(1, 620) g`,
      [me.company.id],
    );
    const first = await eventsSince(me.token, 0);
    expect(first.body).toMatchObject({ resync: false, seq: 620, more: true });
    expect(first.body.events).toHaveLength(500);
    const rest = await eventsSince(me.token, 500);
    expect((rest.body.events as Numbered[]).map((e) => e.seq)).toEqual(Array.from({ length: 120 }, (_, i) => 501 + i));
    expect(rest.body.more).toBe(false);
    expect((await eventsSince(me.token, 620)).body).toEqual({ resync: false, seq: 620, events: [], more: false });
    expect((await eventsSince(me.token, 621)).body).toEqual({ resync: true, seq: 620, events: [], more: false });

    // Housekeeping forgets events older than 8 days (at least 7 are kept); a reader from before then resyncs.
    await ctx.db.query(`update board_events set created_at = now() - interval '9 days' where company_id = $1 and seq <= 300`, [me.company.id]);
    await ctx.db.query(`update board_events set created_at = now() - interval '6 days 23 hours' where company_id = $1 and seq > 300 and seq <= 310`, [me.company.id]);
    await ctx.api.scheduled({ time: new Date() });
    expect((await eventsSince(me.token, 299)).body).toMatchObject({ resync: true, seq: 620 });
    expect((await eventsSince(me.token, 300)).body.events[0]).toMatchObject({ seq: 301 }); // 7 days ago is still there

    for (const bad of ['-1', '1.5', 'abc', '', '1e3', '9999999999999999']) {
      const res = await eventsSince(me.token, bad);
      expect(res.status, bad).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', requestId: expect.any(String) });
    }
  });

  it('shows each company only its own events, and nothing without a valid token', async () => {
    const a = await salesperson(ctx.api, ctx.db);
    const b = await salesperson(ctx.api, ctx.db);
    const { contract } = await openContract(ctx.api, ctx.db, a);
    expect((await eventsSince(a.token, 0)).body.events).toEqual([expect.objectContaining({ event: expect.objectContaining({ contractId: contract.id }) })]);
    expect((await eventsSince(b.token, 0)).body).toEqual({ resync: false, seq: 0, events: [], more: false });
    expect((await ctx.api.fetch('/board/events?since=0')).status).toBe(401);
    const forged = await craftToken({ sub: String(a.user.id), cid: a.company.id, adm: false }, { secret: new TextEncoder().encode('x'.repeat(40)) });
    expect((await eventsSince(forged, 0)).status).toBe(401);
    // A colleague of the same company sees the same numbers.
    const colleague = await createUser(ctx.db, a.company.id, { name: '이동료' });
    const theirs = await eventsSince((await signIn(ctx.api, colleague.email)).accessToken, 0);
    expect((theirs.body.events as Numbered[]).map((e) => e.seq)).toEqual([1]);
  });

  it('lets only the room read a company’s events through its own endpoint', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    await openContract(ctx.api, ctx.db, me);
    const feed = (headers: Record<string, string>, path = `/internal/rooms/${me.company.id}/events?since=0`) => ctx.api.fetch(path, { headers });
    const ok = await feed({ Authorization: `Bearer ${devSecrets().PARTY_SECRET}` });
    expect(ok.status).toBe(200);
    expect(await readJson(ok)).toMatchObject({ resync: false, seq: 1, epoch: expect.any(String), events: [{ seq: 1, event: { type: 'contract.created' } }] });
    for (const headers of [{}, { Authorization: 'Bearer wrong-secret-wrong-secret' }, bearer(me.token)]) {
      const res = await feed(headers);
      expect(res.status).toBe(401);
      expect(await readJson(res)).toMatchObject({ code: 'UNAUTHORIZED', requestId: expect.any(String) });
    }
    const bad = await feed({ Authorization: `Bearer ${devSecrets().PARTY_SECRET}` }, `/internal/rooms/abc/events?since=x`);
    expect(bad.status).toBe(400);
    // Not part of the public API.
    const doc = await readJson(await ctx.api.fetch('/openapi.json'));
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/internal'))).toEqual([]);
  });

  it('numbers pipeline changes, attached documents and delivered reminders too', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const manager = await createUser(ctx.db, me.company.id, { role: 'manager' });
    const managerToken = (await signIn(ctx.api, manager.email)).accessToken;
    const { contract } = await openContract(ctx.api, ctx.db, me, [{ date: '2033-03-03T10:00:00', alarms: ['2033-03-03T09:00:00'] }]);
    const seq = await boardSeq(me.token);
    const form = new FormData();
    form.append('contractId', String(contract.id));
    form.append('file', new Blob([new TextEncoder().encode('%PDF-1.7 test')]), '계약서.pdf');
    const upload = await ctx.api.fetch('/contractDocuments/upload', { method: 'POST', headers: bearer(me.token), body: form });
    expect(upload.status).toBe(201);
    const { stages } = await readJson(await ctx.api.fetch('/pipeline', { headers: bearer(me.token) }));
    const renamed = stages.map((s: { key: string; label: string; outcome: string }, i: number) => ({ key: s.key, label: i === 0 ? '입고 검사' : s.label, outcome: s.outcome }));
    expect((await ctx.api.fetch('/pipeline/stages', jsonRequest('PUT', { stages: renamed }, managerToken))).status).toBe(200);
    await ctx.api.scheduled({ time: new Date('2033-03-03T00:30:00Z') });
    const events = (await eventsSince(me.token, seq)).body.events as (Numbered & { event: Record<string, unknown> })[];
    expect(events.map((e) => [e.seq, e.event.type])).toEqual([[seq + 1, 'documents.attached'], [seq + 2, 'pipeline.changed'], [seq + 3, 'reminder']]);
    expect(events[1]!.event).toMatchObject({ stages: expect.arrayContaining([expect.objectContaining({ label: '입고 검사' })]), actor: { id: manager.id } });
    expect(events[2]!.event).toMatchObject({ contractId: contract.id, userId: me.user.id, actor: null });
  });

  it('tells the board when a customer, car or salesperson shown on cards changes, or the salesperson’s account goes', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const colleague = await createUser(ctx.db, me.company.id, { name: '이동료' });
    const colleagueToken = (await signIn(ctx.api, colleague.email)).accessToken;
    const { contract, car, customer } = await openContract(ctx.api, ctx.db, { company: me.company, token: colleagueToken });
    const seq = await boardSeq(me.token);
    const watcher = await ctx.live(me.company.id, me.token, seq);
    const changed = async (expected: number) => {
      const event = await watcher.waitFor((m) => m.type === 'event' && m.seq === expected, 3000);
      expect(event.event).toMatchObject({ type: 'contracts.changed', contractIds: [contract.id] });
    };
    expect((await ctx.api.fetch(`/customers/${customer.id}`, jsonRequest('PATCH', { name: '김새이름' }, me.token))).status).toBe(200);
    await changed(seq + 1);
    expect((await ctx.api.fetch(`/cars/${car.id}`, jsonRequest('PATCH', { carNumber: '99허9999' }, me.token))).status).toBe(200);
    await changed(seq + 2);
    // A change no card shows makes no event.
    expect((await ctx.api.fetch(`/cars/${car.id}`, jsonRequest('PATCH', { mileage: 12 }, me.token))).status).toBe(200);
    // The salesperson renamed, then deleted, by whatever statement: each is an event, numbered at commit.
    await ctx.db.query(`update users set name = '이새동료' where id = $1`, [colleague.id]);
    await ctx.db.query('delete from users where id = $1', [colleague.id]);
    const all = (await eventsSince(me.token, seq)).body.events as Numbered[];
    expect(all.map((e) => [e.seq, e.event.type, (e.event as { contractIds?: number[] }).contractIds])).toEqual([
      [seq + 1, 'contracts.changed', [contract.id]],
      [seq + 2, 'contracts.changed', [contract.id]],
      [seq + 3, 'contracts.changed', [contract.id]],
      [seq + 4, 'contracts.changed', [contract.id]],
    ]);
    expect((await ctx.api.fetch(`/contracts/${contract.id}`, { headers: bearer(me.token) })).status).toBe(200);
  });
});
