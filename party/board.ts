import { errors as joseErrors, jwtVerify } from 'jose';
import type * as Party from 'partykit/server';

/**
 * One room per company: the live contract board. The API tells the room what changed (HTTP, shared secret); the
 * room numbers each event, keeps the last 500, and tells every signed-in colleague. Clients that reconnect with
 * `?since=N` get what they missed, in order, before anything live; presence and hints are relayed, never stored.
 */

type User = { id: number; name: string };
type SocketState = { user: User; sessionId: string; ready: boolean; hints: number[] };
type Joining = User & { sessionId: string };
/** What clients receive for each change: `{type: 'event', seq, event}`, `event.type` saying what changed. */
type StoredEvent = { seq: number; event: Record<string, unknown> };

const KEEP_EVENTS = 500;
/** How long an ended session stays refused here: long enough for a socket that was joining as it ended. */
const REMEMBER_ENDED_MS = 60_000;
const HINTS_PER_SECOND = 10;
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
  return payload as { sub: string; cid: number; sid: string; name?: string };
}

/**
 * Whether the token's session is still live, asked of the API (its database is the truth): a token of a session
 * that ended (sign-out, password change, deletion, role change) must not open a socket even before it expires.
 */
async function sessionState(token: string, env: Record<string, unknown>): Promise<'live' | 'ended' | 'unknown'> {
  if (!env.API_URL) return 'live'; // no API configured: the signature and expiry are all there is to check
  try {
    const res = await fetch(`${String(env.API_URL).replace(/\/$/, '')}/auth/session`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(3000),
    });
    return res.status === 204 ? 'live' : res.status === 401 ? 'ended' : 'unknown';
  } catch {
    return 'unknown';
  }
}

export default class BoardRoom implements Party.Server {
  readonly options: Party.ServerOptions = { hibernate: true };
  private seq = 0;
  private events: StoredEvent[] = [];
  /** Sessions ended lately (id → when), and when the whole company went, if it did. */
  private ended = new Map<string, number>();
  private companyEndedAt = 0;

  constructor(readonly room: Party.Room) {}

  /** Before the upgrade: a valid access token of this room's company, or no socket at all. */
  static async onBeforeConnect(request: Party.Request, lobby: Party.Lobby): Promise<Party.Request | Response> {
    const token = new URL(request.url).searchParams.get('token') ?? '';
    if (!lobby.env.JWT_SECRET) return json({ message: 'The live board is not configured', code: 'SERVICE_MISCONFIGURED' }, 503);
    try {
      const claims = await verify(token, lobby.env);
      if (String(claims.cid) !== lobby.id) return json({ message: 'Not this company’s board', code: 'FORBIDDEN' }, 403);
      const state = await sessionState(token, lobby.env);
      if (state === 'ended') return json({ message: 'The session has ended; sign in again', code: 'UNAUTHORIZED' }, 401);
      if (state === 'unknown') return json({ message: 'The session could not be checked; try again shortly', code: 'SERVICE_UNAVAILABLE' }, 503);
      const joining: Joining = { id: Number(claims.sub), name: claims.name ?? `#${claims.sub}`, sessionId: String(claims.sid) };
      request.headers.set('X-Carmate-User', JSON.stringify(joining));
      return request;
    } catch (err) {
      const message = err instanceof joseErrors.JWTExpired ? 'The access token expired' : 'A valid access token is required';
      return json({ message, code: 'UNAUTHORIZED' }, 401);
    }
  }

  async onStart() {
    this.seq = (await this.room.storage.get<number>('seq')) ?? 0;
    const stored = await this.room.storage.list<StoredEvent>({ prefix: 'e:' });
    this.events = [...stored.values()].sort((a, b) => a.seq - b.seq);
  }

  onConnect(conn: Party.Connection<SocketState>, ctx: Party.ConnectionContext) {
    const joining = JSON.parse(ctx.request.headers.get('X-Carmate-User') ?? 'null') as Joining | null;
    if (!joining) return conn.close(4401, 'unauthenticated');
    const { sessionId, ...user } = joining;
    // Its session may have ended after the API vouched for it and before this socket joined.
    if (this.hasEnded(sessionId)) return this.closeEnded(conn);
    const sinceParam = new URL(ctx.request.url).searchParams.get('since');
    // Catch-up and "ready" happen with no await in between, so no live event can slip past this socket.
    if (sinceParam !== null) {
      const since = Number(sinceParam);
      const oldest = this.events[0]?.seq ?? this.seq + 1;
      if (!Number.isInteger(since) || since < 0 || since > this.seq || since < oldest - 1) {
        conn.send(JSON.stringify({ type: 'resync', seq: this.seq }));
      } else {
        for (const event of this.events) if (event.seq > since) conn.send(JSON.stringify({ type: 'event', ...event }));
      }
    }
    conn.setState({ user, sessionId, ready: true, hints: [] });
    conn.send(JSON.stringify({ type: 'ready', seq: this.seq }));
    this.broadcastPresence();
  }

  onMessage(message: string | ArrayBuffer | ArrayBufferView, sender: Party.Connection<SocketState>) {
    const state = sender.state;
    if (!state?.ready || typeof message !== 'string' || message.length > 512) return;
    let hint: { type?: unknown; contractId?: unknown };
    try {
      hint = JSON.parse(message);
    } catch {
      return;
    }
    if ((hint.type !== 'viewing' && hint.type !== 'dragging') || !(Number.isInteger(hint.contractId) || hint.contractId === null)) return;
    const now = Date.now();
    const recent = state.hints.filter((at) => now - at < 1000);
    if (recent.length >= HINTS_PER_SECOND) return; // rate limit: excess hints are dropped
    sender.setState({ ...state, hints: [...recent, now] });
    this.send({ type: 'hint', action: hint.type, contractId: hint.contractId, user: state.user }, sender.id);
  }

  onClose(conn: Party.Connection) {
    conn.close(); // answer the client's close at once
    this.broadcastPresence();
  }

  onError(conn: Party.Connection) {
    conn.close();
    this.broadcastPresence();
  }

  /** The API reporting a change: numbered, kept, then sent to every signed-in socket. */
  async onRequest(request: Party.Request): Promise<Response> {
    if (request.method === 'GET') return json({ room: this.room.id, seq: this.seq, connections: [...this.room.getConnections()].length });
    if (request.method !== 'POST') return json({ message: 'Method not allowed', code: 'METHOD_NOT_ALLOWED' }, 405);
    const secret = String(this.room.env.PARTY_SECRET ?? '');
    if (!secret || request.headers.get('Authorization') !== `Bearer ${secret}`) return json({ message: 'Unauthorized', code: 'UNAUTHORIZED' }, 401);
    let body: Record<string, unknown>;
    try {
      body = (await request.json()) as Record<string, unknown>;
    } catch {
      return json({ message: 'Invalid JSON', code: 'BAD_REQUEST' }, 400);
    }
    if (typeof body.type !== 'string') return json({ message: 'An event needs a type', code: 'BAD_REQUEST' }, 400);
    if (body.type === 'sessions.ended') return json({ closed: this.closeEndedSessions(body) });
    const event: StoredEvent = { seq: ++this.seq, event: body };
    // Stored before anyone hears of it: a number is never reused after a restart. Sockets that connect meanwhile
    // get it live (it is not in the catch-up list yet), so nobody gets it twice.
    await this.room.storage.put({ seq: event.seq, [eventKey(event.seq)]: event });
    this.events.push(event);
    const dropped = this.events.length > KEEP_EVENTS ? this.events.splice(0, this.events.length - KEEP_EVENTS) : [];
    this.send({ type: 'event', ...event });
    if (dropped.length) await this.room.storage.delete(dropped.map((e) => eventKey(e.seq)));
    return json({ seq: event.seq });
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
    conn.send(JSON.stringify({ type: 'session.ended' }));
    conn.close(4001, 'session ended');
  }

  private send(message: Record<string, unknown>, except?: string) {
    const text = JSON.stringify(message);
    for (const conn of this.room.getConnections<SocketState>()) {
      if (conn.id !== except && conn.state?.ready) conn.send(text);
    }
  }

  private broadcastPresence() {
    const users = new Map<number, User>();
    for (const conn of this.room.getConnections<SocketState>()) {
      if (conn.state?.ready && conn.readyState === 1) users.set(conn.state.user.id, conn.state.user);
    }
    this.send({ type: 'presence', users: [...users.values()] });
  }
}

BoardRoom satisfies Party.Worker;
