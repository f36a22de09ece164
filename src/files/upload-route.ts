import type { OpenAPIHono, RouteConfig } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app/types';
import { requireAuth } from '../auth/middleware';

/**
 * An upload route: documented in the OpenAPI document like the others, but served by a plain handler that reads
 * the body as a stream (zod-openapi's body validation would buffer the whole upload first). Signed-in only.
 */
export function uploadRoute(router: OpenAPIHono<AppEnv>, doc: RouteConfig, handler: (c: Context<AppEnv>) => Promise<Response>) {
  router.openAPIRegistry.registerPath(doc);
  router.post(doc.path, requireAuth, handler);
}
