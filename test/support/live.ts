// A live-board client as a browser holds one: a WebSocket to the company's room, collecting what arrives.
import WebSocket from 'ws';

export type LiveMessage = { type: string; seq?: number; [key: string]: unknown };

export interface LiveClient {
  messages: LiveMessage[];
  events(): LiveMessage[];
  waitFor(predicate: (m: LiveMessage) => boolean, timeoutMs?: number): Promise<LiveMessage>;
  send(message: unknown): void;
  close(): Promise<void>;
  /** Resolves when the socket is fully closed, with its close code (the TCP end can lag the close frame by seconds). */
  closed: Promise<{ code: number; reason: string }>;
  /** Whether the room has closed the socket (its close frame arrived) within `timeoutMs`. */
  closedByRoomWithin(timeoutMs: number): Promise<boolean>;
}

/**
 * `heartbeat: false` is a client that froze (its TCP stays open, it says nothing); others ping every 10 s as the
 * board page does, or the room closes them after 25 s of silence.
 */
export function connectLive(wsUrl: string, companyId: number, token: string, since?: number, options: { heartbeat?: boolean } = {}): Promise<LiveClient> {
  const query = new URLSearchParams({ token, ...(since === undefined ? {} : { since: String(since) }) });
  const ws = new WebSocket(`${wsUrl}/parties/main/${companyId}?${query}`);
  const messages: LiveMessage[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  if (options.heartbeat !== false) {
    const pinger = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send('{"type":"ping"}'), 10_000).unref();
    void closed.finally(() => clearInterval(pinger));
  }
  const waiters: { predicate: (m: LiveMessage) => boolean; resolve: (m: LiveMessage) => void }[] = [];
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as LiveMessage;
    if (message.type === 'pong') return;
    messages.push(message);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(message)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  });
  const client: LiveClient = {
    messages,
    closed,
    events: () => messages.filter((m) => m.type === 'event'),
    waitFor(predicate, timeoutMs = 3000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { predicate, resolve };
        waiters.push(waiter);
        setTimeout(() => {
          const at = waiters.indexOf(waiter);
          if (at >= 0) {
            waiters.splice(at, 1);
            reject(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(messages).slice(0, 500)}`));
          }
        }, timeoutMs);
      });
    },
    send: (message) => ws.send(JSON.stringify(message)),
    async closedByRoomWithin(timeoutMs) {
      // ws marks CLOSING as soon as the room's close frame arrives; its 'close' event waits for the TCP end.
      for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
        if (ws.readyState !== WebSocket.OPEN) return true;
      }
      return ws.readyState !== WebSocket.OPEN;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        ws.once('close', () => resolve());
        ws.close();
      }),
  };
  return new Promise((resolve, reject) => {
    ws.once('open', async () => {
      try {
        const first = await client.waitFor((m) => m.type === 'ready' || m.type === 'session.ended');
        // The room closing the socket before it is ready (its session just ended) is a refusal too.
        if (first.type === 'session.ended') reject(Object.assign(new Error('closed by the room: session ended'), { closedBeforeReady: true, messages }));
        else resolve(client);
      } catch (err) {
        reject(err);
      }
    });
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`upgrade refused: HTTP ${res.statusCode}`), { status: res.statusCode })));

    ws.once('error', (err) => reject(err));
  });
}
