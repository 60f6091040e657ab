import type { ChoiceSet } from '../../common/choices.js';

/** Kinds of waste collected on schedules, at collection points and by special pickup. */
export const WASTE_TYPES = [
  { value: 'household', label_bn: 'গৃহস্থালি বর্জ্য', label_en: 'Household waste' },
  { value: 'organic', label_bn: 'জৈব (পচনশীল) বর্জ্য', label_en: 'Organic waste' },
  { value: 'recyclable', label_bn: 'পুনর্ব্যবহারযোগ্য বর্জ্য', label_en: 'Recyclables' },
  { value: 'hazardous', label_bn: 'বিপজ্জনক বর্জ্য', label_en: 'Hazardous waste' },
  { value: 'medical', label_bn: 'চিকিৎসা বর্জ্য', label_en: 'Medical waste' },
  { value: 'electronic', label_bn: 'ইলেকট্রনিক বর্জ্য', label_en: 'E-waste' },
  { value: 'construction', label_bn: 'নির্মাণ বর্জ্য', label_en: 'Construction debris' },
  { value: 'bulky', label_bn: 'বড় আকারের বর্জ্য', label_en: 'Bulky items' },
] as const satisfies ChoiceSet;

/** Special pickup requests: pending → scheduled → completed; pending or scheduled → cancelled. */
export const PICKUP_STATUSES = [
  { value: 'pending', label_bn: 'অপেক্ষমান', label_en: 'Pending' },
  { value: 'scheduled', label_bn: 'নির্ধারিত', label_en: 'Scheduled' },
  { value: 'completed', label_bn: 'সম্পন্ন', label_en: 'Completed' },
  { value: 'cancelled', label_bn: 'বাতিল', label_en: 'Cancelled' },
] as const satisfies ChoiceSet;

/** Topics of the segregation and recycling guideline posts. */
export const GUIDELINE_CATEGORIES = [
  { value: 'segregation', label_bn: 'বর্জ্য পৃথকীকরণ', label_en: 'Segregation' },
  { value: 'recycling', label_bn: 'পুনর্ব্যবহার', label_en: 'Recycling' },
  { value: 'composting', label_bn: 'কম্পোস্ট', label_en: 'Composting' },
  { value: 'hazardous', label_bn: 'বিপজ্জনক বর্জ্য', label_en: 'Hazardous waste' },
  { value: 'reduction', label_bn: 'বর্জ্য হ্রাস', label_en: 'Waste reduction' },
  { value: 'other', label_bn: 'অন্যান্য', label_en: 'Other' },
] as const satisfies ChoiceSet;

/** Days of the week, 0 = Sunday … 6 = Saturday (Asia/Dhaka), as schedules store them. */
export const WEEKDAYS = [
  { value: '0', label_bn: 'রবিবার', label_en: 'Sunday' },
  { value: '1', label_bn: 'সোমবার', label_en: 'Monday' },
  { value: '2', label_bn: 'মঙ্গলবার', label_en: 'Tuesday' },
  { value: '3', label_bn: 'বুধবার', label_en: 'Wednesday' },
  { value: '4', label_bn: 'বৃহস্পতিবার', label_en: 'Thursday' },
  { value: '5', label_bn: 'শুক্রবার', label_en: 'Friday' },
  { value: '6', label_bn: 'শনিবার', label_en: 'Saturday' },
] as const satisfies ChoiceSet;

export type WasteType = (typeof WASTE_TYPES)[number]['value'];
export type PickupStatus = (typeof PICKUP_STATUSES)[number]['value'];
export type GuidelineCategory = (typeof GUIDELINE_CATEGORIES)[number]['value'];

/** Pickup statuses still waiting for the crew. */
export const OPEN_PICKUP_STATUSES: PickupStatus[] = ['pending', 'scheduled'];

/** Allowed moves of a pickup request's status. */
export const PICKUP_TRANSITIONS: Record<PickupStatus, PickupStatus[]> = {
  pending: ['scheduled', 'cancelled'],
  scheduled: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};
