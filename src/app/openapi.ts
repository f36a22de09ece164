import { configureDocs } from './docs';
import type { OpenAPIHono } from '@hono/zod-openapi';
import pkg from '../../package.json';
import { MAX_JSON_BODY_BYTES } from './body-limit';
import type { AppEnv } from './types';

export const API_TITLE = 'Carmate Edge API';

type OpenApiDocument = ReturnType<OpenAPIHono<AppEnv>['getOpenAPI31Document']>;
type ResponseObject = { description?: string; headers?: Record<string, unknown>; content?: unknown };
type Operation = { requestBody?: { content?: Record<string, unknown> }; responses?: Record<string, ResponseObject>; security?: unknown[] };

const tags = [
  { name: 'Health', description: 'Whether the service and its database answer' },
  { name: 'Auth', description: '로그인 — sign-in, token refresh and sign-out' },
  { name: 'Users', description: '회원 — sign-up and the signed-in user’s own account' },
  { name: 'Admin', description: '관리자 — companies and users across the service (administrators only)' },
  { name: 'Cars', description: '차량 — the company’s cars, the model catalogue and CSV import' },
  { name: 'Customers', description: '고객 — the company’s customers and CSV import' },
  { name: 'Pipeline', description: '계약 단계 — the stages of the company’s contract board' },
  { name: 'Contracts', description: '계약 — the board, its contracts, moves and their history' },
  { name: 'Live board', description: '실시간 보드 — the numbered events of the board, for catching up (the live socket is the PartyKit room)' },
  { name: 'Dashboard', description: '대시보드 — sales and contract figures' },
  { name: 'Documents', description: '계약서 — contract documents in object storage' },
  { name: 'Images', description: '이미지 — uploaded images' },
  { name: 'Notifications', description: '알림 — meeting reminders, the inbox and delivery history' },
];

const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
const requestIdHeader = { $ref: '#/components/headers/RequestId' };

/**
 * Answers the middleware in front of every route can give, whatever the route: they are added here, where that
 * middleware is described, instead of being repeated in each route's definition.
 */
const serviceResponses = {
  503: {
    description: 'The database cannot be reached (`DATABASE_UNAVAILABLE`) or the service is misconfigured (`SERVICE_MISCONFIGURED`); retry later',
    headers: { 'Retry-After': { description: 'Seconds to wait before retrying (database outages)', schema: { type: 'integer', example: 5 } } },
    content: errorContent,
  },
};
const jsonBodyResponses = {
  413: { description: `The JSON body is larger than ${MAX_JSON_BODY_BYTES / 1024 / 1024} MiB`, content: errorContent },
};
// Any request but an upload is capped the same way, whatever its method (src/app/body-limit.ts).
const bodyLimitResponses = {
  413: { description: `A request body larger than ${MAX_JSON_BODY_BYTES / 1024 / 1024} MiB (none is expected here)`, content: errorContent },
};

/**
 * The OpenAPI 3.1 document, generated from the route definitions. The served document names the server it came
 * from; the one `npm run client:generate` writes names none, so the committed client does not depend on where it
 * was generated.
 */
export function openApiDocument(app: OpenAPIHono<AppEnv>, serverUrl?: string): OpenApiDocument {
  const doc = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: API_TITLE,
      version: pkg.version,
      // OpenAPI 3.1 takes an SPDX identifier; the library's 3.0 typing does not know it yet.
      license: { name: 'Proprietary (all rights reserved)', identifier: 'LicenseRef-Carmate-Proprietary' } as { name: string },
      contact: { name: 'Carmate Edge team', email: 'api@carmate.example' },
      description: '중고차 딜러십을 위한 계약 관리 서비스 (Dear Carmate) — contract management for used-car dealerships.',
    },
    servers: [{ url: serverUrl ?? '/', description: 'This server' }],
    tags,
  });
  for (const methods of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(methods as Record<string, Operation>)) {
      const hasJsonBody = Boolean(operation.requestBody?.content?.['application/json']);
      const limits = hasJsonBody ? jsonBodyResponses : operation.requestBody ? {} : bodyLimitResponses;
      const responses: Record<string, ResponseObject> = { ...serviceResponses, ...limits, ...operation.responses };
      // Operations without a bearer requirement are public on purpose: say so, rather than leave it unstated.
      operation.security ??= [];
      // Sorted by status; every answer carries its request id (the one error bodies name), for log correlation.
      operation.responses = Object.fromEntries(
        Object.entries(responses)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([status, response]) => [status, { ...response, headers: { 'X-Request-Id': requestIdHeader, ...response.headers } }]),
      );
    }
  }
  doc.components = {
    ...doc.components,
    headers: {
      RequestId: {
        description: 'This request’s id: the caller’s X-Request-Id when it sent one, else a fresh UUID',
        schema: { type: 'string', example: '7f0c3a9e-3d2b-4d8e-9a51-0b6f2c1d9e44' },
      },
    },
  };
  return doc;
}

/** Serves the document and a browsable reference. */
export function configureOpenApi(app: OpenAPIHono<AppEnv>, docsScript?: string) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'The access token from POST /auth/login or POST /auth/refresh',
  });
  // Built once per isolate (the routes cannot change while it runs); only `servers` follows the request's origin,
  // so no Host header a client sends can make the isolate keep another document.
  let built: OpenApiDocument | undefined;
  app.get('/openapi.json', (c) => {
    built ??= openApiDocument(app);
    return c.json({ ...built, servers: [{ url: new URL(c.req.url).origin, description: 'This server' }] });
  });
  configureDocs(app, API_TITLE, docsScript);
}
