// The live-board room's own way to the database: when it notices a gap in the numbers (or starts, or a client is
// ahead of it), it fetches the numbered events after its last one here. Only the room can call it (the shared
// secret); it is not part of the public API and not in the OpenAPI document.
import type { Context } from 'hono';
import { AppError } from '../app/errors';
import type { AppEnv } from '../app/types';
import { eventsSince } from '../live/board-events';
import { carriesSecret } from '../live/shared-secret';

export async function roomFeed(c: Context<AppEnv>) {
  if (!(await carriesSecret(c.req.header('Authorization'), c.var.config.PARTY_SECRET))) throw new AppError('UNAUTHORIZED', 'Only the live-board room may read this');
  const companyId = c.req.param('companyId') ?? '';
  const since = c.req.query('since') ?? '';
  if (!/^[1-9][0-9]{0,9}$/.test(companyId) || Number(companyId) >= 2 ** 31 || !/^(0|[1-9][0-9]{0,14})$/.test(since)) {
    throw new AppError('BAD_REQUEST', 'companyId and since must be numbers');
  }
  const found = await eventsSince(c.var.db, Number(companyId), Number(since));
  return c.json(found.resync ? { ...found, events: [], more: false } : found, 200);
}
