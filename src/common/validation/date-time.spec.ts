import { isTimeOfDay, minutesOfDay, parseDateOnly, parseDateTime, parseMonth } from './date-time.js';

describe('parseDateTime', () => {
  it('reads an offset, Z, or no offset as Dhaka time', () => {
    expect(parseDateTime('2026-03-26T10:00:00+06:00')?.toISOString()).toBe('2026-03-26T04:00:00.000Z');
    expect(parseDateTime('2026-03-26T10:00:00Z')?.toISOString()).toBe('2026-03-26T10:00:00.000Z');
    expect(parseDateTime('2026-03-26T10:00')?.toISOString()).toBe('2026-03-26T04:00:00.000Z');
    expect(parseDateTime('2026-03-26 10:00:30.25-0530')?.toISOString()).toBe('2026-03-26T15:30:30.250Z');
    expect(parseDateTime('2026-04-01T00:30:00+06:00')?.toISOString()).toBe('2026-03-31T18:30:00.000Z');
  });

  it('accepts Feb 29 only in leap years and refuses impossible values', () => {
    expect(parseDateTime('2028-02-29T00:00:00Z')).toBeDefined();
    for (const bad of [
      '2026-02-29T00:00:00Z',
      '2026-02-30T10:00:00+06:00',
      '2026-04-31T10:00:00Z',
      '2026-13-01T10:00:00Z',
      '2026-03-26T24:00:00Z',
      '2026-03-26T10:60:00Z',
      '2026-03-26T10:00:00+15:00',
      '2026-03-26',
      'tomorrow',
      '',
      1774497600000,
      null,
    ]) {
      expect(parseDateTime(bad)).toBeUndefined();
    }
  });
});

describe('parseDateOnly and parseMonth', () => {
  it('accept real calendar days and months only', () => {
    expect(parseDateOnly('2026-03-31')).toBe('2026-03-31');
    expect(parseDateOnly('2026-02-30')).toBeUndefined();
    expect(parseDateOnly('2026-3-1')).toBeUndefined();
    expect(parseMonth('2026-12')).toBe('2026-12');
    expect(parseMonth('2026-13')).toBeUndefined();
    expect(parseMonth('2026-00')).toBeUndefined();
    expect(parseMonth(['2026-03'])).toBeUndefined();
  });
});

describe('isTimeOfDay and minutesOfDay', () => {
  it('accept 24-hour HH:MM times only', () => {
    expect(isTimeOfDay('00:00')).toBe(true);
    expect(isTimeOfDay('23:59')).toBe(true);
    expect(isTimeOfDay('24:00')).toBe(false);
    expect(isTimeOfDay('7:30')).toBe(false);
    expect(isTimeOfDay('07:30:00')).toBe(false);
    expect(minutesOfDay('07:30')).toBe(450);
  });
});
