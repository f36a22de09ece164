// Throttling of everything that guesses a secret: sign-in (per email and per client IP), sign-up (per company name
// and per IP: the company code works as an invitation), the current password (per user), and company codes that
// are already taken (per user: a manager changing their code would otherwise learn which codes exist). Failures live in
// PostgreSQL, so a limit holds across every edge location at once. An attempt is counted *before* it is judged,
// under a lock on its subject and IP, so N parallel guesses count as N. Windows slide: someone guessing at a user's
// email delays them by at most the window, never locks them out for good.
import { sql, type SQL } from 'drizzle-orm';
import { AppError } from '../app/errors';
import type { Database } from '../db/client';

export type ThrottleKind = 'login' | 'signup' | 'password' | 'code';

export const THROTTLE_WINDOW_SECONDS = 15 * 60;

/** Failures allowed inside the window, per subject and per client IP (an office may share one IP). */
export const THROTTLE_LIMITS: Record<ThrottleKind, { perSubject: number; perIp: number }> = {
  login: { perSubject: 5, perIp: 30 },
  signup: { perSubject: 20, perIp: 10 },
  password: { perSubject: 5, perIp: 30 },
  code: { perSubject: 5, perIp: 30 },
};

export interface ThrottleState {
  /** When the N-th most recent failure of the subject happened, if there are N (N = the limit). */
  subject_limit_hit_at: string | null;
  ip_limit_hit_at: string | null;
}

export interface Attempt {
  kind: ThrottleKind;
  subject: string;
  ip: string;
}

/**
 * The statement that serialises attempts on one subject and one IP for the rest of the transaction (a batch):
 * the next statement then sees every attempt committed before it. Subject before IP, always, so no deadlock.
 */
export function lockAttempt(db: Database, { kind, subject, ip }: Attempt) {
  return db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${kind}:subject:${subject}`}, 0)),
    pg_advisory_xact_lock(hashtextextended(${`${kind}:ip:${ip}`}, 0))`);
}

/**
 * CTEs for the statement after `lockAttempt`: `attempt_state` (one row of ThrottleState) and, when `record` holds
 * and neither limit is hit, a failure row for this attempt (`attempt_recorded`). `record` is SQL so the statement
 * can decide (sign-up records only a wrong company); sign-in records every attempt and forgives on success.
 */
export function attemptCtes({ kind, subject, ip }: Attempt, record: SQL = sql`true`): SQL {
  const { perSubject, perIp } = THROTTLE_LIMITS[kind];
  const since = sql`now() - make_interval(secs => ${THROTTLE_WINDOW_SECONDS})`;
  return sql`attempt_state as (
      select
        (select failed_at from auth_failures where kind = ${kind} and subject = ${subject} and failed_at > ${since}
          order by failed_at desc offset ${perSubject - 1} limit 1) as subject_limit_hit_at,
        (select failed_at from auth_failures where kind = ${kind} and ip = ${ip} and failed_at > ${since}
          order by failed_at desc offset ${perIp - 1} limit 1) as ip_limit_hit_at
    ), attempt_recorded as (
      insert into auth_failures (kind, subject, ip)
      select ${kind}, ${subject}, ${ip} from attempt_state
      where subject_limit_hit_at is null and ip_limit_hit_at is null and (${record})
      returning id
    )`;
}

/** Seconds until the caller may try again, or 0 if they may try now. */
export function retryAfterSeconds(state: ThrottleState, now = Date.now()): number {
  const waits = [state.subject_limit_hit_at, state.ip_limit_hit_at]
    .filter((at): at is string => at !== null)
    .map((at) => Math.ceil((new Date(at).getTime() + THROTTLE_WINDOW_SECONDS * 1000 - now) / 1000));
  return Math.max(0, ...waits);
}

/** Throws the 429 (with Retry-After) when the attempt was over a limit. */
export function refuseIfThrottled(state: ThrottleState, setHeader: (name: string, value: string) => void, what: string) {
  const wait = retryAfterSeconds(state);
  if (wait <= 0) return;
  setHeader('Retry-After', String(wait));
  throw new AppError('TOO_MANY_REQUESTS', `${what} 시도가 너무 많습니다. ${Math.ceil(wait / 60)}분 후에 다시 시도하세요`);
}

/** The statement that forgives a subject's failures of one kind (after the secret was proven, and `provided` holds). */
export function forgiveAttempts(db: Database, kind: ThrottleKind, subject: string, provided: SQL = sql`true`) {
  return db.execute(sql`delete from auth_failures where kind = ${kind} and subject = ${subject} and (${provided})`);
}

/** The client's IP as Cloudflare saw it (the header is set by Cloudflare, not by the client). */
export function clientIp(header: string | undefined): string {
  return (header ?? 'unknown').slice(0, 64);
}
