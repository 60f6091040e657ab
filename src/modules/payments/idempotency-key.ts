import { FieldValidationException } from '../../common/http/api-errors.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** The Idempotency-Key header: absent, or 1–255 printable ASCII characters (else a 400 keyed by the header). */
export function idempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const key = header.trim();
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw FieldValidationException.of('Idempotency-Key', 'Use 1–255 printable characters without spaces.');
  }
  return key;
}
