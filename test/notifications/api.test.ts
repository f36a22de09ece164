import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, createUser, jsonRequest, salesperson, signIn } from '../support/accounts';
import { readJson } from '../support/http';
import { addCar, addCustomer } from '../support/inventory';

const ctx = useApi();

async function deliveredReminder() {
  const me = await salesperson(ctx.api, ctx.db);
  const admin = await createUser(ctx.db, me.company.id, { isAdmin: true });
  const adminToken = (await signIn(ctx.api, admin.email)).accessToken;
  const car = await addCar(ctx.db, me.company.id);
  const customer = await addCustomer(ctx.db, me.company.id);
  const contract = await readJson(await ctx.api.fetch('/contracts', jsonRequest('POST', {
    carId: car.id, customerId: customer.id, meetings: [{ date: '2032-01-10T10:00:00', alarms: ['2032-01-09T09:00:00', '2032-01-10T09:00:00'] }],
  }, me.token)));
  await ctx.api.scheduled({ time: new Date('2032-01-10T00:00:00Z') });
  return { me, adminToken, contract };
}

describe('notification settings', () => {
  it('shows the settings to staff and lets administrators change them', async () => {
    const { me, adminToken } = await deliveredReminder();
    expect(await readJson(await ctx.api.fetch('/notifications/settings', { headers: bearer(me.token) }))).toEqual({ emailEnabled: true, smsEnabled: false, defaultAlarmHour: 9 });
    const res = await ctx.api.fetch('/notifications/settings', jsonRequest('PATCH', { smsEnabled: true, defaultAlarmHour: 8 }, adminToken));
    expect(await readJson(res)).toEqual({ emailEnabled: true, smsEnabled: true, defaultAlarmHour: 8 });
    expect((await ctx.api.fetch('/notifications/settings', jsonRequest('PATCH', { smsEnabled: false }, me.token))).status).toBe(403);
    expect((await ctx.api.fetch('/notifications/settings', jsonRequest('PATCH', { defaultAlarmHour: 24 }, adminToken))).status).toBe(400);
    expect((await ctx.api.fetch('/notifications/settings')).status).toBe(401);
  });
});

describe('inbox', () => {
  it('lists the caller’s delivered reminders newest first with the unread count; reading one lowers it', async () => {
    const { me } = await deliveredReminder();
    const inbox = await readJson(await ctx.api.fetch('/notifications', { headers: bearer(me.token) }));
    expect(inbox).toMatchObject({ totalItemCount: 2, unreadCount: 2, currentPage: 1 });
    expect(inbox.data[0]).toMatchObject({ read: false, sentAt: expect.stringMatching(/\+09:00$/) });
    expect(inbox.data.map((n: { type: string }) => n.type).sort()).toEqual(['meeting_reminder_today', 'meeting_reminder_yesterday']);
    expect((await ctx.api.fetch(`/notifications/${inbox.data[0].id}/read`, { method: 'POST', headers: bearer(me.token) })).status).toBe(204);
    expect((await readJson(await ctx.api.fetch('/notifications', { headers: bearer(me.token) }))).unreadCount).toBe(1);
  });

  it('keeps each inbox to its owner: another user’s notification is 404 to read', async () => {
    const { me } = await deliveredReminder();
    const other = await salesperson(ctx.api, ctx.db);
    const id = (await readJson(await ctx.api.fetch('/notifications', { headers: bearer(me.token) }))).data[0].id;
    expect((await ctx.api.fetch(`/notifications/${id}/read`, { method: 'POST', headers: bearer(other.token) })).status).toBe(404);
    expect((await readJson(await ctx.api.fetch('/notifications', { headers: bearer(other.token) }))).totalItemCount).toBe(0);
  });
});

describe('a contract’s notification history, resend and the outbox', () => {
  it('shows each notification’s delivery state; resend queues it for the next run', async () => {
    const { me, adminToken, contract } = await deliveredReminder();
    const history = await readJson(await ctx.api.fetch(`/notifications/contracts/${contract.id}/history`, { headers: bearer(me.token) }));
    expect(history.map((h: { status: string; attempts: number }) => [h.status, h.attempts])).toEqual([['delivered', 1], ['delivered', 1]]);
    const res = await ctx.api.fetch(`/notifications/${history[0].id}/resend`, { method: 'POST', headers: bearer(me.token) });
    expect(res.status).toBe(202);
    await ctx.api.scheduled({ time: new Date(Date.now() + 60_000) });
    const outbox = await readJson(await ctx.api.fetch('/notifications/outbox', { headers: bearer(adminToken) }));
    expect(outbox.totalItemCount).toBe(3);
    expect(outbox.data[0]).toMatchObject({ channel: 'email', recipient: me.user.email, notificationId: history[0].id });
  });

  it('answers 404 for another company’s contract or notification, 403 to a colleague resending, 403 to staff on the outbox', async () => {
    const { me, contract } = await deliveredReminder();
    const other = await salesperson(ctx.api, ctx.db);
    const colleague = await createUser(ctx.db, me.company.id);
    const colleagueToken = (await signIn(ctx.api, colleague.email)).accessToken;
    const id = (await readJson(await ctx.api.fetch(`/notifications/contracts/${contract.id}/history`, { headers: bearer(me.token) })))[0].id;
    expect((await ctx.api.fetch(`/notifications/contracts/${contract.id}/history`, { headers: bearer(other.token) })).status).toBe(404);
    expect((await ctx.api.fetch(`/notifications/${id}/resend`, { method: 'POST', headers: bearer(other.token) })).status).toBe(404);
    expect((await ctx.api.fetch(`/notifications/${id}/resend`, { method: 'POST', headers: bearer(colleagueToken) })).status).toBe(403);
    expect((await ctx.api.fetch('/notifications/outbox', { headers: bearer(me.token) })).status).toBe(403);
  });

  it('delivers a document notice to the customer', async () => {
    const me = await salesperson(ctx.api, ctx.db);
    const car = await addCar(ctx.db, me.company.id);
    const customer = await addCustomer(ctx.db, me.company.id, { name: '이서연' });
    const contract = await readJson(await ctx.api.fetch('/contracts', jsonRequest('POST', { carId: car.id, customerId: customer.id, meetings: [] }, me.token)));
    const form = new FormData();
    const pdf = new Uint8Array(100);
    pdf.set(new TextEncoder().encode('%PDF-1.4'));
    form.append('contractId', String(contract.id));
    form.append('file', new Blob([pdf]), '계약서.pdf');
    expect((await ctx.api.fetch('/contractDocuments/upload', { method: 'POST', headers: bearer(me.token), body: form })).status).toBe(201);
    await ctx.api.scheduled({ time: new Date(Date.now() + 60_000) });
    const [mail] = await ctx.db.query<{ recipient: string; subject: string; body: string }>(
      `select o.recipient, o.subject, o.body from email_outbox o join notifications n on n.id = o.notification_id where n.contract_id = $1`, [contract.id]);
    expect(mail!.recipient).toMatch(/^customer.*@example\.com$/);
    expect(mail!.subject).toContain('이서연 고객님 계약서가 등록되었습니다');
    expect(mail!.body).toContain('계약서.pdf');
  });
});
