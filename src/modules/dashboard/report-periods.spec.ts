import { addDays, daysBetween, eachDay, periodContaining, reportRange } from './report-periods.js';

describe('report periods (Dhaka calendar days)', () => {
  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetween({ from: '2026-11-01', to: '2026-11-30' })).toBe(30);
    expect(eachDay({ from: '2026-02-27', to: '2026-03-02' })).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });

  it('finds the period containing a day', () => {
    // 2026-11-25 is a Wednesday.
    expect(periodContaining('daily', '2026-11-25')).toEqual({ from: '2026-11-25', to: '2026-11-25' });
    expect(periodContaining('weekly', '2026-11-25')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(periodContaining('weekly', '2026-11-23')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(periodContaining('weekly', '2026-11-29')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(periodContaining('monthly', '2024-02-10')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(periodContaining('quarterly', '2026-11-25')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(periodContaining('quarterly', '2026-03-31')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(periodContaining('yearly', '2026-06-15')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('defaults to the last complete period before today', () => {
    const today = '2026-11-25';
    expect(reportRange('daily', today)).toEqual({ from: '2026-11-24', to: '2026-11-24' });
    expect(reportRange('weekly', today)).toEqual({ from: '2026-11-16', to: '2026-11-22' });
    expect(reportRange('monthly', today)).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(reportRange('quarterly', today)).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(reportRange('yearly', today)).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    // On a Monday the week just ended is the last complete one.
    expect(reportRange('weekly', '2026-11-23')).toEqual({ from: '2026-11-16', to: '2026-11-22' });
    expect(reportRange('monthly', '2026-01-01')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  });

  it('with a date, covers the period containing it, cut at today', () => {
    const today = '2026-11-25';
    expect(reportRange('daily', today, today)).toEqual({ from: today, to: today });
    expect(reportRange('monthly', today, '2026-11-02')).toEqual({ from: '2026-11-01', to: today });
    expect(reportRange('yearly', today, '2025-05-05')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });
});
