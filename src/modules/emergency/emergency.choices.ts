import type { ChoiceSet } from '../../common/choices.js';

/** Kinds of emergency a citizen can report (SPEC: the Bengali set). */
export const EMERGENCY_TYPES = [
  { value: 'অগ্নিকাণ্ড', label_bn: 'অগ্নিকাণ্ড', label_en: 'Fire' },
  { value: 'চিকিৎসা জরুরি', label_bn: 'চিকিৎসা জরুরি', label_en: 'Medical emergency' },
  { value: 'পুলিশ', label_bn: 'পুলিশ', label_en: 'Police' },
  { value: 'প্রাকৃতিক দুর্যোগ', label_bn: 'প্রাকৃতিক দুর্যোগ', label_en: 'Natural disaster' },
  { value: 'অন্যান্য', label_bn: 'অন্যান্য', label_en: 'Other' },
] as const satisfies ChoiceSet;

/**
 * Emergency request statuses: the complaint statuses' values, so the app
 * shows both the same way. Submitted → in progress (accepted) → resolved;
 * cancelled by the requester before anyone accepts, or by an admin.
 */
export const EMERGENCY_STATUSES = [
  { value: 'জমা দেওয়া হয়েছে', label_bn: 'জমা দেওয়া হয়েছে', label_en: 'Submitted' },
  { value: 'প্রক্রিয়াধীন', label_bn: 'প্রক্রিয়াধীন', label_en: 'In progress' },
  { value: 'সমাধান হয়েছে', label_bn: 'সমাধান হয়েছে', label_en: 'Resolved' },
  { value: 'বাতিল', label_bn: 'বাতিল', label_en: 'Cancelled' },
] as const satisfies ChoiceSet;

/** What kind of service an emergency contact number reaches. */
export const EMERGENCY_CONTACT_TYPES = [
  { value: 'emergency', label_bn: 'জরুরি সেবা', label_en: 'Emergency service' },
  { value: 'police', label_bn: 'পুলিশ', label_en: 'Police' },
  { value: 'fire', label_bn: 'ফায়ার সার্ভিস', label_en: 'Fire service' },
  { value: 'ambulance', label_bn: 'অ্যাম্বুলেন্স', label_en: 'Ambulance' },
  { value: 'hospital', label_bn: 'হাসপাতাল', label_en: 'Hospital' },
  { value: 'health', label_bn: 'স্বাস্থ্য সেবা', label_en: 'Health advice' },
  { value: 'disaster', label_bn: 'দুর্যোগ', label_en: 'Disaster' },
  { value: 'women_child', label_bn: 'নারী ও শিশু সহায়তা', label_en: 'Women and children' },
  { value: 'information', label_bn: 'তথ্য সেবা', label_en: 'Information' },
  { value: 'city_corporation', label_bn: 'সিটি কর্পোরেশন', label_en: 'City corporation' },
  { value: 'other', label_bn: 'অন্যান্য', label_en: 'Other' },
] as const satisfies ChoiceSet;

export type EmergencyType = (typeof EMERGENCY_TYPES)[number]['value'];
export type EmergencyStatus = (typeof EMERGENCY_STATUSES)[number]['value'];
export type EmergencyContactType = (typeof EMERGENCY_CONTACT_TYPES)[number]['value'];

export const EMERGENCY_SUBMITTED: EmergencyStatus = 'জমা দেওয়া হয়েছে';
export const EMERGENCY_IN_PROGRESS: EmergencyStatus = 'প্রক্রিয়াধীন';
export const EMERGENCY_RESOLVED: EmergencyStatus = 'সমাধান হয়েছে';
export const EMERGENCY_CANCELLED: EmergencyStatus = 'বাতিল';

/** Every emergency request is high priority (SPEC); the value is the complaint priority's. */
export const EMERGENCY_PRIORITY = 'উচ্চ';
