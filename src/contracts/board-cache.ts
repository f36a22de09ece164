// The last board built for a company's unfiltered board, kept in the Workers Cache API under its version (the
// board event number): a colleague whose board changed gets the bytes someone already built, after the same one
// tiny query that checks the version. The cache is only ever a copy: the database says which version is current,
// so an entry of another version is simply not used (and is replaced by the next build). The Cache API is per
// data centre and does nothing on workers.dev: there every changed board is built, which is still correct.
const CACHE_NAME = 'carmate-board';
const VERSION_HEADER = 'X-Board-Version';

const keyOf = (queryKey: string) => `https://board.cache.invalid/${queryKey}`;

async function cache(): Promise<Cache | undefined> {
  try {
    return await caches.open(CACHE_NAME);
  } catch {
    return undefined; // no Cache API here: every board is built
  }
}

/** The cached board of this query (its version and bytes), if there is one. */
export async function cachedBoard(queryKey: string): Promise<{ version: string; body: ReadableStream } | undefined> {
  try {
    const hit = await (await cache())?.match(keyOf(queryKey));
    const version = hit?.headers.get(VERSION_HEADER);
    return hit?.body && version ? { version, body: hit.body } : undefined;
  } catch {
    return undefined; // a cache that fails is a miss, never a failed board
  }
}

/** Keeps a freshly built board for the next reader (after the response: nobody waits for it). */
export async function keepBoard(queryKey: string, version: string, body: string): Promise<void> {
  try {
    await (await cache())?.put(
      keyOf(queryKey),
      new Response(body, { headers: { 'Content-Type': 'application/json', [VERSION_HEADER]: version, 'Cache-Control': 'max-age=86400' } }),
    );
  } catch (err) {
    console.warn('[board cache] not kept:', err instanceof Error ? err.message : String(err));
  }
}
