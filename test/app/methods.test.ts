// Unsupported methods on known paths: 405 with the methods the path takes, in the usual error shape.
import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { bearer, salesperson } from '../support/accounts';
import { readJson } from '../support/http';

const ctx = useApi();

describe('methods', () => {
  it('answers 405 with Allow for a known path and another method; 404 for an unknown path', async () => {
    const { token } = await salesperson(ctx.api, ctx.db);
    const put = await ctx.api.fetch('/cars', { method: 'PUT', headers: bearer(token) });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD, OPTIONS, POST');
    expect(await readJson(put)).toMatchObject({ code: 'METHOD_NOT_ALLOWED', requestId: put.headers.get('x-request-id') });
    const post = await ctx.api.fetch('/contracts/12', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('DELETE, GET, HEAD, OPTIONS, PATCH');
    expect((await ctx.api.fetch('/images/1/0b6f2c1d-0000-0000-0000-000000000000.png', { method: 'PUT' })).headers.get('allow')).toBe('DELETE, GET, HEAD, OPTIONS');
    expect((await ctx.api.fetch('/no/such/path', { method: 'PUT' })).status).toBe(404);
    expect((await ctx.api.fetch('/cars', { headers: bearer(token) })).status).toBe(200);
  });
});
