import type { ChoiceSet } from '../../common/choices.js';

/** What a conversation is about: a citizen's line to the city, or one complaint. */
export const CONVERSATION_TYPES = [
  { value: 'support', label_bn: 'সহায়তা', label_en: 'Support' },
  { value: 'complaint', label_bn: 'অভিযোগ', label_en: 'Complaint' },
] as const satisfies ChoiceSet;

export type ConversationType = (typeof CONVERSATION_TYPES)[number]['value'];
