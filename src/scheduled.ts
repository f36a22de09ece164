import { readConfig, type Bindings } from './app/config';
import { databaseFor } from './db/client';
import { housekeeping } from './housekeeping';
import { deliverDueNotifications } from './notifications/delivery';
import { drainObjectDeletions } from './files/object-deletions';
import { sweepBoardEvents } from './live/board-sweep';
import { compactTallies } from './db/tallies';

/**
 * Cron Trigger entry. Cron fires in UTC and may fire twice or overlap, so every job here is idempotent.
 * It delivers due notifications (meeting reminders, document notices), re-sends live-board events the rooms have
 * not confirmed, cleans up, folds the tallies' rows, then deletes queued files.
 */
export async function runScheduledJobs(controller: ScheduledController, env: Bindings): Promise<void> {
  const config = readConfig(env);
  const db = databaseFor(config);
  const now = new Date(controller.scheduledTime);
  const delivery = await deliverDueNotifications(db, config, now);
  const board = await sweepBoardEvents(db, config);
  const removed = await housekeeping(db, now);
  const tallyRows = await compactTallies(db);
  // Files whose records are gone (stale drafts, deleted companies and accounts): R2 follows the database.
  const files = await drainObjectDeletions(db, env.FILES);
  console.log(
    `[scheduled ${controller.cron}] notifications: ${delivery.delivered} delivered, ${delivery.failed} failed, ${delivery.released} handed back; live board: ${board.resent} events re-sent to ${board.rooms} rooms (${board.confirmed} confirmed); removed ` +
      `${removed.sessions} expired sessions, ${removed.tokens} expired refresh tokens, ${removed.failures} old failed attempts, ${removed.drafts} stale draft documents, ${removed.board_events} old board events, ` +
      `${tallyRows} tally rows folded, ` +
      `${files.objects} stored files (${files.pending} deletions pending)`,
  );
}
