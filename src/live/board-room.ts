// Telling a company's live-board room (PartyKit) what changed. Always after the response is decided and never in
// the way of the user's request: failures are logged, retried once, and otherwise dropped (clients that miss an
// event resync over REST).
import type { Context } from 'hono';
import type { Config } from '../app/config';
import type { AppEnv } from '../app/types';

export type BoardEvent = {
  type: 'contract.created' | 'contract.updated' | 'contract.moved' | 'contract.deleted' | 'documents.attached' | 'pipeline.changed' | 'reminder';
  contractId?: number;
  contract?: unknown;
  from?: string;
  to?: string;
  version?: number;
  actor: { id: number; name: string } | null;
  at: string;
  [key: string]: unknown;
};

/**
 * Sessions that ended (sign-out, password change, deletion, role change, a replayed refresh token): the room closes
 * their sockets and refuses them for a while (a socket can be joining as the session ends). Not a board event
 * (never numbered or kept). `all`: every socket of the room (the company is gone).
 */
export type SessionsEnded = { type: 'sessions.ended'; sessionIds: string[] } | { type: 'sessions.ended'; all: true };

/** POSTs to the company's room; resolves to the room's answer, or undefined if it failed. */
export async function postToRoom(config: Config, companyId: number, event: BoardEvent | SessionsEnded): Promise<{ seq?: number } | undefined> {
  if (!config.PARTYKIT_URL) return undefined;
  const url = `${config.PARTYKIT_URL.replace(/\/$/, '')}/parties/main/${companyId}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${config.PARTY_SECRET}` },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(3000),
      });
      if (res.ok) return (await res.json()) as { seq?: number };
      console.warn(`[live board] room ${companyId} answered HTTP ${res.status}`);
    } catch (err) {
      console.warn(`[live board] room ${companyId} unreachable: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return undefined;
}

/**
 * Publishes after the response (waitUntil): the user's request neither waits for nor fails with the room. The
 * board is the caller's company's unless an administrator acted on another (`companyId`).
 */
export function publishBoardEvent(c: Context<AppEnv>, event: Omit<BoardEvent, 'actor' | 'at'>, companyId = c.var.caller.companyId) {
  const { caller, config } = c.var;
  const full = { ...event, actor: { id: caller.userId, name: caller.name ?? `#${caller.userId}` }, at: new Date().toISOString() } as BoardEvent;
  c.executionCtx.waitUntil(postToRoom(config, companyId, full));
}

/** Tells the company's room to close the sockets of ended sessions, after the response (waitUntil). */
export function endSessions(c: Context<AppEnv>, companyId: number, which: { sessionIds: string[] } | { all: true }) {
  if ('sessionIds' in which && !which.sessionIds.length) return;
  c.executionCtx.waitUntil(postToRoom(c.var.config, companyId, { type: 'sessions.ended', ...which }));
}
