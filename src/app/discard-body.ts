/** Cloudflare refuses larger request bodies itself; past this a client cannot be answered politely anyway. */
const MAX_DISCARD_BYTES = 100 * 1024 * 1024;
const SCRATCH_BYTES = 64 * 1024;

/**
 * Reads and drops what is left of a refused request body, in constant memory, so the client (which is still
 * sending) receives our 4xx instead of a reset connection. Request bodies are byte streams: they are read into one
 * reused buffer, so even a 50 MB drain leaves no garbage behind.
 */
export async function discardRest(body: ReadableStream<Uint8Array>) {
  if (body.locked) return;
  let seen = 0;
  let byob: ReadableStreamBYOBReader | undefined;
  try {
    byob = body.getReader({ mode: 'byob' });
  } catch {
    // not a byte stream: read chunk by chunk below
  }
  try {
    if (byob) {
      let scratch = new Uint8Array(SCRATCH_BYTES);
      for (;;) {
        const { done, value } = await byob.read(scratch);
        if (done || !value || (seen += value.byteLength) > MAX_DISCARD_BYTES) break;
        scratch = new Uint8Array(value.buffer, 0, SCRATCH_BYTES);
      }
      return;
    }
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || (seen += value.length) > MAX_DISCARD_BYTES) break;
      }
    } finally {
      reader.releaseLock();
    }
  } catch {
    // the client went away: nothing left to answer
  } finally {
    byob?.releaseLock();
  }
}
