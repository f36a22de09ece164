import { createRoute, z } from '@hono/zod-openapi';
import { authErrors, errorResponse as error, jsonBody, jsonResponse as json } from '../app/openapi-helpers';
import { UserInfoSchema } from '../users/user-info';
import { signedIn } from './guards';

export const TokenPairSchema = z
  .object({
    accessToken: z.string().openapi({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…' }),
    refreshToken: z.string().openapi({ example: 'q8Y0n3S2cF1kq9Xv3xM2h1b6w8vJ4tS0aQ7eR5uN2pE' }),
  })
  .openapi('TokenPair');

export const LoginResponseSchema = TokenPairSchema.extend({ user: UserInfoSchema }).openapi('LoginResponse');

export const login = createRoute({
  operationId: 'login',
  method: 'post',
  path: '/auth/login',
  tags: ['Auth'],
  summary: 'Sign in with email and password',
  description:
    'Wrong email and wrong password answer the same 404 (never 401: the web client would start its refresh loop). ' +
    'Repeated failures for one email or one client IP answer 429 with Retry-After.',
  request: {
    body: jsonBody(
      z
        .object({
          email: z.string().trim().toLowerCase().max(255).openapi({ example: 'sales.kim@carmate.example.com' }),
          password: z.string().min(1).max(128).openapi({ example: 'carmate2026' }),
        })
        .openapi('LoginRequest'),
    ),
  },
  responses: {
    200: json(LoginResponseSchema, 'Signed in'),
    400: error('Malformed body'),
    404: error('존재하지 않거나 비밀번호가 일치하지 않습니다 (no such email, or wrong password)'),
    429: error('Too many failed sign-ins; see Retry-After'),
  },
});

export const refresh = createRoute({
  operationId: 'refreshTokens',
  method: 'post',
  path: '/auth/refresh',
  tags: ['Auth'],
  summary: 'Exchange a refresh token for a new token pair',
  description:
    'Refresh tokens rotate: each answer carries the next one. The same token presented again within 30 seconds of its ' +
    'first use, while none of its successors was used (a client refreshing twice in parallel), gets another working pair ' +
    'of the same session. Later, or after a successor was used, it ends the session (a replay: every token of the sign-in stops working). ' +
    'A bad, expired or ended token answers 400 (never 401: the web client would loop).',
  request: {
    body: jsonBody(z.object({ refreshToken: z.string().min(1).max(512).openapi({ example: 'q8Y0n3S2cF1kq9Xv3xM2h1b6w8vJ4tS0aQ7eR5uN2pE' }) }).openapi('RefreshRequest')),
  },
  responses: {
    200: json(TokenPairSchema, 'A new token pair'),
    400: error('Invalid, expired, revoked or reused refresh token'),
  },
});

export const logout = createRoute({
  operationId: 'logout',
  method: 'post',
  path: '/auth/logout',
  tags: ['Auth'],
  summary: 'Sign out: end this session',
  description: 'Its refresh tokens stop working, its access tokens answer 401 from the next request on, and its live-board sockets close.',
  ...signedIn,
  responses: {
    204: { description: 'Signed out' },
    ...authErrors,
  },
});

export const session = createRoute({
  operationId: 'checkSession',
  method: 'get',
  path: '/auth/session',
  tags: ['Auth'],
  summary: 'Whether this access token’s session is still live',
  description: 'The live-board room asks this before it opens a socket. 204 while the session is live; 401 once it has ended.',
  ...signedIn,
  responses: {
    204: { description: 'The session is live' },
    ...authErrors,
  },
});
