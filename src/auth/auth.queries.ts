import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { rowsOf } from '../db/errors';
import { loginFailures, refreshTokens } from '../db/schema';
import { userInfoColumns, type UserInfoRow } from '../users/user-info';
import { LOGIN_WINDOW_SECONDS, MAX_FAILURES_PER_EMAIL, MAX_FAILURES_PER_IP, type ThrottleState } from './login-throttle';

export type LoginCandidate = ThrottleState & Partial<UserInfoRow> & { password_hash: string | null };

/** The account behind an email and the throttle state of the email and IP, in one round trip. */
export async function findLoginCandidate(db: Database, email: string, ip: string): Promise<LoginCandidate> {
  const window = `${LOGIN_WINDOW_SECONDS} seconds`;
  const result = await db.execute(sql`
    with throttle as (
      select
        (select failed_at from ${loginFailures} where email = ${email} and failed_at > now() - ${window}::interval
          order by failed_at desc offset ${MAX_FAILURES_PER_EMAIL - 1} limit 1) as email_limit_hit_at,
        (select failed_at from ${loginFailures} where ip = ${ip} and failed_at > now() - ${window}::interval
          order by failed_at desc offset ${MAX_FAILURES_PER_IP - 1} limit 1) as ip_limit_hit_at
    )
    select throttle.*, u.password_hash, ${sql.raw(userInfoColumns)}
    from throttle
    left join users u on u.email = ${email}
    left join companies c on c.id = u.company_id`);
  return rowsOf<LoginCandidate>(result)[0]!;
}

export async function recordLoginFailure(db: Database, email: string, ip: string): Promise<void> {
  await db.insert(loginFailures).values({ email, ip });
}

export interface NewSession {
  userId: number;
  companyId: number;
  tokenHash: string;
  familyId: string;
  expiresAt: Date;
}

/** A successful sign-in: a new refresh-token family; the email's failures are forgiven. One round trip, atomic. */
export async function startSession(db: Database, session: NewSession, email: string, rehashedPassword?: string) {
  const insert = db.insert(refreshTokens).values({
    token: session.tokenHash,
    userId: session.userId,
    companyId: session.companyId,
    familyId: session.familyId,
    expiresAt: session.expiresAt,
  });
  const forgive = db.execute(sql`delete from ${loginFailures} where email = ${email}`);
  if (rehashedPassword === undefined) {
    await db.batch([insert, forgive]);
  } else {
    // The stored hash used a lower cost than today's: upgrade it while we hold the plain password.
    await db.batch([insert, forgive, db.execute(sql`update users set password_hash = ${rehashedPassword} where id = ${session.userId}`)]);
  }
}

export type RotationResult =
  | { outcome: 'rotated'; user_id: number; company_id: number; is_admin: boolean; family_id: string; name: string }
  | { outcome: 'reused' | 'invalid' };

/**
 * Single-use rotation in one atomic statement: a live token is marked used and its successor inserted in the same
 * family; a token that was already used (a replay, or a thief racing the user) revokes the whole family.
 */
export async function rotateRefreshToken(db: Database, presentedHash: string, nextHash: string, ttlDays: number): Promise<RotationResult> {
  const result = await db.execute(sql`
    with presented as (
      select * from refresh_tokens where token = ${presentedHash}
    ), rotated as (
      update refresh_tokens t set used_at = now()
      from presented p
      where t.id = p.id and t.used_at is null and t.revoked_at is null and t.expires_at > now()
      returning t.user_id, t.company_id, t.family_id
    ), revoked as (
      update refresh_tokens t set revoked_at = now()
      from presented p
      where t.family_id = p.family_id and t.revoked_at is null and p.used_at is not null
      returning t.id
    ), issued as (
      insert into refresh_tokens (token, user_id, company_id, family_id, expires_at)
      select ${nextHash}, r.user_id, r.company_id, r.family_id, now() + make_interval(days => ${ttlDays}) from rotated r
      returning id
    )
    select
      case when exists (select 1 from issued) then 'rotated'
           when exists (select 1 from presented where used_at is not null) then 'reused'
           else 'invalid' end as outcome,
      r.user_id, r.company_id, r.family_id, u.is_admin, u.name
    from (select 1) one
    left join rotated r on true
    left join users u on u.id = r.user_id`);
  return rowsOf<RotationResult>(result)[0]!;
}

/** Ends one sign-in: every token of the family stops working. */
export async function revokeFamily(db: Database, userId: number, familyId: string): Promise<void> {
  await db.execute(sql`update refresh_tokens set revoked_at = now() where family_id = ${familyId} and user_id = ${userId} and revoked_at is null`);
}
