import { createRoute, z } from '@hono/zod-openapi';

export const HealthSchema = z
  .object({
    status: z.enum(['ok']),
    version: z.string().openapi({ description: 'Version of this service', example: '0.1.0' }),
    database: z.enum(['ok']),
    databaseLatencyMs: z.number().openapi({ description: 'One round trip to the database', example: 12.5 }),
    databaseVersion: z.string().openapi({ description: 'PostgreSQL server version', example: '17.10' }),
  })
  .openapi('Health');

export const getHealth = createRoute({
  operationId: 'getHealth',
  method: 'get',
  path: '/health',
  tags: ['Health'],
  summary: 'Service and database health',
  description: 'Runs one query against the database. 503 when the database cannot be reached.',
  responses: {
    // 503 (database unreachable, service misconfigured) is documented for every route in src/app/openapi.ts.
    200: { description: 'The service and its database are up', content: { 'application/json': { schema: HealthSchema } } },
  },
});
