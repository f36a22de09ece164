// Reminders exactly once when the e-mail provider is slow: a real HTTP server on loopback that answers each message
// only after 3 s, against overlapping Cron runs of the real Worker; and resends that cannot race a delivery.
// Part of the concurrency suite: races fired for real, the invariant asserted after each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, jsonRequest, salesperson } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startEmailProvider, type EmailProvider } from '../support/email-provider';
import { readJson } from '../support/http';
import { addCar, addCustomer } from '../support/inventory';
import { announceSeed, together, trials } from '../support/trials';
import { startWorker, type TestWorker } from '../support/worker';

announceSeed('reminder races');

let provider: EmailProvider;
let db: TestDatabase;
let api: TestWorker;
let shortLease: TestWorker;

beforeAll(async () => {
  provider = await startEmailProvider();
  db = await createTestDatabase();
  const bindings = { NOTIFICATION_CHANNEL: 'http', EMAIL_API_URL: provider.url, EMAIL_API_KEY: 'slow-key' };
  api = await startWorker({ databaseUrl: db.url, bindings });
  // The same service with a 16 s lease: sends take up to 4 s and must end 4 s before the lease does.
  shortLease = await startWorker({ databaseUrl: db.url, bindings: { ...bindings, NOTIFICATION_LEASE_SECONDS: '16' } });
});

afterAll(async () => {
  await shortLease?.close();
  await api?.close();
  await db?.drop();
  await provider?.close();
});

/** The idempotency keys the provider received, in order. */
const keys = () => provider.received.map((m) => m.headers['idempotency-key'] as string | undefined);

/** `count` contracts with a meeting on 2032-03-10, each with two alarms that are due by 09:00 that day (Seoul). */
async function dueReminders(count: number) {
  const me = await salesperson(api, db);
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const car = await addCar(db, me.company.id);
    const customer = await addCustomer(db, me.company.id);
    const res = await api.fetch('/contracts', jsonRequest('POST', {
      carId: car.id, customerId: customer.id,
      meetings: [{ date: '2032-03-10T15:00:00', alarms: ['2032-03-10T08:00:00', '2032-03-10T09:00:00'] }],
    }, me.token));
    expect(res.status).toBe(201);
    ids.push((await readJson(res)).id);
  }
  const rows = await db.query<{ id: number }>('select id from notifications where contract_id = any($1) order by id', [ids]);
  return { me, notifications: rows.map((r) => r.id) };
}

const AT = new Date('2032-03-10T00:00:00Z'); // 09:00 in Seoul: every alarm above is due

describe('reminders with a provider that answers in 3 s', () => {
  it('sends every reminder once, with its id as the idempotency key, across overlapping Cron runs', async () => {
    provider.received.length = 0;
    provider.answer.delayMs = 3000;
    const { notifications } = await dueReminders(12);
    expect(notifications).toHaveLength(24);
    const started = Date.now();
    // Run 1 takes four rounds of six 3-second sends; two more runs start while it is still sending.
    const first = api.scheduled({ time: AT });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const second = api.scheduled({ time: AT });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const third = api.scheduled({ time: new Date(AT.getTime() + 60_000) });
    await Promise.all([first, second, third]);
    console.log(`24 reminders through a 3 s provider in ${Date.now() - started} ms`);

    const sent = keys();
    expect(new Set(sent).size).toBe(sent.length); // nothing sent twice
    expect(sent.sort()).toEqual(notifications.map((id) => `carmate-notification-${id}`).sort());
    const states = await db.query<{ status: string; attempts: number; locked_until: Date | null }>(
      'select status, attempts, locked_until from notifications where id = any($1)', [notifications]);
    expect(states.every((s) => s.status === 'sent' && s.attempts === 1 && s.locked_until === null)).toBe(true);

    // Long after any lease: nothing is left to send.
    await api.scheduled({ time: new Date(AT.getTime() + 3600_000) });
    expect(provider.received).toHaveLength(24);
  });

  it('starts no send its lease cannot cover: a run that outlives its lease hands the rest back, and nothing goes twice', async () => {
    provider.received.length = 0;
    provider.answer.delayMs = 3000;
    provider.answer.failWith = undefined;
    const { notifications } = await dueReminders(12);
    const at = new Date(AT.getTime() + 86_400_000);
    await db.query(`update notifications set scheduled_at = $2 where id = any($1)`, [notifications, at]);
    // 24 sends of 3 s, six at a time, need 12 s; this lease allows starting them for 8 s only.
    const first = shortLease.scheduled({ time: at });
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    // The next run comes after the first run's lease has run out (as Cron sees time), while it would still be sending.
    await shortLease.scheduled({ time: new Date(at.getTime() + 17_000) });
    await first;
    const sent = keys();
    expect(new Set(sent).size, 'no message sent twice').toBe(sent.length);
    expect(sent.sort()).toEqual(notifications.map((id) => `carmate-notification-${id}`).sort());
    const states = await db.query<{ status: string; attempts: number }>('select status, attempts from notifications where id = any($1)', [notifications]);
    expect(states.every((s) => s.status === 'sent' && s.attempts === 1)).toBe(true);
  });

  it('refuses a resend while a run is sending it (409); later resends get a new key, at most 3, a minute apart (429)', async () => {
    provider.received.length = 0;
    provider.answer.delayMs = 0;
    provider.answer.failWith = 503;
    const { me, notifications } = await dueReminders(1);
    const [id] = notifications;
    await api.scheduled({ time: AT });
    const resend = () => api.fetch(`/notifications/${id}/resend`, { method: 'POST', headers: bearer(me.token) });
    expect((await db.query<{ status: string }>('select status from notifications where id = $1', [id]))[0]!.status).toBe('failed');

    // The retry is due a minute later; the provider is slow now, and a resend arrives mid-send.
    provider.answer.failWith = undefined;
    provider.answer.delayMs = 3000;
    const retry = api.scheduled({ time: new Date(AT.getTime() + 60_000) });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const during = await resend();
    expect(during.status).toBe(409);
    expect(await readJson(during)).toMatchObject({ code: 'CONFLICT' });
    await retry;
    expect(keys().filter((key) => key === `carmate-notification-${id}`)).toHaveLength(2); // the failed try, then the retry
    provider.answer.delayMs = 0;

    const first = await resend();
    expect(first.status).toBe(202);
    expect((await resend()).status).toBe(409); // queued, not sent yet
    await api.scheduled({ time: new Date(AT.getTime() + 120_000) });
    expect(keys().at(-1)).toBe(`carmate-notification-${id}-resend-1`);
    const tooSoon = await resend();
    expect(tooSoon.status).toBe(429);
    expect(Number(tooSoon.headers.get('retry-after'))).toBeGreaterThan(0);

    for (const n of [2, 3]) {
      await db.query(`update notifications set resent_at = now() - interval '2 minutes' where id = $1`, [id]);
      expect((await resend()).status).toBe(202);
      await api.scheduled({ time: new Date(AT.getTime() + n * 120_000) });
      expect(keys().at(-1)).toBe(`carmate-notification-${id}-resend-${n}`);
    }
    await db.query(`update notifications set resent_at = now() - interval '2 minutes' where id = $1`, [id]);
    const over = await resend();
    expect(over.status).toBe(429);
    expect((await readJson(over)).message).toContain('3');
  });

  it('sends a resend exactly once when it races a Cron run, whichever goes first (20 trials)', async () => {
    provider.answer.delayMs = 0;
    provider.answer.failWith = undefined;
    const { me, notifications } = await dueReminders(1);
    const [id] = notifications;
    let time = AT.getTime();
    await api.scheduled({ time: new Date(time) });
    await trials(20, async (trial) => {
      provider.received.length = 0;
      await db.query(`update notifications set resent_at = now() - interval '2 minutes', resend_count = 0 where id = $1`, [id]);
      time += 60_000;
      const [answer] = (await together([
        () => api.fetch(`/notifications/${id}/resend`, { method: 'POST', headers: bearer(me.token) }),
        () => api.scheduled({ time: new Date(time) }).then(() => undefined),
      ])) as [Response, undefined];
      expect(answer.status, `trial ${trial}`).toBe(202);
      time += 60_000;
      await api.scheduled({ time: new Date(time) });
      expect(keys()).toEqual([`carmate-notification-${id}-resend-1`]);
      expect((await db.query<{ status: string }>('select status from notifications where id = $1', [id]))[0]!.status).toBe('sent');
    });
  });
});
