// The board as the database writes it: byte for byte what the contract objects say, answered 304 while nothing
// changed, and won/lost columns that can be shown a page at a time.
import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, createUser, jsonRequest, salesperson, uploadFile } from '../support/accounts';
import { openContract, patchContract } from '../support/board';
import { readJson } from '../support/http';
import { craftToken, tamperedToken } from '../support/tokens';
import { announceSeed, generator, together, trials } from '../support/trials';

const ctx = useApi();

type Who = Awaited<ReturnType<typeof salesperson>>;
const boardOf = (who: Who, query = '', headers: Record<string, string> = {}) =>
  ctx.api.fetch(`/contracts${query ? `?${query}` : ''}`, { headers: { ...bearer(who.token), ...headers } });

/** The board as the contract objects (`GET /contracts/{id}`, zoned in JavaScript) say it must be, as JSON.stringify writes it. */
async function expectedBoardText(who: Who, board: Record<string, { totalItemCount: number; data: { id: number }[] }>) {
  const expected: Record<string, { totalItemCount: number; data: unknown[] }> = {};
  for (const [stage, column] of Object.entries(board)) {
    const data = [];
    for (const card of column.data) data.push(await readJson(await ctx.api.fetch(`/contracts/${card.id}`, { headers: bearer(who.token) })));
    expected[stage] = { totalItemCount: column.totalItemCount, data };
  }
  return JSON.stringify(expected);
}

const HOSTILE = ['따옴표 "인용"', 'back\\slash', 'tab\there', 'new\nline', 'ctl\u0001\u001f', '이모지 🚗', 'sep\u2028\u2029', '</script>', "o'brien", '  spaced  '];
const ZONES = ['Asia/Seoul', 'America/St_Johns', 'Asia/Kolkata', 'Pacific/Chatham', 'America/Sao_Paulo', 'Europe/London', 'UTC', 'America/Los_Angeles'];

describe('GET /contracts, as the database writes it', () => {
  it('is byte for byte the contract objects, in every zone, with hostile names, documents and no salesperson', async () => {
    const seed = Number(process.env.BOARD_SEED ?? Date.now() % 1_000_000);
    console.log(`board text seed: ${seed} (replay with BOARD_SEED=${seed})`);
    const random = generator(seed);
    const pick = <T,>(list: T[]) => list[Math.floor(random() * list.length)]!;
    const me = await salesperson(ctx.api, ctx.db);
    const colleague = await createUser(ctx.db, me.company.id, { name: pick(HOSTILE) });
    for (let i = 0; i < 12; i++) {
      const day = 1 + Math.floor(random() * 28);
      const hour = Math.floor(random() * 24);
      const meetings = Array.from({ length: Math.floor(random() * 3) }, () => ({
        date: `2026-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:30:00`,
        alarms: random() < 0.5 ? [] : [`2026-03-${String(day).padStart(2, '0')}T0${Math.floor(random() * 10)}:00:00Z`],
      }));
      const { contract, customer, car } = await openContract(ctx.api, ctx.db, me, meetings);
      await ctx.db.query('update customers set name = $1, phone_number = $2 where id = $3', [pick(HOSTILE), pick(HOSTILE).slice(0, 20), customer.id]);
      await ctx.db.query('update cars set car_number = $1 where id = $2', [`${pick(HOSTILE).slice(0, 8)}${i}`, car.id]);
      const roll = random();
      if (roll < 0.3) await patchContract(ctx.api, me.token, contract.id, { status: 'contractSuccessful', resolutionDate: '2026-03-29T01:30:00' });
      else if (roll < 0.5) await patchContract(ctx.api, me.token, contract.id, { status: 'contractFailed' });
      if (random() < 0.4) {
        const uploaded = await uploadFile(ctx.api, '/contractDocuments/upload', me.token, '%PDF-1.7\nx', { filename: `${pick(HOSTILE)}.pdf`, type: 'application/pdf', fields: { contractId: String(contract.id) } });
        expect(uploaded.status).toBe(201);
      }
      if (random() < 0.3) await ctx.db.query('update contracts set user_id = $1 where id = $2', [colleague.id, contract.id]);
      if (random() < 0.2) await ctx.db.query('update contracts set user_id = null where id = $1', [contract.id]);
    }
    for (const zone of ZONES) {
      await ctx.db.query('update companies set timezone = $1 where id = $2', [zone, me.company.id]);
      const res = await boardOf(me);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      const text = await res.text();
      expect(text, zone).toBe(await expectedBoardText(me, JSON.parse(text)));
    }
  });

  it('answers 304 with no body while the board is unchanged, and 200 after every kind of change a card shows', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const { contract, customer, car } = await openContract(ctx.api, ctx.db, me);
    let res = await boardOf(me);
    let tag = res.headers.get('etag')!;
    expect(tag).toMatch(/^"[0-9a-f]{18}\.[0-9a-f-]{36}\.\d+"$/);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    const seq = res.headers.get('x-board-seq');

    const unchanged = await boardOf(me, '', { 'If-None-Match': tag });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe('');
    expect(unchanged.headers.get('etag')).toBe(tag);
    expect(unchanged.headers.get('x-board-seq')).toBe(seq);
    expect((await boardOf(me, '', { 'If-None-Match': `W/${tag}` })).status).toBe(304);
    expect((await boardOf(me, '', { 'If-None-Match': `"nope", ${tag}` })).status).toBe(304);
    for (const junk of ['*', 'garbage', '"v3"', tag.replace(/\d+"$/, '999999"')]) {
      expect((await boardOf(me, '', { 'If-None-Match': junk })).status, junk).toBe(200);
    }

    const upload = await uploadFile(ctx.api, '/contractDocuments/upload', me.token, '%PDF-1.7\nx', { filename: 'a.pdf', type: 'application/pdf', fields: { contractId: String(contract.id) } });
    const { contractDocumentId } = await readJson(upload);
    const changes: [string, () => Promise<unknown>][] = [
      ['a move', () => patchContract(ctx.api, me.token, contract.id, { status: 'priceNegotiation' })],
      ['a customer renamed', () => ctx.api.fetch(`/customers/${customer.id}`, jsonRequest('PATCH', { name: '새이름' }, me.token))],
      ['a car renumbered', () => ctx.db.query('update cars set car_number = $1 where id = $2', ['99가9999', car.id])],
      ['the salesperson renamed', () => ctx.db.query('update users set name = $1 where id = $2', ['새담당', me.user.id])],
      ['a document deleted', () => ctx.api.fetch(`/contractDocuments/${contractDocumentId}`, { method: 'DELETE', headers: bearer(me.token) })],
      ['the company clock', () => ctx.db.query(`update companies set timezone = 'Europe/Paris' where id = $1`, [me.company.id])],
      ['a new contract', () => openContract(ctx.api, ctx.db, me)],
    ];
    for (const [what, change] of changes) {
      const before = await (await boardOf(me)).text();
      await change();
      res = await boardOf(me, '', { 'If-None-Match': tag });
      expect(res.status, what).toBe(200);
      const after = await res.text();
      expect(after, what).not.toBe(before);
      expect(res.headers.get('etag'), what).not.toBe(tag);
      tag = res.headers.get('etag')!;
      expect((await boardOf(me, '', { 'If-None-Match': tag })).status, what).toBe(304);
    }
  });

  it('ties the tag to the query and the company: another search or another company gets the board, not a 304', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const other = await salesperson(ctx.api, ctx.db);
    await openContract(ctx.api, ctx.db, me);
    const tag = (await boardOf(me)).headers.get('etag')!;
    expect((await boardOf(me, 'searchBy=customerName&keyword=%EA%B9%80', { 'If-None-Match': tag })).status).toBe(200);
    expect((await boardOf(me, 'closedLimit=5', { 'If-None-Match': tag })).status).toBe(200);
    const res = await boardOf(other, '', { 'If-None-Match': tag });
    expect(res.status).toBe(200);
    expect(Object.values(await readJson(res)).every((c: any) => c.totalItemCount === 0)).toBe(true);
    // Before its first board event a board's tag carries the company's creation: a database built again (the same
    // company id, made anew with other data) never answers 304 to a tag from the one before.
    const fresh = await salesperson(ctx.api, ctx.db);
    await ctx.db.query('delete from board_counters where company_id = $1', [fresh.company.id]);
    const before = (await boardOf(fresh)).headers.get('etag')!;
    expect((await boardOf(fresh, '', { 'If-None-Match': before })).status).toBe(304);
    await ctx.db.query(`update companies set created_at = created_at + interval '1 second' where id = $1`, [fresh.company.id]);
    expect((await boardOf(fresh, '', { 'If-None-Match': before })).status).toBe(200);
    // The same query in another spelling is the same answer.
    const spelled = (await boardOf(me, 'searchBy=customerName&keyword=')).headers.get('etag');
    expect(spelled).toBe(tag);
  });

  it('never fails the board for a zone PostgreSQL does not know (only a hand edit stores one): it is shown in UTC', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    await openContract(ctx.api, ctx.db, me, [{ date: '2026-12-24T10:00:00', alarms: [] }]);
    await ctx.db.query(`update companies set timezone = 'Nowhere/Zone' where id = $1`, [me.company.id]);
    const res = await boardOf(me);
    expect(res.status).toBe(200);
    expect(JSON.stringify(await readJson(res))).toContain('"date":"2026-12-24T01:00:00+00:00"');
    expect((await ctx.api.fetch('/board/stages/carInspection', { headers: bearer(me.token) })).status).toBe(200);
  });

  it('reads closedLimit and limit as digits only, and ignores an If-None-Match it did not make, however long', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    for (const bad of ['', '0x10', '1e2', ' 5', '501']) expect((await boardOf(me, `closedLimit=${bad}`)).status, bad).toBe(400);
    for (const bad of ['', '0x10', '1e2', '201']) expect((await ctx.api.fetch(`/board/stages/carInspection?limit=${bad}`, { headers: bearer(me.token) })).status, bad).toBe(400);
    expect((await boardOf(me, '', { 'If-None-Match': `"${'x'.repeat(5000)}"` })).status).toBe(200);
  });

  it('never gives one tag to two different boards while moves and reads race, built or cached (30 trials)', async () => {
    announceSeed('board tags under concurrent moves');
    const me = await salesperson(ctx.api, ctx.db);
    const contracts: { id: number }[] = [];
    for (let i = 0; i < 4; i++) contracts.push((await openContract(ctx.api, ctx.db, me)).contract);
    const boards = new Map<string, string>(); // tag → the bytes it was answered with
    let last = (await boardOf(me)).headers.get('etag')!;
    await trials(30, async (i) => {
      const held = last;
      const answers = await together([
        () => patchContract(ctx.api, me.token, contracts[i % 4]!.id, { status: i % 8 < 4 ? 'priceNegotiation' : 'carInspection' }),
        () => patchContract(ctx.api, me.token, contracts[(i + 1) % 4]!.id, { contractPrice: 1000 + i }),
        () => boardOf(me),
        () => boardOf(me),
        () => boardOf(me, '', { 'If-None-Match': held }),
      ]);
      for (const res of answers.slice(2)) {
        const tag = res.headers.get('etag')!;
        if (res.status === 304) {
          expect(tag).toBe(held);
          continue;
        }
        expect(res.status).toBe(200);
        const text = await res.text();
        if (boards.has(tag)) expect(text, `two boards under ${tag}`).toBe(boards.get(tag));
        boards.set(tag, text);
        last = tag;
      }
    });
    // The last tag is today's board: a 304 for it, and its bytes are the contract objects as they are now.
    const now = await boardOf(me);
    const tag = now.headers.get('etag')!;
    const text = await now.text();
    if (boards.has(tag)) expect(text).toBe(boards.get(tag));
    expect(text).toBe(await expectedBoardText(me, JSON.parse(text)));
    expect((await boardOf(me, '', { 'If-None-Match': tag })).status).toBe(304);
  });

  it('refuses a 304 to a caller without a valid token', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const tag = (await boardOf(me)).headers.get('etag')!;
    expect((await ctx.api.fetch('/contracts', { headers: { 'If-None-Match': tag } })).status).toBe(401);
    const forged = await craftToken({ sub: String(me.user.id), cid: me.company.id, adm: false }, { secret: new TextEncoder().encode('not-our-secret-not-our-secret-!!') });
    expect((await ctx.api.fetch('/contracts', { headers: { ...bearer(forged), 'If-None-Match': tag } })).status).toBe(401);
    expect((await ctx.api.fetch('/contracts', { headers: { ...bearer(tamperedToken(me.token, { cid: me.company.id + 1 })), 'If-None-Match': tag } })).status).toBe(401);
  });
});

describe('closed stages a page at a time', () => {
  async function closedBoard(wonCount: number, lostCount: number) {
    const me = await salesperson(ctx.api, ctx.db);
    const ids = { won: [] as number[], lost: [] as number[], open: [] as number[] };
    for (let i = 0; i < wonCount + lostCount + 3; i++) {
      const { contract } = await openContract(ctx.api, ctx.db, me);
      if (i < wonCount) (await patchContract(ctx.api, me.token, contract.id, { status: 'contractSuccessful' }), ids.won.push(contract.id));
      else if (i < wonCount + lostCount) (await patchContract(ctx.api, me.token, contract.id, { status: 'contractFailed' }), ids.lost.push(contract.id));
      else ids.open.push(contract.id);
    }
    return { me, ids };
  }

  it('shows only the newest closed cards with closedLimit, counts all of them, and leaves open stages whole', async () => {
    const { me, ids } = await closedBoard(7, 4);
    const limited = await readJson(await boardOf(me, 'closedLimit=3'));
    expect(limited.contractSuccessful.totalItemCount).toBe(7);
    expect(limited.contractSuccessful.data.map((k: any) => k.id)).toEqual(ids.won.slice(-3).reverse());
    expect(limited.contractFailed.totalItemCount).toBe(4);
    expect(limited.contractFailed.data.map((k: any) => k.id)).toEqual(ids.lost.slice(-3).reverse());
    expect(limited.carInspection.data.map((k: any) => k.id)).toEqual(ids.open.slice().reverse());
    const whole = await readJson(await boardOf(me));
    expect(whole.contractSuccessful.data).toHaveLength(7);
    expect((await boardOf(me, 'closedLimit=-1')).status).toBe(400);
    expect((await boardOf(me, 'closedLimit=x')).status).toBe(400);
  });

  it('pages through a stage with nextCursor, newest first, never skipping or repeating a card as new ones arrive', async () => {
    const { me, ids } = await closedBoard(9, 0);
    const seen: number[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res = await ctx.api.fetch(`/board/stages/contractSuccessful?limit=4${after ? `&after=${after}` : ''}`, { headers: bearer(me.token) });
      expect(res.status).toBe(200);
      const page = await readJson(res);
      expect(page.totalItemCount).toBe(9 + pages); // one more is won after each page
      seen.push(...page.data.map((k: any) => k.id));
      after = page.nextCursor;
      const { contract } = await openContract(ctx.api, ctx.db, me);
      await patchContract(ctx.api, me.token, contract.id, { status: 'contractSuccessful' });
      pages++;
    } while (after);
    expect(seen).toEqual(ids.won.slice().reverse());
    expect(pages).toBe(3);
    const card = (await readJson(await ctx.api.fetch('/board/stages/contractSuccessful?limit=1', { headers: bearer(me.token) }))).data[0];
    expect(JSON.stringify(card)).toBe(JSON.stringify(await readJson(await ctx.api.fetch(`/contracts/${card.id}`, { headers: bearer(me.token) }))));
  });

  it('answers 404 for a stage the company does not have, 400 for a bad key or cursor, 401 without a valid token', async () => {
    const { me } = await closedBoard(1, 0);
    const standard = await salesperson(ctx.api, ctx.db, { preset: 'standard' });
    const get = (path: string, token?: string) => ctx.api.fetch(path, { headers: token ? bearer(token) : {} });
    expect((await get('/board/stages/contractCompleted', me.token)).status).toBe(404);
    expect((await get('/board/stages/1bad', me.token)).status).toBe(400);
    expect((await get('/board/stages/contractSuccessful?after=abc', me.token)).status).toBe(400);
    expect((await get('/board/stages/contractSuccessful?limit=0', me.token)).status).toBe(400);
    expect((await get('/board/stages/contractSuccessful')).status).toBe(401);
    expect((await get('/board/stages/contractSuccessful', tamperedToken(me.token, { cid: standard.company.id }))).status).toBe(401);
    // Another company with the same stage key sees only its own contracts.
    const neighbour = await salesperson(ctx.api, ctx.db);
    const page = await readJson(await get('/board/stages/contractSuccessful', neighbour.token));
    expect(page).toEqual({ totalItemCount: 0, data: [], nextCursor: null });
    const body = await readJson(await get('/board/stages/1bad', me.token));
    expect(body).toMatchObject({ code: expect.any(String), message: expect.any(String), requestId: expect.any(String) });
  });
});
