// Meeting reminders end to end: scheduled with the contract, delivered by the real Cron handler at chosen times.
import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, jsonRequest, salesperson } from '../support/accounts';
import { patchContract } from '../support/board';
import { readJson } from '../support/http';
import { addCar, addCustomer } from '../support/inventory';

const ctx = useApi();

// Meetings in the future: alarms in the past are never scheduled.
const MEETING = { date: '2030-03-12T14:00:00', alarms: ['2030-03-11T09:00:00', '2030-03-12T09:00:00'] };

async function contractWithMeeting(meetings: unknown[] = [MEETING], customerName?: string) {
  const me = await salesperson(ctx.api, ctx.db);
  const car = await addCar(ctx.db, me.company.id, { model: '그랜저' });
  const customer = await addCustomer(ctx.db, me.company.id, { name: customerName ?? '김민준' });
  const res = await ctx.api.fetch('/contracts', jsonRequest('POST', { carId: car.id, customerId: customer.id, meetings }, me.token));
  expect(res.status).toBe(201);
  return { me, contract: await readJson(res) };
}

const reminders = (contractId: number) =>
  ctx.db.query<{ id: number; type: string; status: string; scheduled_at: Date; user_id: number; attempts: number }>(
    `select id, type, status, scheduled_at, user_id, attempts from notifications where contract_id = $1 order by scheduled_at`, [contractId]);
const outboxFor = (companyId: number) =>
  ctx.db.query<{ channel: string; recipient: string; subject: string; body: string; notification_id: number }>(
    'select channel, recipient, subject, body, notification_id from email_outbox where company_id = $1 order by id', [companyId]);

describe('scheduling', () => {
  it('turns each alarm into a reminder for the salesperson, typed by its day in company time', async () => {
    const { me, contract } = await contractWithMeeting();
    const rows = await reminders(contract.id);
    expect(rows.map((r) => [r.type, r.scheduled_at.toISOString(), r.status, r.user_id])).toEqual([
      ['meeting_reminder_yesterday', '2030-03-11T00:00:00.000Z', 'pending', me.user.id],
      ['meeting_reminder_today', '2030-03-12T00:00:00.000Z', 'pending', me.user.id],
    ]);
  });

  it('does not schedule alarms already in the past', async () => {
    const { contract } = await contractWithMeeting([{ date: '2030-01-01T10:00:00', alarms: ['2020-01-01T09:00:00', '2029-12-31T09:00:00'] }]);
    expect((await reminders(contract.id)).map((r) => r.type)).toEqual(['meeting_reminder_yesterday']);
  });

  it('replaces pending reminders when meetings are edited, and keeps the ones already sent', async () => {
    const { me, contract } = await contractWithMeeting();
    await ctx.api.scheduled({ time: new Date('2030-03-11T00:00:00Z') }); // the "yesterday" one goes out
    await patchContract(ctx.api, me.token, contract.id, { meetings: [{ date: '2030-04-02T11:00:00', alarms: ['2030-04-02T09:00:00'] }] });
    const rows = await reminders(contract.id);
    expect(rows.map((r) => [r.type, r.status, r.scheduled_at.toISOString()])).toEqual([
      ['meeting_reminder_yesterday', 'delivered', '2030-03-11T00:00:00.000Z'],
      ['meeting_reminder_today', 'pending', '2030-04-02T00:00:00.000Z'],
    ]);
  });

  it('cancels pending reminders when the deal closes, schedules them again when it reopens', async () => {
    const { me, contract } = await contractWithMeeting();
    await patchContract(ctx.api, me.token, contract.id, { status: 'contractFailed', resolutionDate: '2026-11-20T10:00:00' });
    expect(await reminders(contract.id)).toEqual([]);
    await patchContract(ctx.api, me.token, contract.id, { status: 'carInspection', resolutionDate: null });
    expect(await reminders(contract.id)).toHaveLength(2);
  });

  it('cancels them when the contract is deleted: the next run sends nothing', async () => {
    const { me, contract } = await contractWithMeeting();
    await ctx.api.fetch(`/contracts/${contract.id}`, { method: 'DELETE', headers: bearer(me.token) });
    await ctx.api.scheduled({ time: new Date('2030-03-12T00:00:00Z') });
    expect(await outboxFor(me.company.id)).toEqual([]);
  });
});

describe('delivery by the Cron handler', () => {
  it('sends the 09:00 Seoul alarm with the run at 00:00 UTC, not the run before; twice or at once, exactly once', async () => {
    const { me, contract } = await contractWithMeeting();
    await ctx.api.scheduled({ time: new Date('2030-03-10T23:55:00Z') });
    expect(await outboxFor(me.company.id)).toEqual([]);

    await ctx.api.scheduled({ time: new Date('2030-03-11T00:00:00Z') });
    await ctx.api.scheduled({ time: new Date('2030-03-11T00:00:00Z') }); // Cron can fire twice
    let sent = await outboxFor(me.company.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ channel: 'email', recipient: me.user.email });
    expect(sent[0]!.subject).toContain('내일 3월 12일(화) 14:00');
    expect(sent[0]!.body).toContain('김민준 고객님과 그랜저');

    // Two overlapping runs: each due reminder is taken by one of them only.
    await Promise.all([
      ctx.api.scheduled({ time: new Date('2030-03-12T00:05:00Z') }),
      ctx.api.scheduled({ time: new Date('2030-03-12T00:05:00Z') }),
    ]);
    sent = await outboxFor(me.company.id);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.subject).toContain('오늘');
    expect((await reminders(contract.id)).map((r) => [r.status, r.attempts])).toEqual([['delivered', 1], ['delivered', 1]]);
  });

  it('escapes HTML in values rendered into the e-mail', async () => {
    const { me } = await contractWithMeeting([MEETING], '<img src=x onerror=alert(1)>');
    await ctx.api.scheduled({ time: new Date('2030-03-11T00:00:00Z') });
    const [mail] = await outboxFor(me.company.id);
    expect(mail!.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail!.body).not.toContain('<img');
  });

  it('follows the company’s settings: e-mail off still fills the inbox; SMS on records the text message', async () => {
    const { me } = await contractWithMeeting();
    await ctx.db.query('update notification_settings set email_enabled = false, sms_enabled = true where company_id = $1', [me.company.id]);
    await ctx.api.scheduled({ time: new Date('2030-03-11T00:00:00Z') });
    const sent = await outboxFor(me.company.id);
    expect(sent.map((m) => m.channel)).toEqual(['sms']);
    expect(sent[0]!.recipient).toBe('010-1234-5678');
    const inbox = await readJson(await ctx.api.fetch('/notifications', { headers: bearer(me.token) }));
    expect(inbox).toMatchObject({ unreadCount: 1, totalItemCount: 1 });
  });
});
