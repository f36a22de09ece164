import { Scalar } from '@scalar/hono-api-reference';
import type { OpenAPIHono } from '@hono/zod-openapi';
import pkg from '../../package.json';
import type { AppEnv } from './types';

export const API_TITLE = 'Carmate Edge API';

/** Serves the OpenAPI 3.1 document generated from the route definitions, and a browsable reference. */
export function configureOpenApi(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'The access token from POST /auth/login or POST /auth/refresh',
  });
  app.doc31('/openapi.json', (c) => ({
    openapi: '3.1.0',
    info: {
      title: API_TITLE,
      version: pkg.version,
      description: '중고차 딜러십을 위한 계약 관리 서비스 (Dear Carmate) — contract management for used-car dealerships.',
    },
    servers: [{ url: new URL(c.req.url).origin, description: 'This server' }],
  }));
  app.get('/docs', Scalar({ url: '/openapi.json', pageTitle: API_TITLE }));
}
