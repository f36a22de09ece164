import { z } from '@hono/zod-openapi';
import { ErrorSchema } from './errors';

/** A JSON response entry for createRoute. */
export const jsonResponse = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** An error response entry: every error has the same shape. */
export const errorResponse = (description: string) => jsonResponse(ErrorSchema, description);

/** A required JSON request body. */
export const jsonBody = <T extends z.ZodTypeAny>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const authErrors = {
  401: errorResponse('Missing, expired, forged or otherwise invalid access token'),
};

export const adminErrors = {
  ...authErrors,
  403: errorResponse('The caller is not an administrator'),
};

export const managerErrors = {
  ...authErrors,
  403: errorResponse('The caller is staff: only the company’s managers (and administrators) may'),
};

export const IdParam = z.object({
  id: z.coerce.number().int().positive().max(2_147_483_647).openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});

/** The responses of a DELETE by id: 204, a bad id, the auth errors, the route's 404 and its own refusals. */
export function deletionResponses(notFound: string, refusals: Record<number, ReturnType<typeof errorResponse>> = {}) {
  return {
    204: { description: 'Deleted' },
    400: errorResponse('Invalid id'),
    ...authErrors,
    404: errorResponse(notFound),
    ...refusals,
  };
}

/**
 * A file: a field of an upload form, or a file response. Documented as binary and required (clients send a Blob);
 * never used to validate, since uploads are streamed by their own reader.
 */
export const binaryFile = (description?: string) =>
  z.custom<Blob>((value) => value instanceof Blob).openapi({ type: 'string', format: 'binary', ...(description ? { description } : {}) });
