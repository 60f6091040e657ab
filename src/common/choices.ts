/** One value of a choice set, as GET meta/choices lists it. */
export interface Choice {
  value: string;
  label_bn: string;
  label_en: string;
}

export type ChoiceSet = readonly Choice[];

export const choiceValues = (set: ChoiceSet): string[] => set.map((c) => c.value);
