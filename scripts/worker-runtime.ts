// The Worker bundle on workerd (Miniflare), serving real HTTP on loopback: for the tests and the benchmarks.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { devSecrets } from './dev-secrets';

/** Builds the exact bundle `wrangler deploy` would upload into `outDir`; returns the script path. */
export function buildWorkerBundle(outDir: string): string {
  execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outDir], {
    stdio: 'pipe',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  return join(outDir, 'index.js');
}

export interface RunningWorker {
  url: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Fires the Cron Trigger the way Cloudflare would, at `time`. */
  scheduled(options?: { cron?: string; time?: Date }): Promise<void>;
  /** The Worker's local R2 bucket, to check what is (not) stored. */
  files(): Promise<R2Bucket>;
  close(): Promise<void>;
}

export interface WorkerOptions {
  scriptPath: string;
  gatewayUrl: string;
  databaseUrl: string;
  /** Overrides for bindings; `undefined` removes one (to test missing configuration). */
  bindings?: Record<string, string | undefined>;
  /** A loopback port to serve on (the live-board room must know the API's address before it starts); else any. */
  port?: number;
}

/** Boots the bundle configured from wrangler.toml ([vars], R2, compatibility), plus local secrets and overrides. */
export async function startWorkerRuntime({ scriptPath, gatewayUrl, databaseUrl, bindings = {}, port = 0 }: WorkerOptions): Promise<RunningWorker> {
  const { workerOptions } = unstable_getMiniflareWorkerOptions('wrangler.toml');
  const merged: Record<string, string | undefined> = {
    ...(workerOptions.bindings as Record<string, string>),
    ...devSecrets(),
    APP_ENV: 'test',
    DATABASE_URL: databaseUrl,
    NEON_LOCAL_GATEWAY: gatewayUrl,
    ...bindings,
  };
  const mf = new Miniflare({
    modules: true,
    scriptPath,
    // The bundle lives in a temp dir; module names are resolved relative to this root.
    modulesRoot: dirname(scriptPath),
    // wrangler.toml's [[rules]]: the bundle imports the API reference UI as text.
    modulesRules: workerOptions.modulesRules,
    compatibilityDate: workerOptions.compatibilityDate,
    compatibilityFlags: workerOptions.compatibilityFlags,
    r2Buckets: workerOptions.r2Buckets,
    bindings: Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined)) as Record<string, string>,
    host: '127.0.0.1',
    port,
    unsafeTriggerHandlers: true,
  });
  const url = (await mf.ready).toString().replace(/\/$/, '');
  return {
    url,
    fetch: (path, init) => fetch(`${url}${path}`, init),
    async scheduled({ cron = '*/5 * * * *', time = new Date() } = {}) {
      const res = await fetch(`${url}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(cron)}&time=${time.getTime()}`);
      if (!res.ok) throw new Error(`scheduled handler failed: HTTP ${res.status} ${await res.text()}`);
    },
    files: () => mf.getR2Bucket('FILES') as unknown as Promise<R2Bucket>,
    close: () => mf.dispose(),
  };
}
