import { describe, expect, it } from 'vitest';
import { canonicalDateTime } from '../../src/time/client-date-time';
import { toZonedIso } from '../../src/time/zoned';

describe('client date-times, read once', () => {
  it('keeps a zone-less value as a canonical wall time for the company’s clock', () => {
    expect(canonicalDateTime('2026-11-23T10:00:00')).toBe('2026-11-23T10:00:00.000');
    expect(canonicalDateTime('2026-11-23T10:00')).toBe('2026-11-23T10:00:00.000');
    expect(canonicalDateTime('2026-11-23 10:00:00.5')).toBe('2026-11-23T10:00:00.500');
  });

  it('turns values with Z or an offset into the UTC instant', () => {
    expect(canonicalDateTime('2026-11-23T10:00:00+09:00')).toBe('2026-11-23T01:00:00.000Z');
    expect(canonicalDateTime('2026-11-23T10:00:00-0330')).toBe('2026-11-23T13:30:00.000Z');
    expect(canonicalDateTime('2026-11-23T01:00:00.123456Z')).toBe('2026-11-23T01:00:00.123Z');
    // The extremes that read as an accepted year on every clock within ±14:00.
    expect(canonicalDateTime('2199-12-30T23:59:59-10:00')).toBe('2199-12-31T09:59:59.000Z');
    expect(canonicalDateTime('1980-01-01T14:00:00Z')).toBe('1980-01-01T14:00:00.000Z');
    expect(canonicalDateTime('1980-01-02T04:00:00')).toBe('1980-01-02T04:00:00.000');
    expect(canonicalDateTime('2199-12-30T19:59:59')).toBe('2199-12-30T19:59:59.000');
  });

  it('refuses impossible dates, years out of range, offsets beyond ±14:00 and anything around the value', () => {
    for (const bad of [
      '2026-02-30T10:00:00', '2026-11-23', 'tomorrow', '2026-11-23T24:00:00', '2026-11-23T10:60:00', '',
      '9999-12-31T23:00:00-15:00', '9999-12-31T23:00:00Z', '2026-11-23T10:00:00+14:01', '2026-11-23T10:00:00-16:00',
      '2026-11-23T10:00:00+09:60', '1979-12-31T23:59:59', '2200-01-01T00:00:00', '0000-01-01T00:00:00',
      // Inside the years as written, but another company clock would show them outside.
      '2199-12-31T23:59:59-14:00', '1980-01-01T00:00:00+14:00', '2199-12-31T10:00:00Z', '1980-01-02T03:59:59', '2199-12-30T20:00:00',
      '2026-11-23T10:00:00Z ', ' 2026-11-23T10:00:00', '2026-11-23T10:00:00\n', '2026-11-23T10:00:00.1234567',
      '+002026-11-23T10:00:00Z', '2026-11-23T10:00:00z',
    ]) {
      expect(canonicalDateTime(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });
});

describe('answers on the company’s clock', () => {
  it('answers ISO-8601 with the company’s offset', () => {
    expect(toZonedIso(new Date('2026-11-23T01:00:00Z'), 'Asia/Seoul')).toBe('2026-11-23T10:00:00+09:00');
    expect(toZonedIso('2026-07-01T14:00:00Z', 'America/New_York')).toBe('2026-07-01T10:00:00-04:00');
    expect(toZonedIso('2026-07-01T14:00:00Z', 'Asia/Kolkata')).toBe('2026-07-01T19:30:00+05:30');
  });

  it('shows a stored value that is not a renderable instant as null instead of throwing', () => {
    expect(toZonedIso('10000-01-01T08:00:00.000Z', 'Asia/Seoul')).toBeNull();
    expect(toZonedIso('garbage', 'Asia/Seoul')).toBeNull();
    expect(toZonedIso('2026-07-01T14:00:00Z', 'Not/AZone')).toBeNull();
  });
});
