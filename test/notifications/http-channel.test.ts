// The `http` e-mail channel against a real HTTP server on loopback (the e-mail provider we do not run).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonRequest, salesperson } from '../support/accounts';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startEmailProvider, type EmailProvider } from '../support/email-provider';
import { readJson } from '../support/http';
import { addCar, addCustomer } from '../support/inventory';
import { startWorker, type TestWorker } from '../support/worker';

let provider: EmailProvider;
let db: TestDatabase;
let api: TestWorker;

beforeAll(async () => {
  provider = await startEmailProvider();
  db = await createTestDatabase();
  api = await startWorker({
    databaseUrl: db.url,
    bindings: {
      NOTIFICATION_CHANNEL: 'http',
      EMAIL_API_URL: provider.url,
      EMAIL_API_KEY: 'test-key-123',
      EMAIL_FROM: 'Carmate <reminders@carmate.example>',
    },
  });
});

afterAll(async () => {
  await api?.close();
  await db?.drop();
  await provider?.close();
});

async function reminderDueAt(alarm: string) {
  const me = await salesperson(api, db);
  const car = await addCar(db, me.company.id);
  const customer = await addCustomer(db, me.company.id);
  const res = await api.fetch('/contracts', jsonRequest('POST', { carId: car.id, customerId: customer.id, meetings: [{ date: '2031-05-20T15:00:00', alarms: [alarm] }] }, me.token));
  return { me, contract: await readJson(res) };
}

const state = async (contractId: number) =>
  (await db.query<{ status: string; attempts: number; error_message: string | null; scheduled_at: Date }>(
    'select status, attempts, error_message, scheduled_at from notifications where contract_id = $1', [contractId]))[0]!;

describe('http e-mail channel', () => {
  it('posts the rendered message to the configured API with its key, and records it as sent', async () => {
    provider.received.length = 0;
    provider.answer.failWith = undefined;
    const { me, contract } = await reminderDueAt('2031-05-20T09:00:00');
    await api.scheduled({ time: new Date('2031-05-20T00:00:00Z') });
    expect(provider.received).toHaveLength(1);
    expect(provider.received[0]!.headers.authorization).toBe('Bearer test-key-123');
    expect(provider.received[0]!.body).toMatchObject({ from: 'Carmate <reminders@carmate.example>', to: me.user.email });
    expect(provider.received[0]!.body.subject).toContain('오늘 5월 20일(화) 15:00');
    expect(provider.received[0]!.body.html).toContain('<p>');
    expect(await state(contract.id)).toMatchObject({ status: 'sent', attempts: 1, error_message: null });
    expect(await db.query('select 1 from email_outbox')).toEqual([]);
  });

  it('retries a failing provider with backoff, then gives up as failed with the error recorded', async () => {
    provider.received.length = 0;
    provider.answer.failWith = 503;
    const { contract } = await reminderDueAt('2031-06-01T09:00:00');
    let time = new Date('2031-06-01T00:00:00Z').getTime();
    await api.scheduled({ time: new Date(time) });
    let row = await state(contract.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.error_message).toContain('HTTP 503');
    expect(row.scheduled_at.getTime()).toBe(time + 60_000); // the next try in 1 minute

    // Before the backoff elapses nothing is retried.
    await api.scheduled({ time: new Date(time + 30_000) });
    expect(provider.received).toHaveLength(1);

    for (const minutes of [1, 4, 16, 64]) {
      time += minutes * 60_000;
      await api.scheduled({ time: new Date(time) });
    }
    row = await state(contract.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 5 });
    expect(provider.received).toHaveLength(5);
    await api.scheduled({ time: new Date(time + 24 * 3600_000) });
    expect(provider.received).toHaveLength(5); // given up
  });
});
