import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ValidateBy, buildMessage } from 'class-validator';

const MONEY = /^\d{1,8}(\.\d{1,2})?$/;

/**
 * Money on input: a number or a decimal string with at most two places,
 * carried as a canonical string ("150.00") so no float ever touches it.
 * Returns undefined when the value is not such an amount.
 */
export function parseMoney(value: unknown): string | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    text = String(value);
    if (/e/i.test(text)) return undefined;
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return undefined;
  }
  if (!MONEY.test(text)) return undefined;
  const [whole, frac = ''] = text.split('.');
  return `${BigInt(whole)}.${frac.padEnd(2, '0')}`;
}

/** Compares two canonical money strings; negative, zero or positive like a comparator. */
export function compareMoney(a: string, b: string): number {
  const ca = toPaisa(a);
  const cb = toPaisa(b);
  return ca < cb ? -1 : ca > cb ? 1 : 0;
}

export function toPaisa(amount: string): bigint {
  const [whole, frac = '00'] = amount.split('.');
  return BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0').slice(0, 2));
}

export function fromPaisa(paisa: bigint): string {
  const sign = paisa < 0n ? '-' : '';
  const abs = paisa < 0n ? -paisa : paisa;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

export interface MoneyOptions {
  /** Smallest amount allowed (exclusive of zero by default: "0.01"). */
  min?: string;
  /** Largest amount allowed. */
  max?: string;
}

/** A money field: number or string, ≤ 2 decimals, within [min, max]; becomes "150.00". */
export function IsMoney(options: MoneyOptions & ApiPropertyOptions = {}): PropertyDecorator {
  const { min = '0.01', max = '99999999.99', ...api } = options;
  return applyDecorators(
    ApiProperty({
      oneOf: [{ type: 'string', pattern: '^\\d+(\\.\\d{1,2})?$' }, { type: 'number' }],
      example: '150.00',
      description: `Amount in taka, at most two decimals, from ${min} to ${max}.`,
      ...api,
    } as ApiPropertyOptions),
    Transform(({ value }) => parseMoney(value) ?? value),
    ValidateBy({
      name: 'isMoney',
      constraints: [min, max],
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          parseMoney(value) === value &&
          compareMoney(value, min) >= 0 &&
          compareMoney(value, max) <= 0,
        defaultMessage: buildMessage(() => `Enter an amount from ${min} to ${max} with at most two decimal places.`),
      },
    }),
  );
}
