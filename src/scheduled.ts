import { lt } from 'drizzle-orm';
import { readConfig, type Bindings } from './app/config';
import { databaseFor } from './db/client';
import { loginFailures, refreshTokens } from './db/schema';
import { removeStaleDrafts } from './documents/documents.queries';
import { deliverDueNotifications } from './notifications/delivery';

const STALE_DRAFT_DAYS = 7;

/**
 * Cron Trigger entry. Cron fires in UTC and may fire twice or overlap, so every job here is idempotent.
 * It delivers due notifications (meeting reminders, document notices), then does housekeeping.
 */
export async function runScheduledJobs(controller: ScheduledController, env: Bindings): Promise<void> {
  const config = readConfig(env);
  const db = databaseFor(config);
  const now = new Date(controller.scheduledTime);
  const delivery = await deliverDueNotifications(db, config, now);
  const removed = await db.delete(refreshTokens).where(lt(refreshTokens.expiresAt, now)).returning({ id: refreshTokens.id });
  // Failed sign-ins only matter inside the throttling window; a day later they are history nobody reads.
  await db.delete(loginFailures).where(lt(loginFailures.failedAt, new Date(now.getTime() - 86_400_000)));
  // Documents uploaded but never attached for a week: the record goes, then its file (R2 deletes up to 1,000 keys a call).
  const staleKeys = await removeStaleDrafts(db, STALE_DRAFT_DAYS, now);
  for (let i = 0; i < staleKeys.length; i += 1000) await env.FILES.delete(staleKeys.slice(i, i + 1000));
  console.log(
    `[scheduled ${controller.cron}] notifications: ${delivery.delivered} delivered, ${delivery.failed} failed; ` +
      `removed ${removed.length} expired refresh tokens, ${staleKeys.length} stale draft documents`,
  );
}
