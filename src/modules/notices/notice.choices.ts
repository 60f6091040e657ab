import type { ChoiceSet } from '../../common/choices.js';

/** How prominently a notice is shown; `urgent` is also pushed to its target users. */
export const NOTICE_PRIORITIES = [
  { value: 'low', label_bn: 'নিম্ন', label_en: 'Low' },
  { value: 'normal', label_bn: 'সাধারণ', label_en: 'Normal' },
  { value: 'high', label_bn: 'উচ্চ', label_en: 'High' },
  { value: 'urgent', label_bn: 'জরুরি', label_en: 'Urgent' },
] as const satisfies ChoiceSet;

/** What a notice is about (the seed names the field but not its values). */
export const NOTICE_CATEGORIES = [
  { value: 'general', label_bn: 'সাধারণ', label_en: 'General' },
  { value: 'cleanliness', label_bn: 'পরিচ্ছন্নতা', label_en: 'Cleanliness' },
  { value: 'waste_collection', label_bn: 'বর্জ্য সংগ্রহ', label_en: 'Waste collection' },
  { value: 'water_supply', label_bn: 'পানি সরবরাহ', label_en: 'Water supply' },
  { value: 'roads', label_bn: 'রাস্তাঘাট', label_en: 'Roads' },
  { value: 'electricity', label_bn: 'বিদ্যুৎ', label_en: 'Electricity' },
  { value: 'health', label_bn: 'স্বাস্থ্য', label_en: 'Health' },
  { value: 'tax_fees', label_bn: 'কর ও ফি', label_en: 'Taxes and fees' },
  { value: 'event', label_bn: 'অনুষ্ঠান', label_en: 'Event' },
  { value: 'emergency', label_bn: 'জরুরি অবস্থা', label_en: 'Emergency' },
] as const satisfies ChoiceSet;

export type NoticePriority = (typeof NOTICE_PRIORITIES)[number]['value'];
export type NoticeCategory = (typeof NOTICE_CATEGORIES)[number]['value'];

export const PRIORITY_URGENT: NoticePriority = 'urgent';

/** An attachment is an image or a PDF. */
export const NOTICE_ATTACHMENT_KINDS = ['image', 'pdf'] as const;
export type NoticeAttachmentKind = (typeof NOTICE_ATTACHMENT_KINDS)[number];
