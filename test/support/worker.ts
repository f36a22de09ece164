import { inject } from 'vitest';
import { startNeonGateway } from '../../scripts/neon-gateway';
import { startWorkerRuntime, type RunningWorker } from '../../scripts/worker-runtime';

export type TestWorker = RunningWorker;

/** The real Worker bundle on workerd, in front of `databaseUrl` through the shared gateway (or `bindings` overrides). */
export function startWorker({ databaseUrl, bindings }: { databaseUrl: string; bindings?: Record<string, string | undefined> }) {
  const { workerScript, gatewayUrl } = inject('harness');
  return startWorkerRuntime({ scriptPath: workerScript, gatewayUrl, databaseUrl, bindings });
}

/** A Worker with a Neon gateway of its own, so `gateway.stats()` counts exactly this Worker's database round trips. */
export async function startCountedWorker(databaseUrl: string) {
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
