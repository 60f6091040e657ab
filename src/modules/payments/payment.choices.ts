import type { ChoiceSet } from '../../common/choices.js';

/** The seed's Payment.PAYMENT_METHOD_CHOICES. */
export const PAYMENT_METHODS = [
  { value: 'bkash', label_bn: 'বিকাশ', label_en: 'bKash' },
  { value: 'nagad', label_bn: 'নগদ', label_en: 'Nagad' },
  { value: 'rocket', label_bn: 'রকেট', label_en: 'Rocket' },
  { value: 'upay', label_bn: 'উপায়', label_en: 'Upay' },
] as const satisfies ChoiceSet;

/** The seed's Payment.STATUS_CHOICES, plus the admin-only refund state. */
export const PAYMENT_STATUSES = [
  { value: 'pending', label_bn: 'অপেক্ষমান', label_en: 'Pending' },
  { value: 'completed', label_bn: 'সম্পন্ন', label_en: 'Completed' },
  { value: 'failed', label_bn: 'ব্যর্থ', label_en: 'Failed' },
  { value: 'cancelled', label_bn: 'বাতিল', label_en: 'Cancelled' },
  { value: 'refunded', label_bn: 'ফেরত দেওয়া হয়েছে', label_en: 'Refunded' },
] as const satisfies ChoiceSet;

export type PaymentMethod = (typeof PAYMENT_METHODS)[number]['value'];
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number]['value'];
