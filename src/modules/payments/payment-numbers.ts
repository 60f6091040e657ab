import { randomInt } from 'node:crypto';
import { dhakaDate } from '../../common/time/dhaka-time.js';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * Our merchant invoice number: "CC" + Dhaka date (YYMMDD) + 8 random
 * characters, 16 alphanumerics in all — what bKash (merchantInvoiceNumber),
 * Nagad (orderId: letters and digits only) and SSLCommerz (tran_id, ≤ 30)
 * all accept. Unique by constraint; a clash (1 in 10¹² a day) is retried.
 */
export function newInvoiceNumber(at = new Date()): string {
  let suffix = '';
  for (let i = 0; i < 8; i++) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `CC${dhakaDate(at).slice(2).replace(/-/g, '')}${suffix}`;
}
