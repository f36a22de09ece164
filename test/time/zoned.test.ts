import { describe, expect, it } from 'vitest';
import { parseClientDateTime, toZonedIso } from '../../src/time/zoned';

describe('company wall-clock times', () => {
  it('reads a zone-less client date-time on the company’s clock', () => {
    expect(parseClientDateTime('2026-11-23T10:00:00', 'Asia/Seoul')!.toISOString()).toBe('2026-11-23T01:00:00.000Z');
    expect(parseClientDateTime('2026-11-23T10:00', 'America/New_York')!.toISOString()).toBe('2026-11-23T15:00:00.000Z');
    expect(parseClientDateTime('2026-07-01T10:00:00', 'America/New_York')!.toISOString()).toBe('2026-07-01T14:00:00.000Z');
  });

  it('takes values with an offset or Z as given', () => {
    expect(parseClientDateTime('2026-11-23T10:00:00+09:00', 'America/New_York')!.toISOString()).toBe('2026-11-23T01:00:00.000Z');
    expect(parseClientDateTime('2026-11-23T01:00:00.500Z', 'Asia/Seoul')!.toISOString()).toBe('2026-11-23T01:00:00.500Z');
  });

  it('refuses what is not a date-time', () => {
    for (const bad of ['2026-02-30T10:00:00', '2026-11-23', 'tomorrow', '2026-11-23T24:00:00', '']) {
      expect(parseClientDateTime(bad, 'Asia/Seoul'), bad).toBeUndefined();
    }
  });

  it('answers ISO-8601 with the company’s offset', () => {
    expect(toZonedIso(new Date('2026-11-23T01:00:00Z'), 'Asia/Seoul')).toBe('2026-11-23T10:00:00+09:00');
    expect(toZonedIso('2026-07-01T14:00:00Z', 'America/New_York')).toBe('2026-07-01T10:00:00-04:00');
    expect(toZonedIso('2026-07-01T14:00:00Z', 'Asia/Kolkata')).toBe('2026-07-01T19:30:00+05:30');
  });
});
