// JSON bodies are read whole by validation, so they are capped (1 MiB) before anything is read into memory.
import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, salesperson } from '../support/accounts';
import { readJson } from '../support/http';

const ctx = useApi();

describe('JSON request bodies', () => {
  it('answers 413 to a body over 1 MiB, declared or streamed, and the client reads the answer', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const big = JSON.stringify({ name: '김'.repeat(400_000), gender: 'male', phoneNumber: '010-1234-5678', email: 'big@example.com' });
    const declared = await ctx.api.fetch('/customers', { method: 'POST', headers: { ...bearer(token), 'Content-Type': 'application/json' }, body: big });
    expect(declared.status).toBe(413);
    expect(await readJson(declared)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', requestId: declared.headers.get('X-Request-Id') });

    const bytes = new TextEncoder().encode(big);
    const streamed = await ctx.api.fetch('/customers', {
      method: 'POST',
      headers: { ...bearer(token), 'Content-Type': 'application/json' },
      body: new ReadableStream({ start(controller) { for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.subarray(i, i + 64 * 1024)); controller.close(); } }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await ctx.db.query(`select 1 from customers where email = 'big@example.com'`)).toEqual([]);
  });

  it('takes a body just under the cap through to validation', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const res = await ctx.api.fetch('/customers', { method: 'POST', headers: { ...bearer(token), 'Content-Type': 'application/json' }, body: JSON.stringify({ memo: 'x'.repeat(1_000_000) }) });
    expect(res.status).toBe(400);
    expect((await readJson(res)).code).toBe('VALIDATION_FAILED');
  });
});
