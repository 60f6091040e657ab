import type { Choice } from '../../common/choices.js';
import type { NotificationCategory } from './notification.entity.js';

/** Notification categories with their labels (the preferences screen lists them). */
export const NOTIFICATION_CATEGORY_CHOICES = [
  { value: 'account', label_bn: 'অ্যাকাউন্ট ও যাচাই কোড', label_en: 'Account and verification codes' },
  { value: 'complaint', label_bn: 'অভিযোগ', label_en: 'Complaints' },
  { value: 'payment', label_bn: 'পেমেন্ট', label_en: 'Payments' },
  { value: 'donation', label_bn: 'অনুদান', label_en: 'Donations' },
  { value: 'emergency', label_bn: 'জরুরি সেবা', label_en: 'Emergency' },
  { value: 'notice', label_bn: 'নোটিশ', label_en: 'Notices' },
  { value: 'waste', label_bn: 'বর্জ্য ব্যবস্থাপনা', label_en: 'Waste management' },
  { value: 'event', label_bn: 'ইভেন্ট', label_en: 'Events' },
  { value: 'chat', label_bn: 'চ্যাট', label_en: 'Chat' },
  { value: 'system', label_bn: 'সিস্টেম', label_en: 'System' },
] as const satisfies readonly (Choice & { value: NotificationCategory })[];

/**
 * Categories whose SMS and push cannot be turned off: payment confirmations
 * and account messages (one-time codes, security notices).
 */
export const ALWAYS_ON_CATEGORIES: readonly NotificationCategory[] = ['payment', 'account'];

export const isAlwaysOn = (category: NotificationCategory): boolean => ALWAYS_ON_CATEGORIES.includes(category);
