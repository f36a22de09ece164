import { errors as joseErrors, jwtVerify } from 'jose';
import type * as Party from 'partykit/server';
import { carriesSecret } from '../src/live/shared-secret';

/**
 * One room per company: the live contract board. The database numbers every board event when the change commits
 * (see src/live/board-events.ts); this room delivers them. It takes each number once and only in order: one that
 * arrives early waits while the room fetches the missing ones from the API (an endpoint only it may call), so
 * every socket sees every event exactly once, in commit order. Clients that connect with `?since=N` get what they
 * missed first. Presence and hints are relayed, never stored. Sockets must speak at least every 25 s (the board
 * page pings every 10 s); silent ones, expired tokens and ended sessions are closed.
 */

type User = { id: number; name: string };
type SocketState = { user: User; sessionId: string; ready: boolean; exp: number; joinedAt: number; cursor: number };
type StoredEvent = { seq: number; event: Record<string, unknown> };
type FeedAnswer = { resync: boolean; seq: number; epoch: string | null; events?: StoredEvent[]; more?: boolean };

const KEEP_EVENTS = 500;
/** How far ahead of the last delivered number an early arrival is kept while the gap is filled (farther: fetched later). */
const MAX_PENDING = 2000;
/** How long an ended session stays refused here: long enough for a socket that was joining as it ended. */
const REMEMBER_ENDED_MS = 60_000;
/** Hints per user per second, across all of the user's sockets. */
const HINTS_PER_SECOND = 10;
/** A user's sockets (tabs, devices); a new one beyond this closes the user's oldest. */
const MAX_SOCKETS_PER_USER = 10;
/** A socket that has said nothing for this long is gone (TCP may stay open for minutes). */
const SILENCE_LIMIT_MS = 25_000;
const CHECK_EVERY_MS = 5_000;
const API_TIMEOUT_MS = 3_000;
const PING = '{"type":"ping"}';
const PONG = '{"type":"pong"}';
const PONG_EVERY_MS = 15_000;
const eventKey = (seq: number) => `e:${String(seq).padStart(12, '0')}`;

function json(body: unknown, status = 200): Response {
  return Response.json(body, { status });
}

async function verify(token: string, env: Record<string, unknown>) {
  const secret = new TextEncoder().encode(String(env.JWT_SECRET ?? ''));
  const { payload } = await jwtVerify(token, secret, {
    algorithms: ['HS256'],
    issuer: String(env.JWT_ISSUER ?? 'carmate-edge'),
    audience: String(env.JWT_AUDIENCE ?? 'carmate-edge-api'),
    requiredClaims: ['exp', 'sub'],
  });
  return payload as { sub: string; cid: number; sid: string; name?: string; exp: number };
}

const apiBase = (env: Record<string, unknown>) => (env.API_URL ? String(env.API_URL).replace(/\/$/, '') : '');

/**
 * Whether the token's session is still live, asked of the API (its database is the truth): a token of a session
 * that ended (sign-out, password change, deletion, role change) must not open a socket even before it expires.
 */
async function sessionState(token: string, env: Record<string, unknown>): Promise<'live' | 'ended' | 'unknown'> {
  if (!apiBase(env)) return 'live'; // no API configured: the signature and expiry are all there is to check
  try {
    const res = await fetch(`${apiBase(env)}/auth/session`, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(API_TIMEOUT_MS) });
    return res.status === 204 ? 'live' : res.status === 401 ? 'ended' : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Durable storage takes at most 128 keys per call. */
async function deleteKeys(storage: Party.Storage, keys: string[]) {
  for (let at = 0; at < keys.length; at += 128) await storage.delete(keys.slice(at, at + 128));
}

async function putEntries(storage: Party.Storage, entries: [string, unknown][]) {
  for (let at = 0; at < entries.length; at += 128) await storage.put(Object.fromEntries(entries.slice(at, at + 128)));
}

/** Sends to an open socket; one that is closing (the room or the client just closed it) is skipped, not an error. */
function sendTo(conn: Party.Connection, text: string) {
  if (conn.readyState !== 1) return;
  try {
    conn.send(text);
  } catch {
    // closed between the check and the send
  }
}

export default class BoardRoom implements Party.Server {
  // Not hibernating: the heartbeat check, the per-user hint budget and the gap filling live in memory.
  readonly options: Party.ServerOptions = { hibernate: false };
  /** The last number delivered to sockets, of the database's counter `epoch`. */
  private seq = 0;
  private epoch: string | null = null;
  private events: StoredEvent[] = [];
  private pending = new Map<number, StoredEvent>();
  private filling: Promise<void> | null = null;
  /** The database's last number, as the latest fetch said (null until one succeeds). */
  private databaseSeq: number | null = null;
  private fillAgain = false;
  private lastHeard = new Map<string, number>();
  private lastPong = new Map<string, number>();
  private hintsByUser = new Map<number, number[]>();
  private checker: ReturnType<typeof setInterval> | null = null;
  private lastCheck = 0;
  private presenceTimer: ReturnType<typeof setTimeout> | null = null;
  /** Storage writes, one after another (a later number is never overwritten by an earlier one). */
  private writes: Promise<unknown> = Promise.resolve();
  /** Sessions ended lately (id → when), and when the whole company went, if it did. */
  private ended = new Map<string, number>();
  private companyEndedAt = 0;

  constructor(readonly room: Party.Room) {}

  /** Before the upgrade: a valid access token of this room's company and a live session, or no socket at all. */
  static async onBeforeConnect(request: Party.Request, lobby: Party.Lobby): Promise<Party.Request | Response> {
    const token = new URL(request.url).searchParams.get('token') ?? '';
    if (!lobby.env.JWT_SECRET) return json({ message: 'The live board is not configured', code: 'SERVICE_MISCONFIGURED' }, 503);
    try {
      const claims = await verify(token, lobby.env);
      if (String(claims.cid) !== lobby.id) return json({ message: 'Not this company’s board', code: 'FORBIDDEN' }, 403);
      const state = await sessionState(token, lobby.env);
      if (state === 'ended') return json({ message: 'The session has ended; sign in again', code: 'UNAUTHORIZED' }, 401);
      if (state === 'unknown') return json({ message: 'The session could not be checked; try again shortly', code: 'SERVICE_UNAVAILABLE' }, 503);
      return request;
    } catch (err) {
      const message = err instanceof joseErrors.JWTExpired ? 'The access token expired' : 'A valid access token is required';
      return json({ message, code: 'UNAUTHORIZED' }, 401);
    }
  }

  async onStart() {
    const [seq, epoch, stored] = await Promise.all([
      this.room.storage.get<number>('seq'),
      this.room.storage.get<string>('epoch'),
      this.room.storage.list<StoredEvent>({ prefix: 'e:' }),
    ]);
    if (epoch === undefined && stored.size) {
      // Kept by an older release of this room, which numbered events itself: those numbers mean nothing now.
      await deleteKeys(this.room.storage, ['seq', ...stored.keys()]);
      stored.clear();
    }
    // Stored events were delivered: the number is at least the last of them.
    this.seq = epoch === undefined ? 0 : Math.max(seq ?? 0, ...[...stored.values()].map((e) => e.seq));
    this.epoch = epoch ?? null;
    // Only an unbroken run up to the number can be replayed (an event too large to store leaves a hole): a cursor
    // before the hole gets `resync`, never a silent gap.
    const kept = [...stored.values()].sort((a, b) => a.seq - b.seq);
    let from = kept.length;
    while (from > 0 && kept[from - 1]!.seq === (from === kept.length ? this.seq : kept[from]!.seq - 1)) from--;
    this.events = kept.slice(from);
    // Whatever was committed while this room was down (pushes that failed) is fetched before anyone joins.
    await this.fillWithin(API_TIMEOUT_MS);
  }

  async onConnect(conn: Party.Connection<SocketState>, ctx: Party.ConnectionContext) {
    const url = new URL(ctx.request.url);
    let claims: Awaited<ReturnType<typeof verify>>;
    try {
      claims = await verify(url.searchParams.get('token') ?? '', this.room.env);
    } catch {
      return conn.close(4401, 'unauthenticated'); // expired between the check and the join
    }
    const sessionId = String(claims.sid);
    // Its session may have ended after the API vouched for it and before this socket joined.
    if (this.hasEnded(sessionId)) return this.closeEnded(conn);
    const sinceParam = url.searchParams.get('since');
    const since = sinceParam === null ? null : /^(0|[1-9][0-9]{0,14})$/.test(sinceParam) ? Number(sinceParam) : -1;
    // A client ahead of the room knows of events the room missed: fetch them first.
    if (since !== null && since > this.seq) {
      this.databaseSeq = null;
      await this.fillWithin(API_TIMEOUT_MS);
    }
    // Catch-up and "ready" happen with no await in between, so no live event can slip past this socket.
    let cursor = this.seq;
    if (since !== null) {
      const oldest = this.events[0]?.seq ?? this.seq + 1;
      // Beyond what the room keeps, or ahead of the database itself (a cursor of another database): reload.
      // Ahead of the room when the database could not be asked: the client reloads rather than wait on numbers
      // that may never come.
      const ahead = since > this.seq && (this.databaseSeq === null || since > this.databaseSeq);
      if (since < 0 || since < oldest - 1 || ahead) {
        sendTo(conn, JSON.stringify({ type: 'resync', seq: this.seq }));
      } else {
        for (const event of this.events) if (event.seq > since) sendTo(conn, JSON.stringify({ type: 'event', ...event }));
        cursor = Math.max(since, this.seq); // a client still ahead gets only numbers after its own
      }
    }
    const user = { id: Number(claims.sub), name: claims.name ?? `#${claims.sub}` };
    conn.setState({ user, sessionId, ready: true, exp: claims.exp, joinedAt: Date.now(), cursor });
    this.lastHeard.set(conn.id, Date.now());
    sendTo(conn, JSON.stringify({ type: 'ready', seq: this.seq }));
    this.limitSockets(user.id);
    this.startChecks();
    this.broadcastPresence();
  }

  onMessage(message: string | ArrayBuffer | ArrayBufferView, sender: Party.Connection<SocketState>) {
    // Heartbeats are most of the traffic: answered without parsing or reading the socket's state.
    if (message === PING) {
      const now = Date.now();
      if (!this.lastHeard.has(sender.id)) return;
      this.lastHeard.set(sender.id, now);
      // Every other ping is answered: enough for a client that reconnects after 30 s of silence, half the sends.
      if (now - (this.lastPong.get(sender.id) ?? 0) < PONG_EVERY_MS) return;
      this.lastPong.set(sender.id, now);
      return sendTo(sender, PONG);
    }
    const state = sender.state;
    if (!state?.ready) return;
    this.lastHeard.set(sender.id, Date.now()); // anything counts as a heartbeat
    if (typeof message !== 'string' || message.length > 512) return;
    let hint: { type?: unknown; contractId?: unknown };
    try {
      hint = JSON.parse(message);
    } catch {
      return;
    }
    if (hint.type === 'ping') return sendTo(sender, PONG);
    const contractId = hint.contractId;
    const validId = contractId === null || (Number.isInteger(contractId) && (contractId as number) > 0 && (contractId as number) < 2 ** 31);
    if ((hint.type !== 'viewing' && hint.type !== 'dragging') || !validId) return;
    // One budget per user, whatever the number of their sockets: excess hints are dropped.
    const now = Date.now();
    const recent = (this.hintsByUser.get(state.user.id) ?? []).filter((at) => now - at < 1000);
    if (recent.length >= HINTS_PER_SECOND) return void this.hintsByUser.set(state.user.id, recent);
    recent.push(now);
    this.hintsByUser.set(state.user.id, recent);
    this.send({ type: 'hint', action: hint.type, contractId: hint.contractId, user: state.user }, sender.id);
  }

  onClose(conn: Party.Connection) {
    conn.close(); // answer the client's close at once
    this.forget(conn.id);
    this.broadcastPresence();
  }

  onError(conn: Party.Connection) {
    conn.close();
    this.forget(conn.id);
    this.broadcastPresence();
  }

  /** The API: numbered events, ended sessions; and, for it alone, the room's state. */
  async onRequest(request: Party.Request): Promise<Response> {
    if (request.method !== 'POST' && request.method !== 'GET') return json({ message: 'Method not allowed', code: 'METHOD_NOT_ALLOWED' }, 405);
    if (!(await carriesSecret(request.headers.get('Authorization'), String(this.room.env.PARTY_SECRET ?? '')))) return json({ message: 'Unauthorized', code: 'UNAUTHORIZED' }, 401);
    if (request.method === 'GET') return json({ room: this.room.id, seq: this.seq, epoch: this.epoch, connections: [...this.room.getConnections()].length });
    let body: { type?: unknown; epoch?: unknown; events?: unknown; sessionIds?: unknown; all?: unknown };
    try {
      body = (await request.json()) as typeof body;
    } catch {
      return json({ message: 'Invalid JSON', code: 'BAD_REQUEST' }, 400);
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) return json({ message: 'Expected a JSON object', code: 'BAD_REQUEST' }, 400);
    if (body.type === 'sessions.ended') return json({ closed: this.closeEndedSessions(body) });
    // The database made events the API cannot number for us (a card's customer, car or salesperson changed).
    if (body.type === 'sync') {
      void this.fill();
      return json({ seq: this.seq, epoch: this.epoch });
    }
    if (body.type !== 'events' || typeof body.epoch !== 'string' || !Array.isArray(body.events)) {
      return json({ message: 'Expected numbered events', code: 'BAD_REQUEST' }, 400);
    }
    const events = body.events.filter((e): e is StoredEvent => {
      const { seq, event } = (e ?? {}) as Partial<StoredEvent>;
      return Number.isSafeInteger(seq) && seq! > 0 && !!event && typeof event === 'object' && !Array.isArray(event) && typeof event.type === 'string';
    });
    this.accept(body.epoch, events);
    return json({ seq: this.seq, epoch: this.epoch });
  }

  /** Takes numbered events: each number once, delivered in order; a gap is filled from the database. */
  private accept(epoch: string, events: StoredEvent[]) {
    if (this.epoch !== epoch) this.startOver(epoch);
    // A window after the last delivered number: the next one always fits, and nothing far ahead can fill it up.
    for (const event of events) {
      if (event.seq > this.seq && event.seq <= this.seq + MAX_PENDING) this.pending.set(event.seq, event);
    }
    const delivered: StoredEvent[] = [];
    for (let next = this.pending.get(this.seq + 1); next; next = this.pending.get(this.seq + 1)) {
      this.pending.delete(next.seq);
      this.seq = next.seq;
      this.events.push(next);
      delivered.push(next);
      this.sendEvent(next);
    }
    if (delivered.length) this.store(delivered);
    if (!this.pending.size) return;
    if (apiBase(this.room.env)) return void this.fill();
    // No API to fetch the gap from (a misconfigured room): say so, rather than wait forever or skip silently.
    this.resetTo(epoch, Math.min(...this.pending.keys()) - 1);
    this.accept(epoch, []);
  }

  /**
   * The database's counter is not the one this room counted (a rebuilt database, or numbers this room made itself
   * before the database did): forget the old numbers and tell every socket to reload the board.
   */
  private startOver(epoch: string) {
    if (this.epoch === null && this.seq === 0) {
      this.epoch = epoch;
      return this.persist(() => this.room.storage.put('epoch', epoch));
    }
    this.resetTo(epoch, 0);
  }

  /** Numbers go on from `seq` (what came before is not delivered); sockets reload the board. */
  private resetTo(epoch: string, seq: number) {
    const dropped = this.events.map((e) => eventKey(e.seq));
    this.epoch = epoch;
    this.seq = seq;
    this.events = [];
    for (const key of this.pending.keys()) if (key <= seq) this.pending.delete(key);
    for (const conn of this.room.getConnections<SocketState>()) if (conn.state) conn.setState({ ...conn.state, cursor: Math.min(conn.state.cursor, seq) });
    this.persist(async () => {
      await this.room.storage.put({ seq, epoch });
      await deleteKeys(this.room.storage, dropped);
    });
    this.send({ type: 'resync', seq });
  }

  private store(delivered: StoredEvent[]) {
    const dropped = this.events.length > KEEP_EVENTS ? this.events.splice(0, this.events.length - KEEP_EVENTS) : [];
    // The events first, then the number: a room restarted in between fetches them again rather than skipping them.
    // A value may hold 128 KiB: a larger event is kept in memory only (after a restart, older cursors resync); 60,000 characters stay under it even at 2 bytes each.
    const entries: [string, unknown][] = delivered.filter((event) => JSON.stringify(event).length < 60_000).map((event) => [eventKey(event.seq), event]);
    entries.push(['seq', this.seq], ['epoch', this.epoch]);
    this.persist(async () => {
      await putEntries(this.room.storage, entries);
      if (dropped.length) await deleteKeys(this.room.storage, dropped.map((e) => eventKey(e.seq)));
    });
  }

  private forget(connId: string) {
    this.lastHeard.delete(connId);
    this.lastPong.delete(connId);
  }

  private persist(write: () => Promise<unknown>) {
    this.writes = this.writes.then(write).catch((err) => console.error(`[board ${this.room.id}] storage: ${String(err)}`));
  }

  /** Fetches the events after the room's last from the database (one fetch at a time; asked again, once more). */
  private fill(): Promise<void> {
    if (this.filling) {
      this.fillAgain = true;
      return this.filling;
    }
    const base = apiBase(this.room.env);
    if (!base || !/^[1-9][0-9]{0,9}$/.test(this.room.id)) return Promise.resolve(); // rooms are company ids
    this.filling = (async () => {
      do {
        this.fillAgain = false;
        for (let page = 0; page < 40; page++) {
          const res = await fetch(`${base}/internal/rooms/${encodeURIComponent(this.room.id)}/events?since=${this.seq}`, {
            headers: { Authorization: `Bearer ${String(this.room.env.PARTY_SECRET ?? '')}` },
            signal: AbortSignal.timeout(API_TIMEOUT_MS),
          });
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          const feed = (await res.json()) as FeedAnswer;
          this.databaseSeq = feed.seq;
          if (feed.epoch === null) return; // no event was ever numbered
          // What it missed is no longer kept: numbers go on from the database's, and sockets reload the board.
          if (feed.resync) return this.resetTo(feed.epoch, feed.seq);
          this.accept(feed.epoch, feed.events ?? []);
          if (!feed.more) {
            // Numbers the database does not have were never real: forget them.
            for (const key of this.pending.keys()) if (key > feed.seq) this.pending.delete(key);
            break;
          }
        }
      } while (this.fillAgain);
    })()
      .catch((err) => console.warn(`[board ${this.room.id}] could not fetch missed events: ${String(err)}`))
      .finally(() => (this.filling = null));
    return this.filling;
  }

  private fillWithin(ms: number): Promise<void> {
    return Promise.race([this.fill(), new Promise<void>((resolve) => setTimeout(resolve, ms))]);
  }

  /** Closes a user's oldest sockets beyond the limit. */
  private limitSockets(userId: number) {
    const mine = [...this.room.getConnections<SocketState>()]
      .filter((c) => c.state?.ready && c.state.user.id === userId && c.readyState === 1)
      .sort((a, b) => a.state!.joinedAt - b.state!.joinedAt);
    for (const conn of mine.slice(0, Math.max(0, mine.length - MAX_SOCKETS_PER_USER))) {
      sendTo(conn, JSON.stringify({ type: 'socket.replaced' }));
      conn.close(4009, 'too many sockets');
      this.forget(conn.id);
    }
  }

  /** Every few seconds while anyone is here: silent sockets and expired tokens are closed. */
  private startChecks() {
    if (this.checker) return;
    this.lastCheck = Date.now();
    this.checker = setInterval(() => {
      const now = Date.now();
      // Late by seconds: this room was frozen (stopped, starved), and pushes may have timed out meanwhile.
      if (now - this.lastCheck > CHECK_EVERY_MS + 2000) void this.fill();
      this.lastCheck = now;
      let open = 0;
      let closed = 0;
      for (const conn of this.room.getConnections<SocketState>()) {
        if (!conn.state?.ready || conn.readyState !== 1) continue;
        if (now - (this.lastHeard.get(conn.id) ?? 0) > SILENCE_LIMIT_MS) {
          conn.close(4000, 'heartbeat timeout');
          closed++;
        } else if (conn.state.exp * 1000 <= now) {
          // Said before the close: the client reconnects with a fresh token.
          sendTo(conn, JSON.stringify({ type: 'token.expired' }));
          conn.close(4401, 'token expired');
          closed++;
        } else {
          open++;
          continue;
        }
        this.forget(conn.id);
      }
      if (closed) this.broadcastPresence();
      if (!open && this.checker) {
        clearInterval(this.checker);
        this.checker = null;
      }
    }, CHECK_EVERY_MS);
  }

  /** Closes the sockets of sessions that ended, and remembers them (not a board event: never numbered or kept). */
  private closeEndedSessions(ended: { sessionIds?: unknown; all?: unknown }): number {
    const now = Date.now();
    for (const [id, at] of this.ended) if (now - at > REMEMBER_ENDED_MS) this.ended.delete(id);
    if (ended.all === true) this.companyEndedAt = now;
    const ids = Array.isArray(ended.sessionIds) ? ended.sessionIds.filter((id): id is string => typeof id === 'string').slice(0, 1000) : [];
    for (const id of ids) this.ended.set(id, now);
    let closed = 0;
    for (const conn of this.room.getConnections<SocketState>()) {
      if (conn.state && this.hasEnded(conn.state.sessionId)) {
        this.closeEnded(conn);
        closed++;
      }
    }
    if (closed) this.broadcastPresence();
    return closed;
  }

  private hasEnded(sessionId: string): boolean {
    return this.ended.has(sessionId) || Date.now() - this.companyEndedAt < REMEMBER_ENDED_MS;
  }

  private closeEnded(conn: Party.Connection) {
    // Said before the close frame: a client would otherwise see only a drop, and retry with the same token.
    sendTo(conn, JSON.stringify({ type: 'session.ended' }));
    conn.close(4001, 'session ended');
  }

  private sendEvent(event: StoredEvent) {
    const text = JSON.stringify({ type: 'event', ...event });
    for (const conn of this.room.getConnections<SocketState>()) {
      const state = conn.state; // read once: it is deserialised on every read
      if (state?.ready && event.seq > state.cursor) sendTo(conn, text);
    }
  }

  private send(message: Record<string, unknown>, except?: string) {
    const text = JSON.stringify(message);
    for (const conn of this.room.getConnections<SocketState>()) {
      if (conn.id !== except && conn.state?.ready) sendTo(conn, text);
    }
  }

  /** Presence goes out at most every 100 ms: a burst of joins and leaves is one message. */
  private broadcastPresence() {
    if (this.presenceTimer) return;
    this.presenceTimer = setTimeout(() => {
      this.presenceTimer = null;
      this.sendPresence();
    }, 100);
  }

  private sendPresence() {
    const users = new Map<number, User>();
    for (const conn of this.room.getConnections<SocketState>()) {
      if (conn.state?.ready && conn.readyState === 1) users.set(conn.state.user.id, conn.state.user);
    }
    this.send({ type: 'presence', users: [...users.values()] });
  }
}

BoardRoom satisfies Party.Worker;
