import type { ChoiceSet } from '../../common/choices.js';

/** The seed's Complaint.CATEGORY_CHOICES (values are the Bengali strings). */
export const COMPLAINT_CATEGORIES = [
  { value: 'পরিচ্ছন্নতা', label_bn: 'পরিচ্ছন্নতা', label_en: 'Cleanliness' },
  { value: 'বর্জ্য ব্যবস্থাপনা', label_bn: 'বর্জ্য ব্যবস্থাপনা', label_en: 'Waste management' },
  { value: 'পানি সরবরাহ', label_bn: 'পানি সরবরাহ', label_en: 'Water supply' },
  { value: 'রাস্তাঘাট', label_bn: 'রাস্তাঘাট', label_en: 'Roads' },
  { value: 'বিদ্যুৎ', label_bn: 'বিদ্যুৎ', label_en: 'Electricity' },
  { value: 'অন্যান্য', label_bn: 'অন্যান্য', label_en: 'Other' },
] as const satisfies ChoiceSet;

/** The seed's Complaint.PRIORITY_CHOICES. */
export const COMPLAINT_PRIORITIES = [
  { value: 'উচ্চ', label_bn: 'উচ্চ', label_en: 'High' },
  { value: 'মধ্যম', label_bn: 'মধ্যম', label_en: 'Medium' },
  { value: 'নিম্ন', label_bn: 'নিম্ন', label_en: 'Low' },
] as const satisfies ChoiceSet;

/** The seed's Complaint.STATUS_CHOICES; the first is the default. */
export const COMPLAINT_STATUSES = [
  { value: 'জমা দেওয়া হয়েছে', label_bn: 'জমা দেওয়া হয়েছে', label_en: 'Submitted' },
  { value: 'প্রক্রিয়াধীন', label_bn: 'প্রক্রিয়াধীন', label_en: 'In progress' },
  { value: 'সমাধান হয়েছে', label_bn: 'সমাধান হয়েছে', label_en: 'Resolved' },
  { value: 'বাতিল', label_bn: 'বাতিল', label_en: 'Cancelled' },
] as const satisfies ChoiceSet;

export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number]['value'];
export type ComplaintPriority = (typeof COMPLAINT_PRIORITIES)[number]['value'];
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number]['value'];

export const STATUS_SUBMITTED: ComplaintStatus = 'জমা দেওয়া হয়েছে';
export const STATUS_IN_PROGRESS: ComplaintStatus = 'প্রক্রিয়াধীন';
export const STATUS_RESOLVED: ComplaintStatus = 'সমাধান হয়েছে';
export const STATUS_CANCELLED: ComplaintStatus = 'বাতিল';
