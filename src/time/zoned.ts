// The web client sends zone-less local date-times ("2026-11-23T10:00:00"); they mean the company's wall clock.
// We store instants and answer ISO-8601 with the company's offset ("2026-11-23T10:00:00+09:00").

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

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * The instant a client date-time means: zone-less values are read on the company's wall clock; values with `Z`
 * or an offset are taken as given. Undefined for anything else (including impossible dates like 02-30).
 */
export function parseClientDateTime(value: string, timeZone: string): Date | undefined {
  const text = value.trim();
  if (WITH_OFFSET.test(text)) {
    const date = new Date(text);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  const m = LOCAL.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const guess = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(guess);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  // Two passes settle the offset around DST changes; a wall time skipped by a DST jump moves forward.
  let instant = guess - offsetAt(guess, timeZone);
  instant = guess - offsetAt(instant, timeZone);
  return new Date(instant);
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** ISO-8601 on the company's wall clock with its offset, e.g. 2026-11-23T10:00:00+09:00. */
export function toZonedIso(instant: Date | string, timeZone: string): string {
  const ms = typeof instant === 'string' ? new Date(instant).getTime() : instant.getTime();
  const offset = offsetAt(ms, timeZone);
  const wall = new Date(ms + offset); // its UTC fields are the wall clock
  const offsetMinutes = Math.round(offset / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  return `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}${sign}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`;
}
