// The shell's validation and body handling, exercised through a route defined here: the feature routes
// that take input arrive with later issues, and each of them relies on exactly this behaviour.
import { readJson } from '../support/http';
import { createRoute, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/create-app';
import { AppError } from '../../src/app/errors';
import { devSecrets } from '../../scripts/dev-secrets';

const env = { ...devSecrets(), DATABASE_URL: 'postgres://u:p@127.0.0.1:1/none' };

function appWithRoute() {
  const app = createApp();
  const route = createRoute({
    method: 'post',
    path: '/things',
    request: {
      body: {
        content: {
          'application/json': { schema: z.object({ name: z.string().min(1), year: z.number().int().max(2100) }) },
        },
      },
    },
    responses: { 201: { description: 'created' } },
  });
  app.openapi(route, (c) => c.json(c.req.valid('json'), 201));
  app.get('/boom', () => {
    throw new Error('secret internal detail');
  });
  app.get('/teapot', () => {
    throw new AppError('CONFLICT', '이미 등록된 차량번호입니다');
  });
  return app;
}

const post = (body: string) =>
  appWithRoute().request('/things', { method: 'POST', body, headers: { 'Content-Type': 'application/json' } }, env);

describe('request validation', () => {
  it('passes a valid body through', async () => {
    const res = await post(JSON.stringify({ name: '아반떼', year: 2020 }));
    expect(res.status).toBe(201);
  });

  it('answers 400 VALIDATION_FAILED listing every invalid field', async () => {
    const res = await post(JSON.stringify({ name: '', year: 'soon' }));
    expect(res.status).toBe(400);
    const body = await readJson(res);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.requestId).toBeTruthy();
    expect(body.fields.map((f: { path: string }) => f.path).sort()).toEqual(['name', 'year']);
    expect(body.message).toContain('name');
    expect(body.message).toContain('year');
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await post('{"name": ');
    expect(res.status).toBe(400);
    expect(await readJson(res)).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('hides internal error details behind a 500 INTERNAL with the request id', async () => {
    const res = await appWithRoute().request('/boom', {}, env);
    expect(res.status).toBe(500);
    const body = await readJson(res);
    expect(body).toMatchObject({ code: 'INTERNAL' });
    expect(JSON.stringify(body)).not.toContain('secret internal detail');
    expect(body.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('maps a domain error to its status and keeps its message', async () => {
    const res = await appWithRoute().request('/teapot', {}, env);
    expect(res.status).toBe(409);
    expect(await readJson(res)).toMatchObject({ code: 'CONFLICT', message: '이미 등록된 차량번호입니다' });
  });
});
