import { OpenAPIHono, type Hook } from '@hono/zod-openapi';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import type { MiddlewareHandler } from 'hono';
import { databaseFor } from '../db/client';
import { jsonBodyLimit } from './body-limit';
import { discardRest } from './discard-body';
import { readConfig } from './config';
import { AppError, respondWithError, toAppError } from './errors';
import type { AppEnv } from './types';

/** Turns a failed zod validation into a 400 that names every bad field. */
const validationHook: Hook<unknown, AppEnv, string, unknown> = (result, c) => {
  if (result.success) return;
  const fields = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || result.target,
    message: issue.message,
  }));
  const summary = fields.map((f) => `${f.path}: ${f.message}`).join('; ');
  return respondWithError(c, new AppError('VALIDATION_FAILED', `Invalid ${result.target}: ${summary}`, { fields }));
};

export function createRouter() {
  return new OpenAPIHono<AppEnv>({ strict: false, defaultHook: validationHook });
}

/** Validates configuration once per request and opens the (connectionless) database handle. */
const withConfigAndDb: MiddlewareHandler<AppEnv> = async (c, next) => {
  const config = readConfig(c.env);
  c.set('config', config);
  c.set('db', databaseFor(config));
  await next();
};

/**
 * Reads what is left of a request body the route answered without reading (a 401 before a JSON body, a 400 on the
 * query): a connection closed with unread bytes is reset, and the client can lose the answer, or its next request
 * on that connection. Bounded like every other drain.
 */
const drainUnreadBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const body = c.req.raw.body;
  if (body && !body.locked && !c.req.raw.bodyUsed) await discardRest(body);
};

let routeMethods: { pattern: RegExp; method: string }[] | undefined;

/** The methods the app's routes answer on `path` (built once per isolate from its route table). */
function allowedMethods(app: OpenAPIHono<AppEnv>, path: string): string[] {
  routeMethods ??= app.routes
    .filter((r) => r.method !== 'ALL' && r.path !== '/*')
    .map((r) => ({
      method: r.method,
      pattern: new RegExp(`^${r.path.replace(/[.+?^$|()[\]\\]/g, '\\$&').replace(/:[A-Za-z0-9_]+(\{[^}]*\})?/g, '[^/]+').replace(/\*/g, '.*')}/?$`),
    }));
  const methods = new Set(routeMethods.filter((r) => r.pattern.test(path)).map((r) => r.method));
  if (methods.has('GET')) methods.add('HEAD');
  if (methods.size) methods.add('OPTIONS');
  return [...methods].sort();
}

export function createApp() {
  const app = createRouter();

  app.use('*', drainUnreadBody);
  app.use('*', requestId({ limitLength: 128 }));
  // Browsers call us straight from the web client's origin; tokens travel in headers, never cookies.
  app.use(
    '*',
    cors({
      origin: '*',
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'X-Request-Id'],
      exposeHeaders: ['X-Request-Id', 'ETag', 'Content-Disposition', 'Retry-After', 'X-Board-Seq'],
      maxAge: 86_400,
      credentials: false,
    }),
  );
  app.use('*', jsonBodyLimit);
  app.use('*', withConfigAndDb);

  app.notFound((c) => {
    // A known path asked with another method is 405 with what it takes, not a 404 that says the path is unknown.
    const allowed = allowedMethods(app, c.req.path);
    if (allowed.length) {
      c.header('Allow', allowed.join(', '));
      return respondWithError(c, new AppError('METHOD_NOT_ALLOWED', `${c.req.method} is not allowed on ${c.req.path} (Allow: ${allowed.join(', ')})`));
    }
    return respondWithError(c, new AppError('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`));
  });
  app.onError((err, c) => {
    const error = toAppError(err);
    const where = `[${c.get('requestId')}] ${c.req.method} ${c.req.path}`;
    // Bugs get the full stack; outages and misconfiguration one line each (they repeat on every request).
    if (error.code === 'INTERNAL') console.error(where, err);
    else if (error.status >= 500) console.warn(where, error.code, err instanceof Error ? err.message : String(err));
    return respondWithError(c, error);
  });

  return app;
}
