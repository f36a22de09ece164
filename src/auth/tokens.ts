// Access tokens: short-lived HS256 JWTs (jose), algorithm pinned, iss/aud/exp checked.
// Refresh tokens: opaque random values; only their SHA-256 hash is stored.
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { Config } from '../app/config';
import { userRole, type UserRole } from '../db/schema/enums';

export interface Caller {
  userId: number;
  companyId: number;
  isAdmin: boolean;
  /** The role within the company. A role change ends the user's sessions, so a live token's role is current. */
  role: UserRole;
  /** The session (one per sign-in) this access token was issued in; the database checks it is live. */
  sessionId: string;
  /** Display name, for the live board's presence and event authors (not used for any decision). */
  name?: string;
}

const encoder = new TextEncoder();
const keys = new Map<string, Uint8Array>();

function keyFor(secret: string): Uint8Array {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = encoder.encode(secret)));
  return key;
}

const claimsSchema = z.object({
  sub: z.string().regex(/^\d+$/),
  cid: z.number().int().positive(),
  adm: z.boolean(),
  rol: z.enum(userRole.enumValues),
  sid: z.string().uuid(),
  name: z.string().max(100).optional(),
});

export async function signAccessToken(config: Config, caller: Caller): Promise<string> {
  return new SignJWT({ cid: caller.companyId, adm: caller.isAdmin, rol: caller.role, sid: caller.sessionId, name: caller.name })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(caller.userId))
    .setIssuer(config.JWT_ISSUER)
    .setAudience(config.JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${config.ACCESS_TOKEN_TTL_SECONDS}s`)
    .sign(keyFor(config.JWT_SECRET));
}

export type VerifyFailure = 'expired' | 'invalid';

/** The caller a token proves, or why it proves nothing. Never throws for a bad token. */
export async function verifyAccessToken(config: Config, token: string): Promise<Caller | VerifyFailure> {
  try {
    const { payload } = await jwtVerify(token, keyFor(config.JWT_SECRET), {
      algorithms: ['HS256'], // pinned: `none`, RS256-with-HMAC-key and friends are refused
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      requiredClaims: ['exp', 'iat', 'sub'],
    });
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) return 'invalid';
    return { userId: Number(claims.data.sub), companyId: claims.data.cid, isAdmin: claims.data.adm, role: claims.data.rol, sessionId: claims.data.sid, name: claims.data.name };
  } catch (err) {
    return err instanceof joseErrors.JWTExpired ? 'expired' : 'invalid';
  }
}

/** 32 random bytes, base64url: the refresh token the client keeps. */
export function newRefreshToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** What the database stores for a refresh token: its SHA-256, hex. A leaked table yields no usable token. */
export async function hashRefreshToken(token: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(token)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
