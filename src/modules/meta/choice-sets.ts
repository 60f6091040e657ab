import type { ChoiceSet } from '../../common/choices.js';
import { CONVERSATION_TYPES } from '../chat/chat.choices.js';
import { AUDIT_ENTITY_TYPES } from '../audit/audit.choices.js';
import { EVENT_TYPES } from '../calendar-events/calendar-event.choices.js';
import { COMPLAINT_CATEGORIES, COMPLAINT_PRIORITIES, COMPLAINT_STATUSES } from '../complaints/complaint.choices.js';
import { REPORT_FORMATS, REPORT_PERIODS, REPORT_STATUSES } from '../dashboard/dashboard.choices.js';
import { GALLERY_CATEGORIES } from '../gallery/gallery.choices.js';
import { NOTICE_CATEGORIES, NOTICE_PRIORITIES } from '../notices/notice.choices.js';
import { EMERGENCY_CONTACT_TYPES, EMERGENCY_STATUSES, EMERGENCY_TYPES } from '../emergency/emergency.choices.js';
import { NOTIFICATION_CATEGORY_CHOICES } from '../notifications/notification.choices.js';
import { PAYMENT_METHODS, PAYMENT_STATUSES } from '../payments/payment.choices.js';
import { GUIDELINE_CATEGORIES, PICKUP_STATUSES, WASTE_TYPES, WEEKDAYS } from '../waste-management/waste.choices.js';

const USER_ROLES = [
  { value: 'citizen', label_bn: 'নাগরিক', label_en: 'Citizen' },
  { value: 'staff', label_bn: 'কর্মকর্তা', label_en: 'Staff' },
  { value: 'admin', label_bn: 'প্রশাসক', label_en: 'Administrator' },
] as const satisfies ChoiceSet;

const DEVICE_PLATFORMS = [
  { value: 'android', label_bn: 'অ্যান্ড্রয়েড', label_en: 'Android' },
  { value: 'ios', label_bn: 'আইওএস', label_en: 'iOS' },
  { value: 'web', label_bn: 'ওয়েব', label_en: 'Web' },
] as const satisfies ChoiceSet;

const OTP_PURPOSES = [
  { value: 'verify', label_bn: 'ফোন নম্বর যাচাই', label_en: 'Verify phone number' },
  { value: 'reset', label_bn: 'পাসওয়ার্ড রিসেট', label_en: 'Reset password' },
] as const satisfies ChoiceSet;

const LANGUAGES = [
  { value: 'bn', label_bn: 'বাংলা', label_en: 'Bengali' },
  { value: 'en', label_bn: 'ইংরেজি', label_en: 'English' },
] as const satisfies ChoiceSet;

/**
 * Every choice set the API accepts, by the field it belongs to. A module that
 * adds a set registers it here, so GET meta/choices stays complete.
 */
export const CHOICE_SETS: Record<string, ChoiceSet> = {
  complaint_category: COMPLAINT_CATEGORIES,
  complaint_priority: COMPLAINT_PRIORITIES,
  complaint_status: COMPLAINT_STATUSES,
  payment_method: PAYMENT_METHODS,
  payment_status: PAYMENT_STATUSES,
  user_role: USER_ROLES,
  device_platform: DEVICE_PLATFORMS,
  otp_purpose: OTP_PURPOSES,
  language: LANGUAGES,
  notice_priority: NOTICE_PRIORITIES,
  notice_category: NOTICE_CATEGORIES,
  event_type: EVENT_TYPES,
  gallery_category: GALLERY_CATEGORIES,
  emergency_type: EMERGENCY_TYPES,
  emergency_status: EMERGENCY_STATUSES,
  emergency_contact_type: EMERGENCY_CONTACT_TYPES,
  waste_type: WASTE_TYPES,
  weekday: WEEKDAYS,
  pickup_status: PICKUP_STATUSES,
  guideline_category: GUIDELINE_CATEGORIES,
  notification_category: NOTIFICATION_CATEGORY_CHOICES,
  conversation_type: CONVERSATION_TYPES,
  report_period: REPORT_PERIODS,
  report_format: REPORT_FORMATS,
  report_status: REPORT_STATUSES,
  audit_entity_type: AUDIT_ENTITY_TYPES,
};
