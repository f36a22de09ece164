import { sql, type SQL } from 'drizzle-orm';

/**
 * SQL (a CTE body): one notifications row per future alarm of the contracts in `contracts` (a CTE of contracts
 * rows). An alarm on an earlier day than its meeting, in the company's timezone, is the "yesterday" reminder;
 * on the meeting's day, "today". Alarms already past are not scheduled.
 */
export function scheduleReminders(contracts: SQL): SQL {
  return sql`insert into notifications (type, contract_id, template_id, recipients, variables, scheduled_at, company_id, user_id)
    select t.type, k.id, t.id, jsonb_build_array(jsonb_build_object('kind', 'salesperson', 'userId', k.user_id)),
      jsonb_build_object('meetingAt', m.at), a.at, k.company_id, k.user_id
    from ${contracts} k
    join companies co on co.id = k.company_id
    cross join lateral (select (x.value->>'date')::timestamptz as at, x.value as raw from jsonb_array_elements(k.meetings) x) m
    cross join lateral (select y.value::timestamptz as at from jsonb_array_elements_text(m.raw->'alarms') y) a
    join notification_templates t on t.type = (case
      when (a.at at time zone co.timezone)::date < (m.at at time zone co.timezone)::date then 'meeting_reminder_yesterday'
      else 'meeting_reminder_today' end)::"NotificationType"
    where a.at > now()`;
}

/** SQL condition: a notifications row is a meeting reminder still waiting to go out. */
export const pendingReminder = sql.raw(
  `type in ('meeting_reminder_yesterday', 'meeting_reminder_today') and status in ('pending', 'failed')`,
);
