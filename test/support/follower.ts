// A board client that keeps following whatever happens to its socket, as the board page does: it reconnects (with
// a fresh attempt every few hundred ms while the room is away) carrying `since` = the last number it has, pings
// every 10 s, and records every numbered event it receives, duplicates included, so a test can check it saw each
// number exactly once and in order.
import WebSocket from 'ws';

export interface Follower {
  /** Every event number received, in arrival order (a duplicate or a reordering shows here). */
  seqs: number[];
  events: { seq: number; event: Record<string, unknown> }[];
  resyncs: number;
  connects: number;
  /** The highest number received. */
  last(): number;
  /** Resolves when `seq` has been received, or rejects at the deadline. */
  reached(seq: number, deadline: number): Promise<number>;
  stop(): Promise<void>;
}

export function follow(wsUrl: string, companyId: number, token: string, since: number, options: { reconnectEveryMs?: number } = {}): Follower {
  let stopped = false;
  let last = since;
  let socket: WebSocket | undefined;
  const follower: Follower = {
    seqs: [],
    events: [],
    resyncs: 0,
    connects: 0,
    last: () => last,
    async reached(seq, deadline) {
      while (last < seq) {
        if (Date.now() > deadline) throw new Error(`reached ${last} of ${seq} (${follower.connects} connects)`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return Date.now();
    },
    async stop() {
      stopped = true;
      socket?.terminate();
    },
  };

  const connect = () => {
    if (stopped) return;
    const ws = new WebSocket(`${wsUrl}/parties/main/${companyId}?${new URLSearchParams({ token, since: String(last) })}`);
    socket = ws;
    let ready = false;
    // A room that is frozen never answers the upgrade: give up on this attempt and try again.
    const giveUp = setTimeout(() => !ready && ws.terminate(), 2000);
    const pinger = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send('{"type":"ping"}'), 10_000);
    const cycle = options.reconnectEveryMs ? setInterval(() => ws.readyState === WebSocket.OPEN && ws.close(), options.reconnectEveryMs) : undefined;
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; seq?: number; event?: Record<string, unknown> };
      if (message.type === 'ready') {
        ready = true;
        follower.connects++;
      }
      if (message.type === 'resync') follower.resyncs++;
      if (message.type === 'event') {
        follower.seqs.push(message.seq!);
        follower.events.push({ seq: message.seq!, event: message.event! });
        last = Math.max(last, message.seq!);
      }
    });
    ws.on('error', () => {});
    ws.on('close', () => {
      clearTimeout(giveUp);
      clearInterval(pinger);
      if (cycle) clearInterval(cycle);
      if (!stopped) setTimeout(connect, 200);
    });
  };
  connect();
  return follower;
}
