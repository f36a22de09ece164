// Answers show instants on the company's wall clock with its offset ("2026-11-23T10:00:00+09:00"). Reading what
// clients send is client-date-time.ts's job.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock fields of `instant` in `timeZone`. */
function wallClock(instant: number, timeZone: string) {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

const QUARTER_HOUR = 15 * 60_000;
const offsets = new Map<string, number>();

/**
 * Milliseconds `timeZone` is ahead of UTC at `instant`. Zones change offset only on quarter hours, so one
 * Intl lookup per zone and quarter hour serves every instant in it (a board formats thousands of dates).
 */
function offsetAt(instant: number, timeZone: string): number {
  const bucket = Math.floor(instant / QUARTER_HOUR) * QUARTER_HOUR;
  const key = `${timeZone}@${bucket}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const w = wallClock(bucket, timeZone);
    offset = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - bucket;
    if (offsets.size > 50_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/**
 * ISO-8601 on the company's wall clock with its offset, e.g. 2026-11-23T10:00:00+09:00; null (and a log line) for a
 * stored value that is not a renderable instant, so one bad row never fails a whole list.
 */
export function toZonedIso(instant: Date | string, timeZone: string): string | null {
  try {
    const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
    if (!Number.isFinite(ms)) throw new RangeError('not an instant');
    const offset = offsetAt(ms, timeZone);
    const wall = new Date(ms + offset); // its UTC fields are the wall clock
    const offsetMinutes = Math.round(offset / 60_000);
    const sign = offsetMinutes < 0 ? '-' : '+';
    return `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}${sign}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`;
  } catch (err) {
    console.error(`[render] ${JSON.stringify(String(instant)).slice(0, 80)} in ${timeZone} shown as null: ${err instanceof Error ? err.message : err}`);
    return null;
  }
}

/** A time the database's own clock wrote (created, changed, sent): always an instant, shown as stored if not. */
export function zonedStamp(instant: Date | string, timeZone: string): string {
  return toZonedIso(instant, timeZone) ?? String(instant);
}
