// Hand-made access tokens for the security tests: expired, foreign-signed, unsigned, tampered.
import { SignJWT } from 'jose';
import { devSecrets } from '../../scripts/dev-secrets';

const SECRET = new TextEncoder().encode(devSecrets().JWT_SECRET!);

export function craftToken(
  claims: { sub: string; cid: number; adm: boolean; sid?: string },
  options: { secret?: Uint8Array; alg?: string; iss?: string; aud?: string; expiresIn?: string | number } = {},
): Promise<string> {
  return new SignJWT({ cid: claims.cid, adm: claims.adm, sid: claims.sid ?? crypto.randomUUID() })
    .setProtectedHeader({ alg: options.alg ?? 'HS256' })
    .setSubject(claims.sub)
    .setIssuer(options.iss ?? 'carmate-edge')
    .setAudience(options.aud ?? 'carmate-edge-api')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h')
    .sign(options.secret ?? SECRET);
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An `alg: none` token: a payload nobody signed. */
export function unsignedToken(payload: Record<string, unknown>): string {
  return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(payload)}.`;
}

/** The same signature over a different payload: what an attacker editing claims produces. */
export function tamperedToken(token: string, changes: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
  return `${header}.${b64url({ ...claims, ...changes })}.${signature}`;
}

export function decodeClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}
