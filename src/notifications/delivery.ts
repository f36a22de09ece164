// The Cron job's delivery loop: claim due notifications in bounded batches (two overlapping runs never take the same
// row), render, send, and record every outcome of a batch in one statement.
import { sql } from 'drizzle-orm';
import type { Config } from '../app/config';
import type { Database } from '../db/client';
import { rowsOf } from '../db/errors';
import { postToRoom } from '../live/board-room';
import { createMailer, type Mailer } from './mailer';
import { escapeHtml, fill, meetingTimeLabel } from './render';

export const MAX_ATTEMPTS = 5;
const BATCH_SIZE = 500;
const MAX_BATCHES_PER_RUN = 40;
const LOCK_MINUTES = 5;
/** Workers allow six simultaneous outgoing connections. */
const SEND_CONCURRENCY = 6;

type Claimed = {
  id: number;
  contract_id: number;
  type: string;
  attempts: number;
  variables: Record<string, unknown>;
  company_id: number;
  user_id: number | null;
  subject_template: string;
  email_template: string;
  sms_template: string | null;
  is_active: boolean;
  company_name: string;
  timezone: string;
  email_enabled: boolean | null;
  sms_enabled: boolean | null;
  customer_name: string;
  customer_email: string;
  car_model: string;
  user_name: string | null;
  user_email: string | null;
  user_phone: string | null;
};

type Outcome = { id: number; status: 'sent' | 'delivered' | 'failed'; error: string | null; subject: string; message: string; retry_at: string | null; user_id: number | null };
type OutboxRow = { notification_id: number; company_id: number; channel: 'email' | 'sms'; recipient: string; subject: string; body: string };

async function claimBatch(db: Database, now: Date): Promise<Claimed[]> {
  const at = now.toISOString();
  const result = await db.execute(sql`
    with due as (
      select id from notifications
      where status in ('pending', 'failed') and attempts < ${MAX_ATTEMPTS} and scheduled_at <= ${at}::timestamptz
        and (locked_until is null or locked_until < ${at}::timestamptz)
      order by scheduled_at, id
      limit ${BATCH_SIZE}
      for update skip locked
    ), claimed as (
      update notifications n set locked_until = ${at}::timestamptz + make_interval(mins => ${LOCK_MINUTES}), attempts = n.attempts + 1
      from due where n.id = due.id
      returning n.*
    )
    select c.id, c.type, c.attempts, c.contract_id, c.variables, c.company_id, coalesce(c.user_id, k.user_id) as user_id,
      t.subject as subject_template, t.email_body as email_template, t.sms_body as sms_template, t.is_active,
      co.company_name, co.timezone, s.email_enabled, s.sms_enabled,
      cu.name as customer_name, cu.email as customer_email, car.model as car_model,
      u.name as user_name, u.email as user_email, u.phone_number as user_phone
    from claimed c
    join notification_templates t on t.id = c.template_id
    join companies co on co.id = c.company_id
    left join notification_settings s on s.company_id = c.company_id
    join contracts k on k.id = c.contract_id
    join customers cu on cu.id = k.customer_id
    join cars car on car.id = k.car_id
    left join users u on u.id = coalesce(c.user_id, k.user_id)`);
  return rowsOf<Claimed>(result);
}

/** Minutes before the next try after `attempts` failures: 1, 4, 16, 64. */
const backoffMinutes = (attempts: number) => 4 ** (attempts - 1);

async function deliver(n: Claimed, mailer: Mailer, now: Date): Promise<{ outcome: Outcome; outbox: OutboxRow[] }> {
  const values: Record<string, string> = {
    companyName: n.company_name,
    customerName: n.customer_name,
    carModel: n.car_model,
    salespersonName: n.user_name ?? '담당자',
    meetingTime: typeof n.variables.meetingAt === 'string' ? meetingTimeLabel(n.variables.meetingAt, n.timezone) : '',
    fileNames: String(n.variables.fileNames ?? ''),
  };
  const subject = fill(n.subject_template, values);
  const text = fill(n.sms_template ?? n.subject_template, values);
  const base = { id: n.id, subject, message: text, user_id: n.user_id };
  if (!n.is_active) return { outcome: { ...base, status: 'failed', error: 'template is disabled', retry_at: null }, outbox: [] };

  // Meeting reminders go to the salesperson; document notices to the customer.
  const toCustomer = n.type === 'document_upload';
  const email = toCustomer ? n.customer_email : n.user_email;
  const phone = toCustomer ? null : n.user_phone;
  const outbox: OutboxRow[] = [];
  let status: 'sent' | 'delivered' = 'delivered'; // in-app only counts as delivered to the inbox

  if (n.email_enabled !== false && email) {
    const html = fill(n.email_template, values, escapeHtml);
    const result = await mailer.send({ to: email, subject, html, text });
    if (!result.ok) {
      const final = n.attempts >= MAX_ATTEMPTS;
      const retryAt = final ? null : new Date(now.getTime() + backoffMinutes(n.attempts) * 60_000).toISOString();
      return { outcome: { ...base, status: 'failed', error: result.error, retry_at: retryAt }, outbox: [] };
    }
    status = result.status;
    if (mailer.channel === 'outbox') outbox.push({ notification_id: n.id, company_id: n.company_id, channel: 'email', recipient: email, subject, body: html });
  }
  // No SMS provider is wired yet: in outbox mode the SMS text is recorded like the e-mail.
  if (n.sms_enabled && phone && mailer.channel === 'outbox') {
    outbox.push({ notification_id: n.id, company_id: n.company_id, channel: 'sms', recipient: phone, subject, body: text });
  }
  return { outcome: { ...base, status, error: null, retry_at: null }, outbox };
}

async function recordBatch(db: Database, outcomes: Outcome[], outbox: OutboxRow[], now: Date) {
  await db.execute(sql`
    with r as (
      select * from jsonb_to_recordset(${JSON.stringify(outcomes)}::jsonb)
        as r(id int, status text, error text, subject text, message text, retry_at timestamptz, user_id int)
    ), updated as (
      update notifications n set
        status = r.status::"NotificationStatus", error_message = r.error, subject = r.subject, message = r.message,
        sent_at = case when r.status in ('sent', 'delivered') then ${now.toISOString()}::timestamptz else n.sent_at end,
        delivered_at = case when r.status = 'delivered' then ${now.toISOString()}::timestamptz else n.delivered_at end,
        scheduled_at = coalesce(r.retry_at, n.scheduled_at), locked_until = null,
        user_id = coalesce(n.user_id, r.user_id), updated_at = now()
      from r where n.id = r.id
    )
    insert into email_outbox (notification_id, company_id, channel, recipient, subject, body)
    select * from jsonb_to_recordset(${JSON.stringify(outbox)}::jsonb)
      as o(notification_id int, company_id int, channel text, recipient text, subject text, body text)`);
}

async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!);
      }
    }),
  );
  return results;
}

export interface DeliveryReport {
  claimed: number;
  delivered: number;
  failed: number;
}

/** Delivers what is due at `now`: a bounded number of batches, the rest is left for the next run. */
export async function deliverDueNotifications(db: Database, config: Config, now: Date): Promise<DeliveryReport> {
  const mailer = createMailer(config);
  const report: DeliveryReport = { claimed: 0, delivered: 0, failed: 0 };
  for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
    const claimed = await claimBatch(db, now);
    if (!claimed.length) break;
    const results = await mapLimited(claimed, mailer.channel === 'http' ? SEND_CONCURRENCY : claimed.length, (n) => deliver(n, mailer, now));
    await recordBatch(db, results.map((r) => r.outcome), results.flatMap((r) => r.outbox), now);
    // A `reminder` event to the company's live board, for the salesperson's screen.
    const reminders = claimed.filter((n, i) => n.type.startsWith('meeting_reminder') && results[i]!.outcome.status !== 'failed');
    await mapLimited(reminders, SEND_CONCURRENCY, (n) =>
      postToRoom(config, n.company_id, {
        type: 'reminder', contractId: n.contract_id, userId: n.user_id, notificationId: n.id,
        subject: results[claimed.indexOf(n)]!.outcome.subject, actor: null, at: now.toISOString(),
      }),
    );
    report.claimed += claimed.length;
    for (const { outcome } of results) outcome.status === 'failed' ? report.failed++ : report.delivered++;
    if (claimed.length < BATCH_SIZE) break;
  }
  return report;
}
