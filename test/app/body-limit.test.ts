// JSON bodies are read whole by validation, so they are capped (1 MiB) before anything is read into memory.
import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, salesperson } from '../support/accounts';
import { readJson } from '../support/http';

const ctx = useApi();

/** A POST whose body is a stream of 64 KiB chunks: sent chunked, with no Content-Length. */
function streamedPost(token: string, bytes: Uint8Array): RequestInit {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.subarray(i, i + 64 * 1024));
      controller.close();
    },
  });
  return { method: 'POST', headers: { ...bearer(token), 'Content-Type': 'application/json' }, body, duplex: 'half' } as RequestInit;
}

describe('JSON request bodies', () => {
  it('answers 413 to a body over 1 MiB, declared or streamed, and the client reads the answer', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const big = JSON.stringify({ name: '김'.repeat(400_000), gender: 'male', phoneNumber: '010-1234-5678', email: 'big@example.com' });
    const declared = await ctx.api.fetch('/customers', { method: 'POST', headers: { ...bearer(token), 'Content-Type': 'application/json' }, body: big });
    expect(declared.status).toBe(413);
    expect(await readJson(declared)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', requestId: declared.headers.get('X-Request-Id') });

    // Streamed without a length, and far over the cap: refused, drained, and the client still reads the 413.
    const streamed = await ctx.api.fetch('/customers', streamedPost(token, new TextEncoder().encode(big + ' '.repeat(30 * 1024 * 1024))));
    expect(streamed.status).toBe(413);
    expect(await readJson(streamed)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(await ctx.db.query(`select 1 from customers where email = 'big@example.com'`)).toEqual([]);
  });

  it('takes a streamed body under the cap like any other', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const body = { name: '스트림', gender: 'female', phoneNumber: '010-2222-3333', email: 'streamed@example.com' };
    const res = await ctx.api.fetch('/customers', streamedPost(token, new TextEncoder().encode(JSON.stringify(body))));
    expect(res.status).toBe(201);
    expect(await readJson(res)).toMatchObject({ name: '스트림', email: 'streamed@example.com' });
  });

  it('takes a body just under the cap through to validation', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const res = await ctx.api.fetch('/customers', { method: 'POST', headers: { ...bearer(token), 'Content-Type': 'application/json' }, body: JSON.stringify({ memo: 'x'.repeat(1_000_000) }) });
    expect(res.status).toBe(400);
    expect((await readJson(res)).code).toBe('VALIDATION_FAILED');
  });
});
