// Races fired for real: N requests started together, many trials, each trial's invariant asserted. Every run prints
// its seed (it sets each request's start jitter); CONCURRENCY_SEED=<seed> replays the same schedule of starts.
const seed = Number(process.env.CONCURRENCY_SEED ?? Math.floor(Math.random() * 2 ** 31));
let announced = false;

/** mulberry32: small, fast, and the same sequence for the same seed. */
export function generator(start: number) {
  let a = start >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = generator(seed);

/** The run's seed, printed once per file so a failing schedule can be replayed. */
export function announceSeed(suite: string): number {
  if (!announced) console.log(`${suite} (CONCURRENCY_SEED=${seed})`);
  announced = true;
  return seed;
}

/** Starts every request within the same couple of milliseconds (seeded jitter) and waits for all of them. */
export function together<T>(requests: (() => Promise<T>)[]): Promise<T[]> {
  return Promise.all(requests.map((request) => new Promise<T>((resolve, reject) => {
    setTimeout(() => request().then(resolve, reject), Math.floor(random() * 3));
  })));
}

/** `count` trials of `trial`, one after another; a failure names its trial and the seed. */
export async function trials(count: number, trial: (index: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < count; i++) {
    try {
      await trial(i);
    } catch (err) {
      throw Object.assign(err instanceof Error ? err : new Error(String(err)), { message: `trial ${i + 1}/${count} (CONCURRENCY_SEED=${seed}): ${err instanceof Error ? err.message : String(err)}` });
    }
  }
}
