import type { ChoiceSet } from '../../common/choices.js';

/** Albums of the city's photo gallery (the seed names the field but not its values). */
export const GALLERY_CATEGORIES = [
  { value: 'events', label_bn: 'অনুষ্ঠান', label_en: 'Events' },
  { value: 'cleanliness', label_bn: 'পরিচ্ছন্নতা কার্যক্রম', label_en: 'Cleanliness drives' },
  { value: 'development', label_bn: 'উন্নয়ন প্রকল্প', label_en: 'Development projects' },
  { value: 'environment', label_bn: 'পরিবেশ ও সবুজায়ন', label_en: 'Environment and greening' },
  { value: 'awareness', label_bn: 'সচেতনতা কার্যক্রম', label_en: 'Awareness campaigns' },
  { value: 'other', label_bn: 'অন্যান্য', label_en: 'Other' },
] as const satisfies ChoiceSet;

export type GalleryCategory = (typeof GALLERY_CATEGORIES)[number]['value'];
