import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from '@hono/zod-openapi';

/** Every error the API can answer with, and its HTTP status. Clients branch on `code`, people read `message`. */
export const errorStatus = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  NO_ROWS_IMPORTED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  DATABASE_UNAVAILABLE: 503,
  SERVICE_MISCONFIGURED: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): ContentfulStatusCode {
    return errorStatus[this.code];
  }
}

export const ErrorSchema = z
  .object({
    message: z.string().openapi({ example: '요청한 리소스를 찾을 수 없습니다' }),
    code: z.string().openapi({ example: 'NOT_FOUND' }),
    requestId: z.string().openapi({ example: '7f0c3a9e-3d2b-4d8e-9a51-0b6f2c1d9e44' }),
    fields: z
      .array(z.object({ path: z.string().openapi({ example: 'phoneNumber' }), message: z.string().openapi({ example: '전화번호는 010-1234-5678 형식입니다' }) }))
      .optional()
      .openapi({ description: 'Present on VALIDATION_FAILED: one entry per invalid field' }),
  })
  .openapi('Error');

/** The one error shape: `{message, code, requestId}` (plus `fields` for validation errors). */
export function respondWithError(c: Context, error: AppError) {
  // An outage is usually brief: tell clients when trying again is reasonable instead of letting them hammer.
  if (error.code === 'DATABASE_UNAVAILABLE') c.header('Retry-After', '5');
  return c.json({ message: error.message, code: error.code, requestId: c.get('requestId') as string, ...error.details }, error.status);
}

// PostgreSQL errors that can only come from the request's data, not from a bug or an outage.
const pgClientErrors: Record<string, { code: ErrorCode; message: string }> = {
  '23505': { code: 'CONFLICT', message: 'A record with the same unique value already exists' },
  // In practice a race: a record this request refers to was deleted at the same instant (or is still in use).
  '23503': { code: 'CONFLICT', message: '관련된 기록이 방금 삭제되었거나 아직 사용 중입니다. 새로고침 후 다시 시도하세요 (a related record changed at the same moment)' },
  '22P02': { code: 'BAD_REQUEST', message: 'A value has the wrong format' },
  '22001': { code: 'BAD_REQUEST', message: 'A value is too long' },
  '22003': { code: 'BAD_REQUEST', message: 'A number is out of range' },
  '22007': { code: 'BAD_REQUEST', message: 'A date or time has the wrong format' },
  '22008': { code: 'BAD_REQUEST', message: 'A date or time is out of range' },
  // Text PostgreSQL cannot store: U+0000 (22021) or a character with no UTF-8 form (22P05).
  '22021': { code: 'BAD_REQUEST', message: 'A text value contains a character that cannot be stored (such as U+0000)' },
  '22P05': { code: 'BAD_REQUEST', message: 'A text value contains a character that cannot be stored' },
  '54000': { code: 'BAD_REQUEST', message: 'A value is too large to store' },
  // Raised by carmate_require_session: the access token's session has ended (sign-out, password change, …).
  CM401: { code: 'UNAUTHORIZED', message: '로그아웃된 세션입니다. 다시 로그인하세요 (the session has ended)' },
};

/** Walks an error's `cause` chain (drizzle wraps driver errors) looking for what really happened. */
function* causes(error: unknown): Generator<unknown> {
  let current = error;
  for (let depth = 0; current && depth < 5; depth++) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

/** Maps any thrown value to the AppError the client should see. */
export function toAppError(error: unknown): AppError {
  for (const cause of causes(error)) {
    if (cause instanceof AppError) return cause;
    if (cause instanceof HTTPException) {
      const code = (Object.entries(errorStatus).find(([, status]) => status === cause.status)?.[0] ?? 'BAD_REQUEST') as ErrorCode;
      return new AppError(code, cause.message || 'Bad request');
    }
    const { name, code, message } = cause as { name?: string; code?: unknown; message?: string };
    if (name === 'NeonDbError' || name === 'DatabaseError') {
      if (typeof code === 'string' && pgClientErrors[code]) {
        const mapped = pgClientErrors[code];
        return new AppError(mapped.code, mapped.message);
      }
      // No SQLSTATE: the driver never reached PostgreSQL (network, gateway, compute suspended).
      if (typeof code !== 'string' || code.startsWith('08') || code === '57P01' || code === '57P03') {
        return new AppError('DATABASE_UNAVAILABLE', 'The database is unavailable; please try again shortly');
      }
    }
    if (typeof message === 'string' && /Error connecting to database|fetch failed|ECONNREFUSED/.test(message)) {
      return new AppError('DATABASE_UNAVAILABLE', 'The database is unavailable; please try again shortly');
    }
  }
  return new AppError('INTERNAL', 'Something went wrong on our side; the error was logged');
}
