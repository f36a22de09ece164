/** Cloudflare refuses larger request bodies itself; past this a client cannot be answered politely anyway. */
const MAX_DISCARD_BYTES = 100 * 1024 * 1024;

/**
 * Reads and drops what is left of a refused request body, in constant memory, so the client (which is still
 * sending) receives our 4xx instead of a reset connection.
 */
export async function discardRest(body: ReadableStream<Uint8Array>) {
  if (body.locked) return;
  const reader = body.getReader();
  let seen = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || (seen += value.length) > MAX_DISCARD_BYTES) break;
    }
  } catch {
    // the client went away: nothing left to answer
  } finally {
    reader.releaseLock();
  }
}
