import { sql } from 'drizzle-orm';
import type { Caller } from '../auth/tokens';
import type { Database } from '../db/client';
import { rowsOf } from '../db/errors';
import { newestPage, pageWithTotal } from '../db/paging';

export type Settings = { email_enabled: boolean; sms_enabled: boolean; default_alarm_hour: number };

export async function getSettings(db: Database, companyId: number): Promise<Settings> {
  const result = await db.execute(sql`
    insert into notification_settings (company_id) values (${companyId})
    on conflict (company_id) do update set company_id = excluded.company_id
    returning email_enabled, sms_enabled, default_alarm_hour`);
  return rowsOf<Settings>(result)[0]!;
}

/** Changes a company's settings; undefined when there is no such company. */
export async function updateSettings(db: Database, companyId: number, changes: { emailEnabled?: boolean; smsEnabled?: boolean; defaultAlarmHour?: number }) {
  const result = await db.execute(sql`
    insert into notification_settings (company_id, email_enabled, sms_enabled, default_alarm_hour)
    select id, coalesce(${changes.emailEnabled ?? null}::boolean, true), coalesce(${changes.smsEnabled ?? null}::boolean, false),
      coalesce(${changes.defaultAlarmHour ?? null}::int, 9)
    from companies where id = ${companyId}
    on conflict (company_id) do update set
      email_enabled = coalesce(${changes.emailEnabled ?? null}::boolean, notification_settings.email_enabled),
      sms_enabled = coalesce(${changes.smsEnabled ?? null}::boolean, notification_settings.sms_enabled),
      default_alarm_hour = coalesce(${changes.defaultAlarmHour ?? null}::int, notification_settings.default_alarm_hour),
      updated_at = now()
    returning email_enabled, sms_enabled, default_alarm_hour`);
  return rowsOf<Settings>(result)[0];
}

export type InboxRow = {
  id: number; type: string; subject: string | null; message: string | null; contract_id: number;
  sent_at: string; read_at: string | null; timezone: string; unread: number; total: number;
};

/** The caller's delivered notifications, newest first, with the unread count, in one query. */
export async function inbox(db: Database, caller: Caller, page: number, pageSize: number) {
  const where = sql`n.user_id = ${caller.userId} and n.company_id = ${caller.companyId} and n.sent_at is not null`;
  const { rows, total } = await pageWithTotal<InboxRow>(
    db,
    page,
    sql`select n.id, n.type, n.subject, n.message, n.contract_id, n.sent_at, n.read_at, co.timezone,
          count(*) filter (where n.read_at is null) over ()::int as unread, count(*) over ()::int as total
        from notifications n join companies co on co.id = n.company_id where ${where}
        order by n.sent_at desc, n.id desc limit ${pageSize} offset ${(page - 1) * pageSize}`,
    sql`select count(*)::int as total from notifications n where ${where}`,
  );
  const unread = rows[0]?.unread ?? rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from notifications n where ${where} and n.read_at is null`))[0]!.n;
  return { rows, total, unread };
}

export async function markRead(db: Database, caller: Caller, id: number): Promise<boolean> {
  const result = await db.execute(sql`
    update notifications set read_at = coalesce(read_at, now())
    where id = ${id} and user_id = ${caller.userId} and company_id = ${caller.companyId} and sent_at is not null returning id`);
  return result.rows.length > 0;
}

export async function contractNotifications(db: Database, companyId: number, contractId: number) {
  const result = await db.execute(sql`
    select exists (select 1 from contracts where id = ${contractId} and company_id = ${companyId}) as found,
      co.timezone,
      coalesce((select json_agg(json_build_object('id', n.id, 'type', n.type, 'status', n.status, 'attempts', n.attempts,
          'error', n.error_message, 'scheduledAt', n.scheduled_at, 'sentAt', n.sent_at, 'deliveredAt', n.delivered_at) order by n.scheduled_at, n.id)
        from notifications n where n.contract_id = ${contractId} and n.company_id = ${companyId}), '[]'::json) as entries
    from companies co where co.id = ${companyId}`);
  return rowsOf<{ found: boolean; timezone: string; entries: { id: number; type: string; status: string; attempts: number; error: string | null; scheduledAt: string; sentAt: string | null; deliveredAt: string | null }[] }>(result)[0]!;
}

export type ResendResult =
  | { outcome: 'queued' | 'not_found' | 'forbidden' | 'in_flight' | 'not_sent_yet' | 'limit_reached' }
  | { outcome: 'too_soon'; retryAfterSeconds: number };

/** Resends one notification may have, and how long after the previous one the next may be asked for. */
export const MAX_RESENDS = 3;
export const RESEND_COOLDOWN_SECONDS = 60;

/**
 * Queues a notification again (now, from a clean slate): the contract's owner or an administrator may, for one
 * that was sent or gave up, at most MAX_RESENDS times and RESEND_COOLDOWN_SECONDS apart. Never while a Cron run
 * holds it: the statement's own guard sees the run's lease (or waits for its row lock), so a resend cannot race
 * a delivery in progress into a second send.
 */
export async function resend(db: Database, caller: Caller, id: number): Promise<ResendResult> {
  const result = await db.execute(sql`
    with target as (
      select n.id, n.status, n.resend_count, n.resent_at, n.locked_until, k.user_id as owner
      from notifications n join contracts k on k.id = n.contract_id
      where n.id = ${id} and n.company_id = ${caller.companyId}
    ), queued as (
      update notifications n set status = 'pending', attempts = 0, scheduled_at = now(), locked_until = null, error_message = null,
        resend_count = n.resend_count + 1, resent_at = now(), updated_at = now()
      from target t
      where n.id = t.id and (t.owner = ${caller.userId} or t.owner is null or ${caller.isAdmin})
        and n.status in ('sent', 'delivered', 'failed') and (n.locked_until is null or n.locked_until < now())
        and n.resend_count < ${MAX_RESENDS}
        and (n.resent_at is null or n.resent_at <= now() - make_interval(secs => ${RESEND_COOLDOWN_SECONDS}))
      returning n.id
    )
    select case
        when exists (select 1 from queued) then 'queued'
        when not exists (select 1 from target) then 'not_found'
        when not (t.owner = ${caller.userId} or t.owner is null or ${caller.isAdmin}) then 'forbidden'
        when t.locked_until >= now() then 'in_flight'
        when t.status not in ('sent', 'delivered', 'failed') then 'not_sent_yet'
        when t.resend_count >= ${MAX_RESENDS} then 'limit_reached'
        else 'too_soon' end as outcome,
      ceil(extract(epoch from (t.resent_at + make_interval(secs => ${RESEND_COOLDOWN_SECONDS}) - now())))::int as retry_after
    from (select 1) one left join target t on true`);
  const row = rowsOf<{ outcome: ResendResult['outcome']; retry_after: number | null }>(result)[0]!;
  if (row.outcome === 'too_soon') return { outcome: 'too_soon', retryAfterSeconds: Math.max(1, row.retry_after ?? RESEND_COOLDOWN_SECONDS) };
  return { outcome: row.outcome };
}

export type OutboxRow = { id: number; notification_id: number | null; channel: string; recipient: string; subject: string; body: string; created_at: string; timezone: string; total: number };

export async function outbox(db: Database, companyId: number, page: number, pageSize: number) {
  return newestPage<OutboxRow>(
    db,
    { page, pageSize, from: sql`email_outbox o`, where: sql`o.company_id = ${companyId}`, id: sql`o.id` },
    sql`select o.id, o.notification_id, o.channel, o.recipient, o.subject, o.body, o.created_at, co.timezone, page.total
        from page join email_outbox o on o.id = page.id join companies co on co.id = o.company_id order by o.id desc`,
  );
}
