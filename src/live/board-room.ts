// Telling a company's live-board room (PartyKit) what changed: after the response, never in the way of the user's
// request. A push that fails is tried again for up to ~30 s (a room that restarts or stalls briefly gets it as soon
// as it is back); the room takes each number once, so a late copy is harmless. What still does not arrive is
// delivered anyway, because the events are numbered rows in the database: the room notices a gap at the next event
// and fetches what it missed, and the Cron sweep re-sends what the room never confirmed.
import type { Context } from 'hono';
import type { Config } from '../app/config';
import type { AppEnv } from '../app/types';
import type { EventBatch } from './board-events';

/**
 * Sessions that ended (sign-out, password change, deletion, role change, a replayed refresh token): the room closes
 * their sockets and refuses them for a while (a socket can be joining as the session ends). Not a board event
 * (never numbered or kept). `all`: every socket of the room (the company is gone).
 */
export type SessionsEnded = { type: 'sessions.ended'; sessionIds: string[] } | { type: 'sessions.ended'; all: true };
/** "The database has events you may not have": the room fetches what is after its last number. */
export type SyncRequest = { type: 'sync' };
/** Numbered events for the room, which takes each number once and in order. */
export type EventsForRoom = { type: 'events' } & EventBatch;
/** What the room answers: the last number it has delivered, of which epoch. */
export type RoomAnswer = { seq?: number; epoch?: string | null; closed?: number };

export const ROOM_TIMEOUT_MS = 3000;
/** Pauses between tries after the response: with the 3 s timeouts, all tries end inside waitUntil's 30 s. */
const RETRY_DELAYS_MS = [1000, 2000, 4000, 6000];

/** POSTs to the company's room once; the room's answer, or undefined if it failed (logged). */
export async function postToRoom(config: Config, companyId: number, body: EventsForRoom | SessionsEnded | SyncRequest): Promise<RoomAnswer | undefined> {
  if (!config.PARTYKIT_URL) return undefined;
  const url = `${config.PARTYKIT_URL.replace(/\/$/, '')}/parties/main/${companyId}`;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${config.PARTY_SECRET}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(ROOM_TIMEOUT_MS),
    });
    if (res.ok) return (await res.json()) as RoomAnswer;
    console.warn(`[live board] room ${companyId} answered HTTP ${res.status}`);
  } catch (err) {
    console.warn(`[live board] room ${companyId} unreachable: ${err instanceof Error ? err.message : String(err)}`);
  }
  return undefined;
}

/** POSTs, and tries again (backing off) until the room answers or the tries run out. */
async function postWithRetries(config: Config, companyId: number, body: EventsForRoom | SessionsEnded | SyncRequest): Promise<RoomAnswer | undefined> {
  for (let attempt = 0; ; attempt++) {
    const answer = await postToRoom(config, companyId, body);
    if (answer || attempt >= RETRY_DELAYS_MS.length) return answer;
    await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]));
  }
}

/** Pushes a write's numbered events after the response (waitUntil): the request neither waits for nor fails with the room. */
export function publishBoardEvents(c: Context<AppEnv>, companyId: number, batch: EventBatch | undefined) {
  if (!batch?.events.length) return;
  c.header('X-Board-Seq', String(batch.events[batch.events.length - 1]!.seq));
  c.executionCtx.waitUntil(postWithRetries(c.var.config, companyId, { type: 'events', ...batch }));
}

/** Tells the company's room to close the sockets of ended sessions, after the response (waitUntil). */
export function endSessions(c: Context<AppEnv>, companyId: number, which: { sessionIds: string[] } | { all: true }) {
  if ('sessionIds' in which && !which.sessionIds.length) return;
  c.executionCtx.waitUntil(postWithRetries(c.var.config, companyId, { type: 'sessions.ended', ...which }));
}

/**
 * After a change that the database turned into board events by itself (a customer, car or salesperson shown on
 * cards changed: migration 0016), the room is asked to fetch them; the request does not know their numbers.
 */
export function nudgeBoard(c: Context<AppEnv>, companyId: number) {
  c.executionCtx.waitUntil(postWithRetries(c.var.config, companyId, { type: 'sync' }));
}
