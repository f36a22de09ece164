import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database';
import { startCountedWorker, startWorker, type TestWorker } from './worker';

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

export interface CountedApiContext {
  db: TestDatabase;
  counted: Awaited<ReturnType<typeof startCountedWorker>>;
}

/** Like useApi, with a Neon gateway of the file's own, so `ctx.counted.roundTrips(...)` counts database trips. */
export function useCountedApi(): CountedApiContext {
  const ctx = {} as CountedApiContext;
  beforeAll(async () => {
    ctx.db = await createTestDatabase();
    ctx.counted = await startCountedWorker(ctx.db.url);
  });
  afterAll(async () => {
    await ctx.counted?.close();
    await ctx.db?.drop();
  });
  return ctx;
}
