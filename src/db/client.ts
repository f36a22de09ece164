// The one database path, production's: @neondatabase/serverless. In dev and tests the same driver is pointed
// at the loopback Neon gateway (scripts/neon-gateway.ts) in front of a real PostgreSQL.
import { neon, neonConfig, NeonQueryPromise, Pool, type NeonQueryFunction } from '@neondatabase/serverless';
import { drizzle as drizzleHttp } from 'drizzle-orm/neon-http';
import { drizzle as drizzleWs, type NeonDatabase } from 'drizzle-orm/neon-serverless';
import * as schema from './schema';

export type Database = ReturnType<typeof createDb>;
export type TransactionDatabase = NeonDatabase<typeof schema>;

export interface DatabaseSettings {
  databaseUrl: string;
  /** Base URL of the local Neon gateway; unset in production. */
  localGateway?: string;
}

/** A signed-in caller's session: every statement of theirs runs only while it is live. */
export interface SessionGuard {
  sessionId: string;
  userId: number;
}

/** The database of a validated configuration (the request handler and the Cron job share this). */
export function databaseFor(config: { DATABASE_URL: string; NEON_LOCAL_GATEWAY?: string }, session?: SessionGuard) {
  return createDb({ databaseUrl: config.DATABASE_URL, localGateway: config.NEON_LOCAL_GATEWAY }, session);
}

let configuredGateway: string | undefined;

/** Routes the driver's HTTP and WebSocket traffic through the local gateway instead of Neon's proxy. */
function useLocalGateway(gateway: string | undefined) {
  if (!gateway || gateway === configuredGateway) return;
  const base = new URL(gateway);
  const prefix = base.pathname.replace(/\/$/, ''); // the gateway's per-run secret
  neonConfig.fetchEndpoint = `${base.origin}${prefix}/sql`;
  neonConfig.wsProxy = (host, port) => `${base.host}${prefix}/v2?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = base.protocol === 'https:';
  // Plain PostgreSQL speaks neither Neon's TLS pipelining nor its password pipelining.
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
  neonConfig.coalesceWrites = false;
  configuredGateway = gateway;
}

/**
 * Drizzle over Neon's HTTP driver: no connection setup, one round trip per query, and `db.batch([...])`
 * runs several statements atomically in one round trip. Use this for everything you can.
 */
export function createDb(settings: DatabaseSettings, session?: SessionGuard) {
  useLocalGateway(settings.localGateway);
  const client = neon(settings.databaseUrl);
  return drizzleHttp({ client: session ? sessionGuarded(client, session) : client, schema });
}

type HttpClient = NeonQueryFunction<false, false>;

/**
 * The driver with the session check riding along: every query becomes a transaction of [check, query] and every
 * batch gains the check as its first statement, so it costs no round trip of its own. The check raises (SQLSTATE
 * CM401, answered 401) when the session has ended, and the transaction takes the request's writes with it.
 */
function sessionGuarded(client: HttpClient, session: SessionGuard): HttpClient {
  const check = () => client.query('select carmate_require_session($1, $2)', [session.sessionId, session.userId]);
  const query = (text: string, params?: unknown[], opts?: Parameters<HttpClient['query']>[2]) =>
    new NeonQueryPromise(
      async (data, queryOpts) => {
        const { query: sql, params: values } = data as { query: string; params: unknown[] };
        const [, result] = await client.transaction([check(), client.query(sql, values, queryOpts as never)]);
        return result;
      },
      { query: text, params: params ?? [] },
      opts,
    );
  const transaction = (async (queries: NeonQueryPromise<false, false>[], opts?: Parameters<HttpClient['transaction']>[1]) =>
    (await client.transaction([check(), ...queries], opts)).slice(1)) as HttpClient['transaction'];
  return Object.assign(
    () => {
      throw new Error('use query(): the session-checked client takes no tagged templates');
    },
    { query, transaction, unsafe: client.unsafe },
  ) as unknown as HttpClient;
}

/**
 * An interactive transaction over a WebSocket `Pool`, for the rare write whose later statements depend on
 * earlier results in ways a batch cannot express. The connection lives only for this call: Workers cannot
 * reuse a socket across requests.
 */
export async function withTransaction<T>(
  settings: DatabaseSettings,
  work: (tx: Parameters<Parameters<TransactionDatabase['transaction']>[0]>[0]) => Promise<T>,
): Promise<T> {
  useLocalGateway(settings.localGateway);
  const pool = new Pool({ connectionString: settings.databaseUrl, max: 1 });
  try {
    const db = drizzleWs({ client: pool, schema });
    return await db.transaction(work);
  } finally {
    await pool.end();
  }
}
