import { createMiddleware } from 'hono/factory';
import { AppError } from '../app/errors';
import type { AppEnv } from '../app/types';
import { databaseFor } from '../db/client';
import { verifyAccessToken } from './tokens';

/**
 * Puts the verified caller on the context, or answers 401. Company and role come only from the signed token.
 * From here on every statement of the request first checks that the token's session is live, in the same round
 * trip (src/db/client.ts): an ended session answers 401 on its very next request and writes nothing.
 */
export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('Authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    c.header('WWW-Authenticate', 'Bearer');
    throw new AppError('UNAUTHORIZED', '로그인이 필요합니다 (missing bearer token)');
  }
  const caller = await verifyAccessToken(c.var.config, match[1]!);
  if (typeof caller === 'string') {
    c.header('WWW-Authenticate', `Bearer error="invalid_token"`);
    throw new AppError(
      'UNAUTHORIZED',
      caller === 'expired' ? '로그인이 만료되었습니다 (access token expired)' : '유효하지 않은 토큰입니다 (invalid access token)',
    );
  }
  c.set('caller', caller);
  c.set('db', databaseFor(c.var.config, { sessionId: caller.sessionId, userId: caller.userId }));
  await next();
});

/** Service administrators only (the web client's admin pages). Run after requireAuth. */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.var.caller?.isAdmin) throw new AppError('FORBIDDEN', '관리자 권한이 필요합니다 (administrators only)');
  await next();
});

/** Whoever shapes a company: its managers, or service administrators. Run after requireAuth. */
export const requireManager = createMiddleware<AppEnv>(async (c, next) => {
  const { isAdmin, role } = c.var.caller;
  if (!isAdmin && role !== 'manager') throw new AppError('FORBIDDEN', '매니저 권한이 필요합니다 (managers only)');
  await next();
});
