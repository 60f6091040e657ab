/**
 * Bangladesh keeps one offset all year (UTC+06:00, no daylight saving), so
 * Asia/Dhaka arithmetic is exact with a fixed offset. Everything by date —
 * schedules, "today", per-day statistics, month filters, tracking numbers —
 * goes through these helpers.
 */
export const DHAKA_OFFSET_MS = 6 * 60 * 60 * 1000;
export const DHAKA_TZ = 'Asia/Dhaka';

/** ISO 8601 in Dhaka time with its offset, as DRF renders with TIME_ZONE=Asia/Dhaka: 2026-11-25T14:30:00.000+06:00. */
export function toIso(date: Date): string;
export function toIso(date: Date | null | undefined): string | null;
export function toIso(date: Date | null | undefined): string | null {
  if (!date) return null;
  return new Date(date.getTime() + DHAKA_OFFSET_MS).toISOString().replace('Z', '+06:00');
}

/** The Dhaka calendar date of an instant, as YYYY-MM-DD. */
export function dhakaDate(date: Date = new Date()): string {
  return new Date(date.getTime() + DHAKA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Dhaka calendar day (YYYY-MM-DD) starts. */
export function dhakaDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - DHAKA_OFFSET_MS);
}

/** [start, end) of a Dhaka month given as YYYY-MM. */
export function dhakaMonthRange(month: string): [Date, Date] {
  const [y, m] = month.split('-').map(Number);
  const start = Date.UTC(y, m - 1, 1) - DHAKA_OFFSET_MS;
  const end = Date.UTC(y, m, 1) - DHAKA_OFFSET_MS;
  return [new Date(start), new Date(end)];
}

/** Day of week in Dhaka, 0 = Sunday … 6 = Saturday. */
export function dhakaWeekday(date: Date = new Date()): number {
  return new Date(date.getTime() + DHAKA_OFFSET_MS).getUTCDay();
}
