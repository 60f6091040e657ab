/** One value of a choice set, as GET meta/choices lists it. */
export interface Choice {
  value: string;
  label_bn: string;
  label_en: string;
}

export type ChoiceSet = readonly Choice[];

export const choiceValues = (set: ChoiceSet): string[] => set.map((c) => c.value);

/** The label of `value` in `set` in a language ('bn' or 'en'); the value itself when it is not in the set. */
export function choiceLabel(set: ChoiceSet, value: string, language: 'bn' | 'en' = 'bn'): string {
  const choice = set.find((c) => c.value === value);
  return choice ? (language === 'en' ? choice.label_en : choice.label_bn) : value;
}
