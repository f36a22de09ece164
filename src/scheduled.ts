import { lt } from 'drizzle-orm';
import { readConfig, type Bindings } from './app/config';
import { createDb } from './db/client';
import { refreshTokens } from './db/schema';

/**
 * Cron Trigger entry. Cron fires in UTC and may fire twice or overlap, so every job here is idempotent.
 * Meeting reminders join this job in the reminders issue.
 */
export async function runScheduledJobs(controller: ScheduledController, env: Bindings): Promise<void> {
  const config = readConfig(env);
  const db = createDb({ databaseUrl: config.DATABASE_URL, localGateway: config.NEON_LOCAL_GATEWAY });
  const now = new Date(controller.scheduledTime);
  const removed = await db.delete(refreshTokens).where(lt(refreshTokens.expiresAt, now)).returning({ id: refreshTokens.id });
  console.log(`[scheduled ${controller.cron}] removed ${removed.length} expired refresh tokens`);
}
