import type { RouteHandler } from '@hono/zod-openapi';
import { AppError } from '../app/errors';
import type { AppEnv } from '../app/types';
import { toUserInfo, type UserInfoRow } from '../users/user-info';
import { endSessions } from '../live/board-room';
import { endSession, isSessionLive, reserveLoginAttempt, rotateRefreshToken, startSession } from './auth.queries';
import { clientIp, refuseIfThrottled } from './throttle';
import { hashPassword, needsRehash, verifyPassword } from './password';
import type { login, logout, refresh, session as checkSession } from './auth.routes';
import { hashRefreshToken, newRefreshToken, signAccessToken, type Caller } from './tokens';

const WRONG_CREDENTIALS = '존재하지 않거나 비밀번호가 일치하지 않습니다';

// Verifying against this when the email is unknown makes both failures cost the same time.
let decoyHash: Promise<string> | undefined;

export const loginHandler: RouteHandler<typeof login, AppEnv> = async (c) => {
  const { email, password } = c.req.valid('json');
  const { config, db } = c.var;
  const ip = clientIp(c.req.header('CF-Connecting-IP'));

  // The attempt is counted before the password is checked; it stays a failure unless the sign-in succeeds.
  const candidate = await reserveLoginAttempt(db, email, ip);
  refuseIfThrottled(candidate, c.header.bind(c), '로그인');

  const stored = candidate.password_hash ?? (await (decoyHash ??= hashPassword('decoy-password-0')));
  const valid = await verifyPassword(password, stored, config.PASSWORD_PEPPER);
  if (!valid || candidate.id == null) throw new AppError('NOT_FOUND', WRONG_CREDENTIALS);

  const user = candidate as UserInfoRow & { password_hash: string };
  const session: Caller = {
    userId: user.id,
    companyId: user.company_id,
    isAdmin: user.is_admin,
    role: user.role,
    sessionId: crypto.randomUUID(),
    name: user.name,
  };
  const refreshToken = newRefreshToken();
  const [tokenHash, rehashed] = await Promise.all([
    hashRefreshToken(refreshToken),
    needsRehash(user.password_hash) ? hashPassword(password, config.PASSWORD_PEPPER) : undefined,
  ]);
  const started = await startSession(
    db,
    {
      userId: user.id,
      companyId: user.company_id,
      tokenHash,
      sessionId: session.sessionId,
      expiresAt: new Date(Date.now() + config.REFRESH_TOKEN_TTL_DAYS * 86_400_000),
    },
    { passwordHash: user.password_hash, role: user.role },
    email,
    rehashed,
  );
  // The password or role changed (or the account went) while we checked: this sign-in proves nothing any more.
  if (!started) throw new AppError('NOT_FOUND', WRONG_CREDENTIALS);
  return c.json({ accessToken: await signAccessToken(config, session), refreshToken, user: toUserInfo(user) }, 200);
};

export const refreshHandler: RouteHandler<typeof refresh, AppEnv> = async (c) => {
  const { refreshToken } = c.req.valid('json');
  const { config, db } = c.var;
  const next = newRefreshToken();
  const [presentedHash, nextHash] = await Promise.all([hashRefreshToken(refreshToken), hashRefreshToken(next)]);
  const result = await rotateRefreshToken(db, presentedHash, nextHash, config.REFRESH_TOKEN_TTL_DAYS);
  if (result.outcome === 'reuse' || result.outcome === 'invalid') {
    // Same answer for unknown, expired, ended and replayed tokens; a replay has also ended the session.
    if (result.outcome === 'reuse') {
      console.warn('[auth] a used refresh token was presented again: its session was ended');
      endSessions(c, result.company_id, { sessionIds: [result.family_id] });
    }
    throw new AppError('BAD_REQUEST', '유효하지 않거나 만료된 리프레시 토큰입니다. 다시 로그인하세요 (invalid refresh token)');
  }
  const accessToken = await signAccessToken(config, {
    userId: result.user_id,
    companyId: result.company_id,
    isAdmin: result.is_admin,
    role: result.role,
    sessionId: result.family_id,
    name: result.name,
  });
  return c.json({ accessToken, refreshToken: next }, 200);
};

export const logoutHandler: RouteHandler<typeof logout, AppEnv> = async (c) => {
  const { companyId, userId, sessionId } = c.var.caller;
  await endSession(c.var.db, userId, sessionId);
  endSessions(c, companyId, { sessionIds: [sessionId] });
  return c.body(null, 204);
};

export const sessionHandler: RouteHandler<typeof checkSession, AppEnv> = async (c) => {
  await isSessionLive(c.var.db); // the request's session check is all the work: an ended session throws 401
  return c.body(null, 204);
};
