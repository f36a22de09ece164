// A bounded load loop on loopback: `total` requests, `concurrency` at a time.
import { percentile } from './measure';

export interface LoadResult {
  requests: number;
  p50: number;
  p99: number;
  requestsPerSecond: number;
  roundTripsPerRequest: number;
}

export async function load(
  send: (i: number) => Promise<Response>,
  options: { total: number; concurrency: number; roundTrips: () => number },
): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  const tripsBefore = options.roundTrips();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.total) {
        const i = next++;
        const t0 = performance.now();
        const res = await send(i);
        await res.arrayBuffer();
        if (!res.ok && res.status !== 304) throw new Error(`request ${i} failed: HTTP ${res.status}`); // 304: a conditional read answered
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: options.total,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    requestsPerSecond: options.total / elapsed,
    roundTripsPerRequest: (options.roundTrips() - tripsBefore) / options.total,
  };
}
