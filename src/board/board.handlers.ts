import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../app/types';
import { eventsSince } from '../live/board-events';
import type { listBoardEvents, NumberedEventSchema } from './board.routes';
import type { z } from '@hono/zod-openapi';

type Numbered = z.infer<typeof NumberedEventSchema>;

export const boardEvents: RouteHandler<typeof listBoardEvents, AppEnv> = async (c) => {
  const found = await eventsSince(c.var.db, c.var.caller.companyId, c.req.valid('query').since);
  if (found.resync) return c.json({ resync: true, seq: found.seq, events: [], more: false }, 200);
  return c.json({ resync: false, seq: found.seq, events: found.events as Numbered[], more: found.more }, 200);
};
