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
          email: z.string().trim().toLowerCase().max(255).openapi({ example: 'sales.kim@carmate.example' }),
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
    'Refresh tokens are single-use. Presenting one that was already used revokes every token of its sign-in. ' +
    'A bad, expired or revoked token answers 400 (never 401: the web client would loop).',
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
  summary: 'Sign out: revoke this sign-in’s refresh tokens',
  ...signedIn,
  responses: {
    204: { description: 'Signed out' },
    ...authErrors,
  },
});
