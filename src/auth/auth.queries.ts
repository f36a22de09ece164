import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { rowsOf } from '../db/errors';
import type { UserRole } from '../db/schema/enums';
import { userInfoColumns, type UserInfoRow } from '../users/user-info';
import { attemptCtes, forgiveAttempts, lockAttempt, type ThrottleState } from './throttle';

/** A refresh token presented again this soon after its first use, while its successor is unused, still works. */
export const REFRESH_GRACE_SECONDS = 30;

export type LoginCandidate = ThrottleState & Partial<UserInfoRow> & { password_hash: string | null };

/**
 * One round trip: this sign-in attempt is counted (under a lock on the email and the IP, unless a limit is hit),
 * and the account behind the email is read. The attempt stays counted as a failure unless the sign-in succeeds.
 */
export async function reserveLoginAttempt(db: Database, email: string, ip: string): Promise<LoginCandidate> {
  const attempt = { kind: 'login', subject: email, ip } as const;
  const [, result] = await db.batch([
    lockAttempt(db, attempt),
    db.execute(sql`
      with ${attemptCtes(attempt)}
      select attempt_state.*, u.password_hash, ${sql.raw(userInfoColumns)}
      from attempt_state
      left join users u on u.email = ${email}
      left join companies c on c.id = u.company_id`),
  ]);
  return rowsOf<LoginCandidate>(result)[0]!;
}

export interface NewSession {
  userId: number;
  companyId: number;
  tokenHash: string;
  sessionId: string;
  expiresAt: Date;
}

/**
 * A successful sign-in: a new session and its first refresh token; the email's failures are forgiven. One trip.
 * The session is made only if the account still has the password hash and role that were checked: a password
 * change, role change or deletion that commits in between wins, and the sign-in is refused. Answers whether it was.
 */
export async function startSession(db: Database, session: NewSession, checked: { passwordHash: string; role: UserRole }, email: string, rehashedPassword?: string) {
  const started = db.execute(sql`
    insert into sessions (id, user_id, company_id, expires_at)
    select ${session.sessionId}, id, company_id, ${session.expiresAt.toISOString()}::timestamptz from users
    where id = ${session.userId} and password_hash = ${checked.passwordHash} and role = ${checked.role}
    for share -- waits for a change of the account in flight, then re-reads it; a later change waits for us
    returning id`);
  const token = db.execute(sql`
    insert into refresh_tokens (token, user_id, company_id, family_id, expires_at)
    select ${session.tokenHash}, user_id, company_id, id, expires_at from sessions where id = ${session.sessionId}`);
  const forgive = forgiveAttempts(db, 'login', email, sql`exists (select 1 from sessions where id = ${session.sessionId})`);
  // The stored hash used a lower cost than today's: upgrade it while we hold the plain password.
  const rehash = rehashedPassword === undefined ? [] : [
    db.execute(sql`update users set password_hash = ${rehashedPassword} where id = ${session.userId} and password_hash = ${checked.passwordHash}`),
  ];
  const [result] = await db.batch([started, token, forgive, ...rehash]);
  return rowsOf(result).length === 1;
}

export type RotationResult =
  | { outcome: 'rotate' | 'grace'; user_id: number; company_id: number; is_admin: boolean; role: UserRole; family_id: string; name: string }
  | { outcome: 'reuse'; company_id: number; family_id: string }
  | { outcome: 'invalid' };

/**
 * Refresh-token rotation, race-free, in one round trip. The first statement locks the token's session row, so
 * every rotation, logout and session end of one sign-in happens one after another; the second then reads fresh
 * rows (a new snapshot per statement) and decides:
 * - `rotate`: a live token is marked used and its successor issued;
 * - `grace`: the same token again within REFRESH_GRACE_SECONDS while none of its successors was used (a client
 *   refreshing twice in parallel): another successor of the same session, so either answer keeps working;
 * - `reuse`: a used token after that, or a token whose sibling was used: the session ends (a thief or the user
 *   is replaying an old token; both must sign in again);
 * - `invalid`: unknown, expired, or its session has ended.
 */
export async function rotateRefreshToken(db: Database, presentedHash: string, nextHash: string, ttlDays: number): Promise<RotationResult> {
  const [, result] = await db.batch([
    db.execute(sql`select 1 from sessions where id = (select family_id from refresh_tokens where token = ${presentedHash}) for update`),
    db.execute(sql`
      with presented as (
        select t.* from refresh_tokens t where t.token = ${presentedHash} and t.expires_at > now()
      ), decision as (
        select p.id, p.user_id, p.company_id, p.family_id, case
          when exists (select 1 from refresh_tokens s where s.parent_id = p.parent_id and s.id <> p.id and s.used_at is not null) then 'reuse'
          when p.used_at is null then 'rotate'
          when p.used_at > now() - make_interval(secs => ${REFRESH_GRACE_SECONDS})
            and not exists (select 1 from refresh_tokens n where n.parent_id = p.id and n.used_at is not null) then 'grace'
          else 'reuse' end as outcome
        from presented p
      ), marked as (
        update refresh_tokens t set used_at = now() from decision d where t.id = d.id and d.outcome = 'rotate' returning t.id
      ), issued as (
        insert into refresh_tokens (token, user_id, company_id, family_id, parent_id, expires_at)
        select ${nextHash}, d.user_id, d.company_id, d.family_id, d.id, now() + make_interval(days => ${ttlDays})
        from decision d where d.outcome in ('rotate', 'grace')
        returning family_id, expires_at
      ), renewed as (
        update sessions s set expires_at = i.expires_at from issued i where s.id = i.family_id returning s.id
      ), ended as (
        delete from sessions s using decision d where s.id = d.family_id and d.outcome = 'reuse' returning s.id
      )
      select coalesce(d.outcome, 'invalid') as outcome, d.user_id, d.company_id, d.family_id, u.is_admin, u.role, u.name
      from (select 1) one
      left join decision d on true
      left join users u on u.id = d.user_id`),
  ]);
  return rowsOf<RotationResult>(result)[0]!;
}

/** Ends one sign-in: its session row goes, and with it every refresh token; its access tokens fail their check. */
export async function endSession(db: Database, userId: number, sessionId: string): Promise<void> {
  await db.execute(sql`delete from sessions where id = ${sessionId} and user_id = ${userId}`);
}

/** Nothing but the session check that every signed-in statement carries (src/db/client.ts). */
export async function isSessionLive(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}
