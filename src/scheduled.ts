import { readConfig, type Bindings } from './app/config';
import { databaseFor } from './db/client';
import { housekeeping } from './housekeeping';
import { deliverDueNotifications } from './notifications/delivery';

/**
 * Cron Trigger entry. Cron fires in UTC and may fire twice or overlap, so every job here is idempotent.
 * It delivers due notifications (meeting reminders, document notices), then cleans up.
 */
export async function runScheduledJobs(controller: ScheduledController, env: Bindings): Promise<void> {
  const config = readConfig(env);
  const db = databaseFor(config);
  const now = new Date(controller.scheduledTime);
  const delivery = await deliverDueNotifications(db, config, now);
  const removed = await housekeeping(db, now);
  // The draft documents' records are gone; now their files (R2 deletes up to 1,000 keys a call).
  for (let i = 0; i < removed.draft_keys.length; i += 1000) await env.FILES.delete(removed.draft_keys.slice(i, i + 1000));
  console.log(
    `[scheduled ${controller.cron}] notifications: ${delivery.delivered} delivered, ${delivery.failed} failed; removed ` +
      `${removed.sessions} expired sessions, ${removed.tokens} expired refresh tokens, ${removed.failures} old failed attempts, ${removed.draft_keys.length} stale draft documents`,
  );
}
