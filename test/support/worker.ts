import { Miniflare } from 'miniflare';
import { dirname } from 'node:path';
import { inject } from 'vitest';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { devSecrets } from '../../scripts/dev-secrets';

export interface TestWorker {
  url: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Fires the Cron Trigger the way Cloudflare would, at `time`. */
  scheduled(options?: { cron?: string; time?: Date }): Promise<void>;
  close(): Promise<void>;
}

export interface StartWorkerOptions {
  databaseUrl: string;
  /** Overrides for bindings; `undefined` removes one (to test missing configuration). */
  bindings?: Record<string, string | undefined>;
}

/** The real Worker bundle on workerd, serving HTTP on a loopback port, configured from wrangler.toml. */
export async function startWorker({ databaseUrl, bindings = {} }: StartWorkerOptions): Promise<TestWorker> {
  const { workerScript, gatewayUrl } = inject('harness');
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
    scriptPath: workerScript,
    // The bundle lives in a temp dir; module names are resolved relative to this root.
    modulesRoot: dirname(workerScript),
    compatibilityDate: workerOptions.compatibilityDate,
    compatibilityFlags: workerOptions.compatibilityFlags,
    r2Buckets: workerOptions.r2Buckets,
    bindings: Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined)) as Record<string, string>,
    host: '127.0.0.1',
    port: 0,
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
    close: () => mf.dispose(),
  };
}

/** A Worker with a Neon gateway of its own, so `gateway.stats()` counts exactly this Worker's database round trips. */
export async function startCountedWorker(databaseUrl: string) {
  const { startNeonGateway } = await import('../../scripts/neon-gateway');
  const gateway = await startNeonGateway({ postgres: { host: '127.0.0.1', port: inject('harness').postgresPort } });
  const worker = await startWorker({ databaseUrl, bindings: { NEON_LOCAL_GATEWAY: gateway.url } });
  return {
    worker,
    gateway,
    /** Round trips (HTTP requests to the database) made while `work` ran. */
    async roundTrips(work: () => Promise<unknown>): Promise<number> {
      const before = gateway.stats().httpRequests + gateway.stats().wsConnections;
      await work();
      return gateway.stats().httpRequests + gateway.stats().wsConnections - before;
    },
    async close() {
      await worker.close();
      await gateway.close();
    },
  };
}
