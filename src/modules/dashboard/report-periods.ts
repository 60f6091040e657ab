import type { ReportPeriod } from './dashboard.choices.js';

/** Inclusive range of Dhaka calendar days, YYYY-MM-DD. */
export interface DayRange {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;

const parse = (day: string): Date => new Date(`${day}T00:00:00.000Z`);
const format = (date: Date): string => date.toISOString().slice(0, 10);

/** The day `n` days after `day` (before, when negative). */
export function addDays(day: string, n: number): string {
  return format(new Date(parse(day).getTime() + n * DAY_MS));
}

/** Days from `from` to `to`, both included (1 for a single day). */
export function daysBetween(range: DayRange): number {
  return Math.round((parse(range.to).getTime() - parse(range.from).getTime()) / DAY_MS) + 1;
}

/** Every day of the range, in order. */
export function eachDay(range: DayRange): string[] {
  const days: string[] = [];
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) days.push(day);
  return days;
}

/**
 * The calendar period of the given kind that contains `day`: the day itself;
 * its ISO week (Monday to Sunday); its month; its quarter (Jan–Mar, Apr–Jun,
 * Jul–Sep, Oct–Dec); its year.
 */
export function periodContaining(period: ReportPeriod, day: string): DayRange {
  const d = parse(day);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (period) {
    case 'daily':
      return { from: day, to: day };
    case 'weekly': {
      const sinceMonday = (d.getUTCDay() + 6) % 7;
      const from = addDays(day, -sinceMonday);
      return { from, to: addDays(from, 6) };
    }
    case 'monthly':
      return { from: format(new Date(Date.UTC(y, m, 1))), to: format(new Date(Date.UTC(y, m + 1, 0))) };
    case 'quarterly': {
      const first = m - (m % 3);
      return { from: format(new Date(Date.UTC(y, first, 1))), to: format(new Date(Date.UTC(y, first + 3, 0))) };
    }
    case 'yearly':
      return { from: `${String(y).padStart(4, '0')}-01-01`, to: `${String(y).padStart(4, '0')}-12-31` };
  }
}

/**
 * What a report covers. With `date`, the period that contains that day, cut
 * at `today` when it is still running (a partial period). Without, the last
 * complete period before today: yesterday, last ISO week, last month, last
 * quarter, last year.
 */
export function reportRange(period: ReportPeriod, today: string, date?: string): DayRange {
  if (date) {
    const range = periodContaining(period, date);
    return { from: range.from, to: range.to > today ? today : range.to };
  }
  const current = periodContaining(period, today);
  return periodContaining(period, addDays(current.from, -1));
}
