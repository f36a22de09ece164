import { readJson } from '../support/http';
import { describe, expect, it } from 'vitest';
import { useApi } from '../support/api';
import { startWorker, type TestWorker } from '../support/worker';

const ctx = useApi();

describe('request ids', () => {
  it('puts a fresh X-Request-Id on every response, and the same id in error bodies', async () => {
    const ok = await ctx.api.fetch('/health');
    const missing = await ctx.api.fetch('/no-such-route');
    const first = ok.headers.get('x-request-id');
    const second = missing.headers.get('x-request-id');
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).toMatch(/^[0-9a-f-]{36}$/);
    expect(first).not.toBe(second);
    expect((await readJson(missing)).requestId).toBe(second);
  });

  it('keeps a caller-supplied request id so logs can be correlated across services', async () => {
    const res = await ctx.api.fetch('/health', { headers: { 'X-Request-Id': 'trace-abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('trace-abc-123');
  });
});

describe('errors', () => {
  it('answers an unknown route with 404 and the error shape', async () => {
    const res = await ctx.api.fetch('/cars/../../etc/passwd');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = await readJson(res);
    expect(Object.keys(body).sort()).toEqual(['code', 'message', 'requestId']);
    expect(body.code).toBe('NOT_FOUND');
  });

  it('answers an unknown method on a known path with the error shape, never a 500', async () => {
    const res = await ctx.api.fetch('/health', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(await readJson(res)).toMatchObject({ code: 'METHOD_NOT_ALLOWED' });
  });

  it('answers 503 SERVICE_MISCONFIGURED, naming the missing secret but not any value, when a secret is missing', async () => {
    const worker = await startWorker({ databaseUrl: ctx.db.url, bindings: { JWT_SECRET: undefined } });
    try {
      const res = await worker.fetch('/health');
      expect(res.status).toBe(503);
      const body = await readJson(res);
      expect(body.code).toBe('SERVICE_MISCONFIGURED');
      expect(body.message).toContain('JWT_SECRET is missing');
      expect(body.message).not.toContain('postgres://');
    } finally {
      await worker.close();
    }
  });

  it('rejects a too-short JWT secret rather than signing with it', async () => {
    const worker = await startWorker({ databaseUrl: ctx.db.url, bindings: { JWT_SECRET: 'short' } });
    try {
      const res = await worker.fetch('/health');
      expect(res.status).toBe(503);
      expect((await readJson(res)).message).toMatch(/JWT_SECRET must be at least 32 characters/);
    } finally {
      await worker.close();
    }
  });
});

describe('CORS for the browser client', () => {
  it.each(['PATCH', 'DELETE'])('answers a %s preflight from any origin with Authorization and Content-Type allowed', async (method) => {
    const res = await ctx.api.fetch('/contracts/1', {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:3000',
        'Access-Control-Request-Method': method,
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain(method);
    const allowed = res.headers.get('access-control-allow-headers')?.toLowerCase() ?? '';
    expect(allowed).toContain('authorization');
    expect(allowed).toContain('content-type');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('adds CORS headers to error responses too, so the browser can read the message', async () => {
    const res = await ctx.api.fetch('/nowhere', { headers: { Origin: 'https://app.example' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
  });
});

describe('API description', () => {
  it('serves an OpenAPI 3.1 document generated from the routes, with the bearer scheme', async () => {
    const res = await ctx.api.fetch('/openapi.json');
    expect(res.status).toBe(200);
    const doc = await readJson(res);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Carmate Edge API');
    expect(doc.paths['/health'].get.responses).toHaveProperty('200');
    expect(doc.paths['/health'].get.responses).toHaveProperty('503');
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.schemas.Error.required).toEqual(expect.arrayContaining(['message', 'code', 'requestId']));
  });

  it('serves an interactive API reference that loads the document', async () => {
    const res = await ctx.api.fetch('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('/openapi.json');
  });
});
