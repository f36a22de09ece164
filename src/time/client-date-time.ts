// The one reader of client date-times. Every date-time a client sends is checked here, once, and becomes canonical
// text before any SQL sees it: a UTC instant ("2026-11-23T01:00:00.000Z") when it carried Z or an offset, or a
// zone-less wall time ("2026-11-23T10:00:00.000") that the statement reads on the company's clock. So PostgreSQL
// only ever parses values it cannot refuse, and nothing the API accepts can fail to render later.

/**
 * Years a dealership's contracts and meetings can plausibly fall in. From 1980 every time zone's offset is a whole
 * number of minutes (local mean times with odd seconds, like Seoul's +08:27:52 before 1908, are long gone), so every
 * accepted instant is shown exactly.
 */
export const MIN_YEAR = 1980;
export const MAX_YEAR = 2199;
/** The widest real UTC offsets (Pacific/Kiritimati +14:00, Etc/GMT+12 -12:00), allowed symmetrically. */
const MAX_OFFSET_MINUTES = 14 * 60;
/**
 * An instant given with an offset must lie this far inside the years above, so that on any company's clock
 * (within ±14:00) it still reads as a year the API accepts: what the API shows, it takes back.
 */
const EARLIEST = Date.UTC(MIN_YEAR, 0, 1, 14);
const LATEST = Date.UTC(MAX_YEAR, 11, 31, 10);
/** A zone-less reading may be up to 14 h from its instant, so it keeps 14 h further in (1980-01-02T04:00 on). */
const LOCAL_EARLIEST = EARLIEST + MAX_OFFSET_MINUTES * 60_000;
const LOCAL_LATEST = LATEST - MAX_OFFSET_MINUTES * 60_000;

// No trimming, no other separators: a trailing space or a stray character is an error, never silently dropped.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|([+-])(\d{2}):?(\d{2}))?$/;

export const DATE_TIME_PATTERN = DATE_TIME.source;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The canonical form of a client date-time, or undefined when it is not one the API accepts: an impossible date or
 * time (02-30, 24:00), a year outside MIN_YEAR..MAX_YEAR (for a value with an offset: on any clock), an offset
 * beyond ±14:00, or anything around the value.
 * Digits beyond milliseconds are dropped (every instant is kept to the millisecond).
 */
export function canonicalDateTime(value: string): string | undefined {
  const m = DATE_TIME.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  if (year < MIN_YEAR || year > MAX_YEAR || hour > 23 || minute > 59 || second > 59) return undefined;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  if (m[8] === undefined) {
    if (wall < LOCAL_EARLIEST || wall >= LOCAL_LATEST) return undefined;
    return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}.${pad(ms, 3)}`;
  }
  let offsetMinutes = 0;
  if (m[8] !== 'Z') {
    const hours = Number(m[10]);
    const minutes = Number(m[11]);
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (hours * 60 + minutes);
    if (minutes > 59 || Math.abs(offsetMinutes) > MAX_OFFSET_MINUTES) return undefined;
  }
  const instant = wall - offsetMinutes * 60_000;
  if (instant < EARLIEST || instant >= LATEST) return undefined;
  return new Date(instant).toISOString();
}
