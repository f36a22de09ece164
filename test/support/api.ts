import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database';
import { startWorker, type TestWorker } from './worker';

export interface ApiContext {
  db: TestDatabase;
  api: TestWorker;
}

/**
 * The usual test-file setup: a fresh database and the Worker on workerd in front of it, for the whole file.
 * Read `ctx.db` / `ctx.api` inside tests (they exist once beforeAll ran).
 */
export function useApi(): ApiContext {
  const ctx = {} as ApiContext;
  beforeAll(async () => {
    ctx.db = await createTestDatabase();
    ctx.api = await startWorker({ databaseUrl: ctx.db.url });
  });
  afterAll(async () => {
    await ctx.api?.close();
    await ctx.db?.drop();
  });
  return ctx;
}
