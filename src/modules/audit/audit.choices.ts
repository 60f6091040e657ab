import type { ChoiceSet } from '../../common/choices.js';

/** What the audit log records changes of (`entity_type`). */
export const AUDIT_ENTITY_TYPES = [
  { value: 'user', label_bn: 'ব্যবহারকারী', label_en: 'User' },
  { value: 'complaint', label_bn: 'অভিযোগ', label_en: 'Complaint' },
  { value: 'payment', label_bn: 'পেমেন্ট', label_en: 'Payment' },
  { value: 'notice', label_bn: 'নোটিশ', label_en: 'Notice' },
  { value: 'calendar_event', label_bn: 'ক্যালেন্ডার ইভেন্ট', label_en: 'Calendar event' },
  { value: 'gallery_photo', label_bn: 'গ্যালারির ছবি', label_en: 'Gallery photo' },
  { value: 'donation_campaign', label_bn: 'অনুদান ক্যাম্পেইন', label_en: 'Donation campaign' },
  { value: 'emergency_contact', label_bn: 'জরুরি যোগাযোগ', label_en: 'Emergency contact' },
  { value: 'emergency_request', label_bn: 'জরুরি অনুরোধ', label_en: 'Emergency request' },
  { value: 'waste_schedule', label_bn: 'বর্জ্য সংগ্রহের সময়সূচি', label_en: 'Waste collection schedule' },
  { value: 'collection_point', label_bn: 'বর্জ্য সংগ্রহ কেন্দ্র', label_en: 'Collection point' },
  { value: 'waste_guideline', label_bn: 'বর্জ্য নির্দেশিকা', label_en: 'Waste guideline' },
  { value: 'pickup_request', label_bn: 'বিশেষ বর্জ্য সংগ্রহের অনুরোধ', label_en: 'Pickup request' },
  { value: 'city_corporation', label_bn: 'সিটি কর্পোরেশন', label_en: 'City corporation' },
  { value: 'zone', label_bn: 'অঞ্চল', label_en: 'Zone' },
  { value: 'ward', label_bn: 'ওয়ার্ড', label_en: 'Ward' },
  { value: 'queue_job', label_bn: 'কিউয়ের কাজ', label_en: 'Queue job' },
] as const satisfies ChoiceSet;

export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number]['value'];
