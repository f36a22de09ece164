import type { RouteHandler } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import pkg from '../../package.json';
import type { AppEnv } from '../app/types';
import type { getHealth } from './health.routes';

export const health: RouteHandler<typeof getHealth, AppEnv> = async (c) => {
  const started = performance.now();
  // Failures propagate to the shared error handler, which answers 503 DATABASE_UNAVAILABLE.
  const result = await c.var.db.execute<{ version: string }>(sql`select current_setting('server_version') as version`);
  const databaseLatencyMs = Math.round((performance.now() - started) * 10) / 10;
  c.header('Cache-Control', 'no-store');
  return c.json(
    {
      status: 'ok' as const,
      version: pkg.version,
      database: 'ok' as const,
      databaseLatencyMs,
      databaseVersion: String(result.rows[0]?.version ?? 'unknown'),
    },
    200,
  );
};
