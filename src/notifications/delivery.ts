// The Cron job's delivery loop: claim due notifications in bounded batches under a lease (two overlapping runs never
// take the same row), render, send, and record every outcome of a batch in one statement. A send starts only while
// the lease surely outlasts it, so no message can be claimed again while its send may still be in flight; what the
// lease cannot cover is handed back unsent. The provider gets each message's idempotency key, so even a run that
// dies between sending and recording (the message is sent again after the lease) cannot deliver it twice.
import { sql } from 'drizzle-orm';
import type { Config } from '../app/config';
import type { Database } from '../db/client';
import { rowsOf } from '../db/errors';
import { postToRoom } from '../live/board-room';
import { insertBoardEvents, numberBoardEventsOf, numberedByCompany } from '../live/board-events';
import { createMailer, type Mailer } from './mailer';
import { escapeHtml, fill, meetingTimeLabel } from './render';

export const MAX_ATTEMPTS = 5;
/** Outbox deliveries are database rows: big batches. */
const BATCH_SIZE = 500;
/** Workers allow six simultaneous outgoing connections. */
const SEND_CONCURRENCY = 6;
/** HTTP sends: ten rounds of six per batch, so a batch's outcomes are recorded often. */
const HTTP_BATCH_SIZE = SEND_CONCURRENCY * 10;
const MAX_BATCHES_PER_RUN = 40;
/**
 * A claim holds its rows for NOTIFICATION_LEASE_SECONDS (5 minutes). A send may take up to a quarter of it (10 s at
 * most) and must end another quarter (30 s at most: clock skew, recording the outcomes) before the lease does.
 */
export function leaseOf(config: Config) {
  const leaseMs = config.NOTIFICATION_LEASE_SECONDS * 1000;
  return { leaseMs, sendTimeoutMs: Math.min(10_000, leaseMs / 4), marginMs: Math.min(30_000, leaseMs / 4) };
}
/** A run stops claiming after this long: a Cron invocation may run 15 minutes. */
const RUN_BUDGET_MS = 10 * 60_000;

type Claimed = {
  id: number;
  contract_id: number;
  type: string;
  attempts: number;
  resend_count: number;
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

type Outcome =
  | { id: number; status: 'sent' | 'delivered' | 'failed'; error: string | null; subject: string; message: string; retry_at: string | null; user_id: number | null }
  | { id: number; status: 'released' };
type OutboxRow = { notification_id: number; company_id: number; channel: 'email' | 'sms'; recipient: string; subject: string; body: string };

/**
 * The lease clock: the database's, or the run's scheduled time when that is later (a late or replayed run; tests
 * travel in time). Claims and resends read the same clock, so a lease means the same to both.
 */
export const leaseClock = (at: string) => sql`greatest(now(), ${at}::timestamptz)`;

async function claimBatch(db: Database, now: Date, size: number, leaseMs: number): Promise<Claimed[]> {
  const at = now.toISOString();
  const result = await db.execute(sql`
    with due as (
      select id from notifications
      where status in ('pending', 'failed') and attempts < ${MAX_ATTEMPTS} and scheduled_at <= ${at}::timestamptz
        and (locked_until is null or locked_until < ${leaseClock(at)})
      order by scheduled_at, id
      limit ${size}
      for update skip locked
    ), claimed as (
      update notifications n set locked_until = ${leaseClock(at)} + make_interval(secs => ${leaseMs / 1000}), attempts = n.attempts + 1
      from due where n.id = due.id
      returning n.*
    )
    select c.id, c.type, c.attempts, c.resend_count, c.contract_id, c.variables, c.company_id, coalesce(c.user_id, k.user_id) as user_id,
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

/** The provider's idempotency key: the same for every automatic try of a message, new for each resend staff ask for. */
export const idempotencyKey = (n: { id: number; resend_count: number }) =>
  `carmate-notification-${n.id}${n.resend_count ? `-resend-${n.resend_count}` : ''}`;

async function deliver(n: Claimed, mailer: Mailer, now: Date): Promise<{ outcome: Outcome; outbox: OutboxRow[] }> {
  const values: Record<string, string> = {
    companyName: n.company_name,
    customerName: n.customer_name,
    carModel: n.car_model,
    salespersonName: n.user_name ?? '담당자',
    meetingTime: typeof n.variables.meetingAt === 'string' ? (meetingTimeLabel(n.variables.meetingAt, n.timezone) ?? '') : '',
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
    const result = await mailer.send({ to: email, subject, html, text, idempotencyKey: idempotencyKey(n) });
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

type ReminderEvent = { company_id: number; contract_id: number; user_id: number | null; notification_id: number; subject: string };

/**
 * Records a batch's outcomes, and the `reminder` events of the live board for reminders that went out (same
 * statement: an outcome and its event commit together), numbered; one round trip. The numbered events, per company.
 */
async function recordBatch(db: Database, outcomes: Outcome[], outbox: OutboxRow[], reminders: ReminderEvent[], now: Date) {
  const sent = outcomes.filter((o) => o.status !== 'released');
  const released = outcomes.filter((o) => o.status === 'released').map((o) => o.id);
  const [, numbered] = await db.batch([db.execute(sql`
    with r as (
      select * from jsonb_to_recordset(${JSON.stringify(sent)}::jsonb)
        as r(id int, status text, error text, subject text, message text, retry_at timestamptz, user_id int)
    ), released as (
      -- Never sent: handed back as they were, for the next run.
      update notifications set locked_until = null, attempts = attempts - 1, updated_at = now()
      where id = any(${`{${released.join(',')}}`}::int[])
    ), updated as (
      update notifications n set
        status = r.status::"NotificationStatus", error_message = r.error, subject = r.subject, message = r.message,
        sent_at = case when r.status in ('sent', 'delivered') then ${now.toISOString()}::timestamptz else n.sent_at end,
        delivered_at = case when r.status = 'delivered' then ${now.toISOString()}::timestamptz else n.delivered_at end,
        scheduled_at = coalesce(r.retry_at, n.scheduled_at), locked_until = null,
        user_id = coalesce(n.user_id, r.user_id), updated_at = now()
      from r where n.id = r.id
    ), reminder_events as (${insertBoardEvents(
      sql`x.company_id`,
      sql`jsonb_build_object('type', 'reminder', 'contractId', x.contract_id, 'userId', x.user_id, 'notificationId', x.notification_id, 'subject', x.subject)`,
      sql`jsonb_to_recordset(${JSON.stringify(reminders)}::jsonb) as x(company_id int, contract_id int, user_id int, notification_id int, subject text)`,
      sql`'null'::jsonb`,
    )})
    insert into email_outbox (notification_id, company_id, channel, recipient, subject, body)
    select * from jsonb_to_recordset(${JSON.stringify(outbox)}::jsonb)
      as o(notification_id int, company_id int, channel text, recipient text, subject text, body text)`),
    numberBoardEventsOf(db, reminders.map((r) => r.company_id)),
  ]);
  return numberedByCompany(numbered);
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
  /** Claimed but handed back unsent: the lease could not have covered their send. */
  released: number;
}

/** Delivers what is due at `now`: a bounded number of batches, the rest is left for the next run. */
export async function deliverDueNotifications(db: Database, config: Config, now: Date): Promise<DeliveryReport> {
  const { leaseMs, sendTimeoutMs, marginMs } = leaseOf(config);
  const mailer = createMailer(config, sendTimeoutMs);
  const report: DeliveryReport = { claimed: 0, delivered: 0, failed: 0, released: 0 };
  const http = mailer.channel === 'http';
  const size = http ? HTTP_BATCH_SIZE : BATCH_SIZE;
  const runStarted = Date.now();
  for (let batch = 0; batch < MAX_BATCHES_PER_RUN && Date.now() - runStarted < RUN_BUDGET_MS; batch++) {
    const claimedAt = Date.now();
    const claimed = await claimBatch(db, now, size, leaseMs);
    if (!claimed.length) break;
    // The last moment a send may start and still end (timeout included) well inside this claim's lease.
    const lastStart = claimedAt + leaseMs - sendTimeoutMs - marginMs;
    const results = await mapLimited(claimed, http ? SEND_CONCURRENCY : claimed.length, async (n) =>
      Date.now() <= lastStart ? deliver(n, mailer, now) : { outcome: { id: n.id, status: 'released' as const }, outbox: [] },
    );
    // A `reminder` event on the company's live board, for the salesperson's screen.
    const reminders = claimed.flatMap((n, i): ReminderEvent[] => {
      const { outcome } = results[i]!;
      return n.type.startsWith('meeting_reminder') && (outcome.status === 'sent' || outcome.status === 'delivered')
        ? [{ company_id: n.company_id, contract_id: n.contract_id, user_id: n.user_id, notification_id: n.id, subject: outcome.subject }]
        : [];
    });
    const events = await recordBatch(db, results.map((r) => r.outcome), results.flatMap((r) => r.outbox), reminders, now);
    await mapLimited([...events], SEND_CONCURRENCY, ([companyId, batch]) => postToRoom(config, companyId, { type: 'events', ...batch }));
    report.claimed += claimed.length;
    for (const { outcome } of results) report[outcome.status === 'failed' ? 'failed' : outcome.status === 'released' ? 'released' : 'delivered']++;
    if (claimed.length < size || results.some((r) => r.outcome.status === 'released')) break;
  }
  return report;
}
