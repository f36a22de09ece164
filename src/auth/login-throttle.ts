// Login throttling. Failures live in PostgreSQL, so the limit holds across every edge location at once (a
// per-colo counter would let an attacker spread guesses over locations). Windows slide: a user locked out by
// someone guessing at their email is let in again as the oldest failures age out, never locked forever.
export const LOGIN_WINDOW_SECONDS = 15 * 60;
/** Failures allowed per email inside the window. */
export const MAX_FAILURES_PER_EMAIL = 5;
/** Failures allowed per client IP inside the window (an office may share one IP). */
export const MAX_FAILURES_PER_IP = 30;

export interface ThrottleState {
  /** When the N-th most recent failure for the email happened, if there are N (N = the limit). */
  email_limit_hit_at: string | null;
  ip_limit_hit_at: string | null;
}

/** Seconds until the caller may try again, or 0 if they may try now. */
export function retryAfterSeconds(state: ThrottleState, now = Date.now()): number {
  const waits = [state.email_limit_hit_at, state.ip_limit_hit_at]
    .filter((at): at is string => at !== null)
    .map((at) => Math.ceil((new Date(at).getTime() + LOGIN_WINDOW_SECONDS * 1000 - now) / 1000));
  return Math.max(0, ...waits);
}

/** The client's IP as Cloudflare saw it (the header is set by Cloudflare, not by the client). */
export function clientIp(header: string | undefined): string {
  return (header ?? 'unknown').slice(0, 64);
}
