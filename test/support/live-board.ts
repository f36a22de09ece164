// The usual live-board test file: a fresh database, the real room and the Worker wired to each other, and the
// sockets a test opens, all closed afterwards. Read the fields inside tests (they exist once beforeAll ran).
import { afterAll, beforeAll } from 'vitest';
import type { RunningPartyKit } from '../../scripts/partykit-runtime';
import { createTestDatabase, type TestDatabase } from './database';
import { connectLive, type LiveClient } from './live';
import { startWorkerWithRoom, type TestWorker } from './worker';

export interface LiveBoardContext {
  party: RunningPartyKit;
  db: TestDatabase;
  api: TestWorker;
  /** A socket to the company's room, closed after the file. */
  live(companyId: number, token: string, since?: number): Promise<LiveClient>;
}

export function useLiveBoard(): LiveBoardContext {
  const open: LiveClient[] = [];
  const ctx = {
    async live(companyId: number, token: string, since?: number) {
      const client = await connectLive(ctx.party.wsUrl, companyId, token, since);
      open.push(client);
      return client;
    },
  } as LiveBoardContext;
  beforeAll(async () => {
    ctx.db = await createTestDatabase();
    ({ party: ctx.party, api: ctx.api } = await startWorkerWithRoom(ctx.db.url));
  }, 90_000);
  afterAll(async () => {
    await Promise.all(open.map((c) => c.close()));
    await ctx.api?.close();
    await ctx.db?.drop();
    await ctx.party?.stop();
  });
  return ctx;
}
