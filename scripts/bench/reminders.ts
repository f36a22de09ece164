// One Cron run with 10,000 due meeting reminders (outbox channel): how long the run takes.
import type { LocalStack } from '../local-stack';
import { startWorkerRuntime } from '../worker-runtime';
import { fillBoard } from './board-fixture';
import { ms } from './measure';
import { benchTenant } from './tenant';

export async function benchReminders(stack: LocalStack, { count = 10_000 } = {}): Promise<string> {
  const databaseUrl = await stack.createDatabase('bench_reminders');
  const worker = await startWorkerRuntime({ scriptPath: stack.workerScript, gatewayUrl: stack.gateway.url, databaseUrl });
  const tenant = await benchTenant(databaseUrl, worker, 'REMIND');
  try {
    await fillBoard(tenant.query, tenant.companyId, tenant.userId, 1000);
    await tenant.query(
      `insert into notifications (type, contract_id, template_id, recipients, variables, scheduled_at, company_id, user_id)
       select 'meeting_reminder_today', k.id, t.id, '[]'::jsonb, jsonb_build_object('meetingAt', '2026-12-01T05:00:00.000Z'),
         now() - interval '1 minute', k.company_id, k.user_id
       from contracts k cross join generate_series(1, $2) g
       join notification_templates t on t.type = 'meeting_reminder_today'
       where k.company_id = $1`,
      [tenant.companyId, count / 1000],
    );
    const before = stack.gateway.stats().httpRequests;
    const started = performance.now();
    await worker.scheduled({ time: new Date() });
    const elapsed = performance.now() - started;
    const trips = stack.gateway.stats().httpRequests - before;
    const { rows } = (await tenant.query(`select status, count(*)::int as n from notifications where company_id = $1 group by status`, [tenant.companyId])) as { rows: { status: string; n: number }[] };
    const delivered = rows.find((r) => r.status === 'delivered')?.n ?? 0;
    if (delivered !== count) throw new Error(`expected ${count} delivered, got ${JSON.stringify(rows)}`);
    return [
      `## Meeting reminders (one Cron run, ${count.toLocaleString('en')} due, outbox channel)`,
      '',
      '| figure | value |',
      '| --- | --- |',
      `| run time | ${ms(elapsed)} |`,
      `| reminders per second | ${Math.round(count / (elapsed / 1000)).toLocaleString('en')} |`,
      `| database round trips for the run | ${trips} (a claim and a result write per batch of 500, plus housekeeping) |`,
    ].join('\n');
  } finally {
    await tenant.close();
    await worker.close();
  }
}
