import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';
import { DHAKA_OFFSET_MS, dhakaDate } from '../time/dhaka-time.js';

/** DRF's wording for a datetime it cannot parse. */
export const DATETIME_FORMAT_MESSAGE =
  'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].';
export const DATE_FORMAT_MESSAGE = 'Date has wrong format. Use one of these formats instead: YYYY-MM-DD.';
export const MONTH_FORMAT_MESSAGE = 'Month has wrong format. Use one of these formats instead: YYYY-MM.';

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))?$/i;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

function validDay(y: number, m: number, d: number): boolean {
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * An ISO 8601 date and time. With an offset (`Z`, `+06:00`) it is that
 * instant; without one it is Dhaka wall-clock time, as DRF reads naive input
 * with TIME_ZONE=Asia/Dhaka. Impossible dates (Feb 30) are refused, not rolled over.
 */
export function parseDateTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const m = DATE_TIME.exec(value.trim());
  if (!m) return undefined;
  const [, ys, ms, ds, hs, mins, ss = '0', frac = '', zulu, sign, oh, om] = m;
  const [y, mo, d, h, mi, s] = [ys, ms, ds, hs, mins, ss].map(Number);
  if (!validDay(y, mo, d) || h > 23 || mi > 59 || s > 59) return undefined;
  let offsetMs = DHAKA_OFFSET_MS;
  if (zulu) offsetMs = 0;
  else if (sign) {
    const [offH, offM] = [Number(oh), Number(om)];
    if (offH > 14 || offM > 59) return undefined;
    offsetMs = (sign === '-' ? -1 : 1) * (offH * 60 + offM) * 60_000;
  }
  const millis = Number(frac.padEnd(3, '0').slice(0, 3));
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s, millis) - offsetMs);
}

/** A calendar date `YYYY-MM-DD` that exists; returned as given. */
export function parseDateOnly(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = DATE_ONLY.exec(value.trim());
  if (!m || !validDay(Number(m[1]), Number(m[2]), Number(m[3]))) return undefined;
  return m[0];
}

/** A month `YYYY-MM`; returned as given. */
export function parseMonth(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = MONTH.exec(value.trim());
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1 || Number(m[2]) > 12) return undefined;
  return m[0];
}

/**
 * A date-time body or query field (ISO 8601; without an offset, Dhaka time),
 * parsed into a `Date` (see `parseDateTime`). Combine with `@IsOptional()` or
 * `@IsOptionalNonNull()` for optional fields.
 */
export function IsDateTime(options: ApiPropertyOptions = {}): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      type: String,
      format: 'date-time',
      example: '2026-03-26T10:00:00+06:00',
      ...options,
    } as ApiPropertyOptions),
    Transform(({ value }) => parseDateTime(value) ?? value),
    ValidateBy({
      name: 'isDateTime',
      validator: {
        validate: (value: unknown) => value instanceof Date && !Number.isNaN(value.getTime()),
        defaultMessage: () => DATETIME_FORMAT_MESSAGE,
      },
    }),
  );
}

/** A string field in a fixed format, validated by `parse`, kept as the string. */
function stringFormat(name: string, parse: (v: unknown) => string | undefined, message: string, api: ApiPropertyOptions) {
  return applyDecorators(
    ApiProperty({ type: String, ...api } as ApiPropertyOptions),
    ValidateBy({ name, validator: { validate: (value: unknown) => parse(value) !== undefined, defaultMessage: () => message } }),
  );
}

/** A `YYYY-MM-DD` field (a Dhaka calendar day), kept as the string. */
export const IsDateOnly = (options: ApiPropertyOptions = {}): PropertyDecorator =>
  stringFormat('isDateOnly', parseDateOnly, DATE_FORMAT_MESSAGE, { format: 'date', example: '2026-03-26', ...options });

/** A `YYYY-MM` field (a Dhaka calendar month), kept as the string. */
export const IsMonth = (options: ApiPropertyOptions = {}): PropertyDecorator =>
  stringFormat('isMonth', parseMonth, MONTH_FORMAT_MESSAGE, { pattern: '^\\d{4}-\\d{2}$', example: '2026-03', ...options });

/** Refuses a `YYYY-MM-DD` day before today in Asia/Dhaka (pair with `@IsDateOnly()`, which checks the format). */
export const NotBeforeToday = (): PropertyDecorator =>
  ValidateBy({
    name: 'notBeforeToday',
    validator: {
      // Compared as strings: YYYY-MM-DD orders like the days it names.
      validate: (value: unknown) => parseDateOnly(value) === undefined || (value as string) >= dhakaDate(),
      defaultMessage: () => 'The date cannot be in the past.',
    },
  });

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** True for a time of day written HH:MM (24-hour). */
export const isTimeOfDay = (value: unknown): value is string => typeof value === 'string' && TIME_OF_DAY.test(value);

/** Minutes since midnight of an HH:MM time. */
export function minutesOfDay(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
}

/** A time of day, HH:MM (24-hour), kept as the string. */
export const IsTimeOfDay = (options: ApiPropertyOptions = {}): PropertyDecorator =>
  stringFormat('isTimeOfDay', (v) => (isTimeOfDay(v) ? v : undefined), 'Time has wrong format. Use HH:MM (24-hour).', {
    pattern: TIME_OF_DAY.source,
    example: '07:30',
    ...options,
  });
