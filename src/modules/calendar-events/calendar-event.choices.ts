import type { ChoiceSet } from '../../common/choices.js';

/** Kinds of calendar events (SPEC: holiday|maintenance_day|collection_day|special_event). */
export const EVENT_TYPES = [
  { value: 'holiday', label_bn: 'ছুটির দিন', label_en: 'Holiday' },
  { value: 'maintenance_day', label_bn: 'রক্ষণাবেক্ষণ দিবস', label_en: 'Maintenance day' },
  { value: 'collection_day', label_bn: 'বর্জ্য সংগ্রহের দিন', label_en: 'Collection day' },
  { value: 'special_event', label_bn: 'বিশেষ অনুষ্ঠান', label_en: 'Special event' },
] as const satisfies ChoiceSet;

export type EventType = (typeof EVENT_TYPES)[number]['value'];
