import { inject } from 'vitest';
import { freePort } from '../../scripts/local-postgres';
import { startNeonGateway } from '../../scripts/neon-gateway';
import { startPartyKit } from '../../scripts/partykit-runtime';
import { startWorkerRuntime, type RunningWorker } from '../../scripts/worker-runtime';

export type TestWorker = RunningWorker;

/** The real Worker bundle on workerd, in front of `databaseUrl` through the shared gateway (or `bindings` overrides). */
export function startWorker({ databaseUrl, bindings, port }: { databaseUrl: string; bindings?: Record<string, string | undefined>; port?: number }) {
  const { workerScript, gatewayUrl } = inject('harness');
  return startWorkerRuntime({ scriptPath: workerScript, gatewayUrl, databaseUrl, bindings, port });
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

/**
 * The live-board room and a Worker that know each other, as `npm run dev` runs them: the Worker tells the room
 * what changed, and the room asks the Worker whether a socket's session is live before opening it.
 */
export async function startWorkerWithRoom(databaseUrl: string) {
  const port = await freePort();
  const party = await startPartyKit({ API_URL: `http://127.0.0.1:${port}` });
  try {
    const api = await startWorker({ databaseUrl, bindings: { PARTYKIT_URL: party.url }, port });
    return { party, api };
  } catch (err) {
    await party.stop();
    throw err;
  }
}
