// Write → delivery on the live board: a contract move over the API, until each of 50 connected clients has it.
import WebSocket from 'ws';
import type { LocalStack } from '../local-stack';
import { freePort } from '../local-postgres';
import { startPartyKit } from '../partykit-runtime';
import { startWorkerRuntime } from '../worker-runtime';
import { fillBoard } from './board-fixture';
import { ms, percentile } from './measure';
import { benchColleagues, benchTenant } from './tenant';

export async function benchLiveBoard(stack: LocalStack, { clients = 50, moves = 100 } = {}): Promise<string> {
  // As `npm run dev` runs them: the room checks sessions with the API and fetches from it what it missed.
  const apiPort = await freePort();
  const party = await startPartyKit({ API_URL: `http://127.0.0.1:${apiPort}` });
  const databaseUrl = await stack.createDatabase(`bench_live_${clients}`);
  const worker = await startWorkerRuntime({ scriptPath: stack.workerScript, gatewayUrl: stack.gateway.url, databaseUrl, bindings: { PARTYKIT_URL: party.url }, port: apiPort });
  const tenant = await benchTenant(databaseUrl, worker, 'LIVE');
  const sockets: WebSocket[] = [];
  // Clients ping every 10 s as the board page does (the room closes sockets silent for 25 s), each on its own
  // clock as real browsers are: a tenth of a second's worth of them at a time, not all at once.
  let pinged = 0;
  const pinger = setInterval(() => {
    const share = Math.ceil(sockets.length / 100);
    for (let i = 0; i < share && sockets.length; i++) {
      const ws = sockets[pinged++ % sockets.length]!;
      if (ws.readyState === WebSocket.OPEN) ws.send('{"type":"ping"}');
    }
  }, process.env.BENCH_NO_PING ? 1e9 : 100);
  try {
    await fillBoard(tenant.query, tenant.companyId, tenant.userId, 20);
    const { rows } = (await tenant.query(`select id from contracts where company_id = $1 and status = 'carInspection' limit 1`, [tenant.companyId])) as { rows: { id: number }[] };
    const contractId = rows[0]!.id;
    const tokens = await benchColleagues(tenant, clients);
    const arrivals = new Map<number, number[]>(); // seq → arrival times
    const join = (token: string) => new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(`${party.wsUrl}/parties/main/${tenant.companyId}?token=${token}`);
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as { type: string; seq?: number };
        if (message.type === 'ready') {
          sockets.push(ws);
          resolve();
        }
        if (message.type === 'event') arrivals.set(message.seq!, [...(arrivals.get(message.seq!) ?? []), performance.now()]);
      });
      ws.once('error', reject);
    });
    // As partysocket does: a join refused for now (503: the room could not check the session in time) is tried again.
    const joinRetrying = async (token: string) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await join(token);
        } catch (err) {
          if (attempt >= 10) throw err;
          await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
        }
      }
    };
    // Twenty-five at a time: each join asks the API whether its session is live.
    for (let at = 0; at < tokens.length; at += 25) await Promise.all(tokens.slice(at, at + 25).map(joinRetrying));
    const latencies: number[] = [];
    for (let i = 0; i < moves; i++) {
      const started = performance.now();
      const res = await worker.fetch(`/contracts/${contractId}`, {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${tenant.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ status: i % 2 ? 'carInspection' : 'priceNegotiation' }),
      });
      if (!res.ok) throw new Error(`move failed: HTTP ${res.status}`);
      const seq = Number(res.headers.get('X-Board-Seq')); // the write's own event number
      const deadline = Date.now() + 5000;
      while ((arrivals.get(seq)?.length ?? 0) < clients) {
        if (Date.now() > deadline) throw new Error(`event ${seq} reached ${arrivals.get(seq)?.length ?? 0} of ${clients} clients`);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      for (const at of arrivals.get(seq)!) latencies.push(at - started);
    }
    latencies.sort((a, b) => a - b);
    return [
      `## Live board (a move over the API → ${clients} connected colleagues, one socket each, ${moves} moves)`,
      '',
      '| figure | value |',
      '| --- | --- |',
      `| write → delivery, p50 | ${ms(percentile(latencies, 50))} |`,
      `| write → delivery, p99 | ${ms(percentile(latencies, 99))} |`,
      `| deliveries measured | ${latencies.length} (every client got every event) |`,
      '',
      'Measured from sending the PATCH to each client receiving the numbered event: the API write (the change and its',
      'numbered event in one transaction), the response, the after-response POST to the room (`partykit dev`), and the',
      'room’s fan-out, all on this machine.',
    ].join('\n');
  } finally {
    clearInterval(pinger);
    for (const ws of sockets) ws.close();
    await tenant.close();
    await worker.close();
    await party.stop();
  }
}
