import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Matches } from 'class-validator';

/** A Bangladeshi mobile number in its stored form: 01[3-9] + 8 digits. */
export const BD_MOBILE = /^01[3-9]\d{8}$/;

/**
 * `+8801…`, `8801…`, `008801…` and `01…` are the same number; spaces and
 * dashes are ignored. Returns `01XXXXXXXXX`, or undefined when it is not a
 * Bangladeshi mobile number.
 */
export function normalizeBdPhone(input: unknown): string | undefined {
  if (typeof input !== 'string') return undefined;
  let digits = input.trim().replace(/[\s\-().]/g, '');
  if (digits.startsWith('+')) digits = digits.slice(1);
  if (digits.startsWith('00')) digits = digits.slice(2);
  if (digits.startsWith('880')) digits = digits.slice(2);
  return BD_MOBILE.test(digits) ? digits : undefined;
}

/** A body field holding a Bangladeshi mobile number, normalised to `01XXXXXXXXX`. */
export function IsBdPhone(options: ApiPropertyOptions = {}): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      type: String,
      example: '01712345678',
      description: 'Bangladeshi mobile number; +8801…, 8801… and 01… are accepted and stored as 01XXXXXXXXX.',
      ...options,
    } as ApiPropertyOptions),
    Transform(({ value }) => normalizeBdPhone(value) ?? value),
    Matches(BD_MOBILE, { message: 'Enter a valid Bangladeshi mobile number (01XXXXXXXXX).' }),
  );
}
