// Local stand-in for Neon's edge proxy, so the Worker uses @neondatabase/serverless unchanged against a
// plain PostgreSQL. Neon publishes this only as a Docker image; this is dev/test tooling, loopback only.
// Every path sits under a random per-run secret (`url` carries it; NEON_LOCAL_GATEWAY is that url):
//   POST /<secret>/sql          Neon's SQL-over-HTTP (`neon()`, drizzle neon-http, `db.batch`)
//   GET  /<secret>/v2?address=  WebSocket→TCP pipe (`Pool`/`Client`, drizzle neon-serverless)
//   GET  /<secret>/stats        request counters: round trips are counted here, not guessed
// It runs SQL as a superuser for whoever reaches it, so it also refuses what a web page could send it by DNS
// rebinding: any Host but its own loopback address, and any browser Origin. Its errors name nothing internal.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import pg from 'pg';
import { WebSocketServer, type WebSocket } from 'ws';

export interface GatewayStats {
  /** HTTP requests to /sql: each one is one database round trip for the Worker. */
  httpRequests: number;
  /** Statements run over HTTP (a batch counts each statement). */
  httpStatements: number;
  httpBatches: number;
  wsConnections: number;
  /** Messages the WebSocket clients sent (a pipelined query is usually one). */
  wsMessages: number;
}

export interface NeonGateway {
  port: number;
  /** Base URL with the run's secret, e.g. http://127.0.0.1:54321/Yk3…; the driver's endpoints sit under it. */
  url: string;
  stats(): GatewayStats;
  resetStats(): void;
  close(): Promise<void>;
}

export interface NeonGatewayOptions {
  /** The one PostgreSQL server connections may reach. */
  postgres: { host: string; port: number };
  port?: number;
  /** Reuse a stopped gateway's secret (fault tests restart one where a Worker already points); else a new one. */
  secret?: string;
}

// Values reach the driver as PostgreSQL's text output, exactly as Neon sends them: the driver parses types.
const rawText = { getTypeParser: () => (value: string) => value };
const ISOLATION_LEVELS = new Set(['ReadUncommitted', 'ReadCommitted', 'RepeatableRead', 'Serializable']);
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const PG_ERROR_FIELDS = [
  'severity', 'code', 'detail', 'hint', 'position', 'internalPosition', 'internalQuery', 'where',
  'schema', 'table', 'column', 'dataType', 'constraint', 'file', 'line', 'routine',
] as const;

class GatewayError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

type SqlQuery = { query: string; params?: unknown[] };

export async function startNeonGateway(options: NeonGatewayOptions): Promise<NeonGateway> {
  const target = options.postgres;
  const pools = new Map<string, pg.Pool>();
  const counters: GatewayStats = { httpRequests: 0, httpStatements: 0, httpBatches: 0, wsConnections: 0, wsMessages: 0 };
  const sockets = new Set<Socket>();

  function poolFor(connectionString: string | undefined): pg.Pool {
    if (!connectionString) throw new GatewayError(400, 'missing Neon-Connection-String header');
    let url: URL;
    try {
      url = new URL(connectionString);
    } catch {
      throw new GatewayError(400, 'invalid Neon-Connection-String header');
    }
    const port = Number(url.port || 5432);
    if (!LOOPBACK.has(url.hostname) || port !== target.port) {
      throw new GatewayError(403, 'this gateway only reaches its own PostgreSQL');
    }
    const database = decodeURIComponent(url.pathname.slice(1));
    // One pool per exact credentials: keyed by user and database only, a wrong password would ride on a pool
    // opened with the right one.
    const key = JSON.stringify([url.username, url.password, database]);
    let pool = pools.get(key);
    if (!pool) {
      pool = new pg.Pool({
        host: target.host,
        port: target.port,
        user: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
        database,
        max: 20,
        idleTimeoutMillis: 5_000,
        connectionTimeoutMillis: 5_000,
      });
      pool.on('error', () => {}); // an idle client dying (server restart) must not crash the gateway
      pools.set(key, pool);
    }
    return pool;
  }

  async function run(client: pg.PoolClient, { query, params = [] }: SqlQuery) {
    const result = await client.query({ text: query, values: params, rowMode: 'array', types: rawText });
    return {
      command: result.command,
      rowCount: result.rowCount,
      rows: result.rows,
      fields: result.fields.map((f) => ({
        name: f.name,
        dataTypeID: f.dataTypeID,
        tableID: f.tableID,
        columnID: f.columnID,
        dataTypeSize: f.dataTypeSize,
        dataTypeModifier: f.dataTypeModifier,
        format: f.format,
      })),
      rowAsArray: true,
    };
  }

  function beginStatement(req: IncomingMessage): string {
    const level = req.headers['neon-batch-isolation-level'];
    const parts = ['BEGIN'];
    if (typeof level === 'string') {
      if (!ISOLATION_LEVELS.has(level)) throw new GatewayError(400, `unknown isolation level ${level}`);
      parts.push('ISOLATION LEVEL', level.replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase());
    }
    if (req.headers['neon-batch-read-only'] === 'true') parts.push('READ ONLY');
    if (req.headers['neon-batch-deferrable'] === 'true') parts.push('DEFERRABLE');
    return parts.join(' ');
  }

  async function handleSql(req: IncomingMessage, res: ServerResponse) {
    const body = JSON.parse(await readBody(req)) as SqlQuery | { queries: SqlQuery[] };
    const pool = poolFor(req.headers['neon-connection-string'] as string | undefined);
    counters.httpRequests++;
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      throw new GatewayError(502, 'could not connect to PostgreSQL');
    }
    try {
      if ('queries' in body) {
        counters.httpBatches++;
        counters.httpStatements += body.queries.length;
        // A batch is one transaction: all statements commit, or none does.
        await client.query(beginStatement(req));
        try {
          const results = [];
          for (const q of body.queries) results.push(await run(client, q));
          await client.query('COMMIT');
          return sendJson(res, 200, { results });
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {});
          throw err;
        }
      }
      counters.httpStatements++;
      return sendJson(res, 200, await run(client, body));
    } finally {
      client.release();
    }
  }

  const secret = options.secret ?? randomBytes(24).toString('base64url');
  let port = 0;
  /** The request's path below the secret, or undefined when it is not for us (wrong secret, Host or an Origin). */
  function ownPath(req: IncomingMessage): string | undefined {
    if (req.headers.origin !== undefined) return undefined; // browsers send one; the Worker and the tests do not
    if (req.headers.host !== `127.0.0.1:${port}` && req.headers.host !== `localhost:${port}`) return undefined;
    const path = new URL(req.url ?? '/', 'http://gateway').pathname;
    return path.startsWith(`/${secret}/`) ? path.slice(secret.length + 1) : undefined;
  }

  const server = createServer((req, res) => {
    const path = ownPath(req);
    const handle = async () => {
      if (path === undefined) throw new GatewayError(403, 'forbidden');
      if (req.method === 'POST' && path === '/sql') return handleSql(req, res);
      if (req.method === 'GET' && path === '/stats') return sendJson(res, 200, counters);
      throw new GatewayError(404, 'not found');
    };
    handle().catch((err: unknown) => {
      if (err instanceof GatewayError) return sendJson(res, err.status, { message: err.message });
      if (err instanceof SyntaxError) return sendJson(res, 400, { message: 'invalid JSON body' });
      // A PostgreSQL error: answer as Neon does (HTTP 400 with the server's fields) so codes reach the caller.
      const pgError = err as Record<string, unknown> & Error;
      const payload: Record<string, unknown> = { message: pgError.message };
      for (const field of PG_ERROR_FIELDS) if (pgError[field] !== undefined) payload[field] = pgError[field];
      sendJson(res, pgError.code ? 400 : 502, payload);
    });
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    const [host, pgPort] = (url.searchParams.get('address') ?? '').split(':');
    if (ownPath(req) !== '/v2' || !host || !LOOPBACK.has(host) || Number(pgPort) !== target.port) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => pipeToPostgres(ws));
  });

  function pipeToPostgres(ws: WebSocket) {
    counters.wsConnections++;
    const tcp = connect(target.port, target.host);
    sockets.add(tcp);
    tcp.setNoDelay(true);
    const pending: Buffer[] = [];
    tcp.on('connect', () => {
      for (const chunk of pending.splice(0)) tcp.write(chunk);
    });
    ws.on('message', (data: Buffer) => {
      counters.wsMessages++;
      if (tcp.connecting) pending.push(data);
      else if (!tcp.destroyed) tcp.write(data);
      // Terminate ('X', length 4): half-close so PostgreSQL ends the session and `pool.end()` never hangs.
      if (data.length >= 5 && data[data.length - 5] === 0x58 && data.readInt32BE(data.length - 4) === 4) tcp.end();
    });
    tcp.on('data', (chunk) => ws.readyState === ws.OPEN && ws.send(chunk));
    tcp.on('close', () => {
      sockets.delete(tcp);
      ws.close();
    });
    tcp.on('error', () => ws.close());
    ws.on('close', () => tcp.end());
    ws.on('error', () => tcp.destroy());
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: this endpoint runs SQL for anyone who can reach it.
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    url: `http://127.0.0.1:${port}/${secret}`,
    stats: () => ({ ...counters }),
    resetStats: () => {
      for (const key of Object.keys(counters) as (keyof GatewayStats)[]) counters[key] = 0;
    },
    close: async () => {
      for (const client of wss.clients) client.terminate();
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...pools.values()].map((pool) => pool.end()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
