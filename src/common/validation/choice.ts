import { IsIn, type ValidationOptions } from 'class-validator';
import { choiceValues, type ChoiceSet } from '../choices.js';

/** A value of `set`, refused in DRF's words: `"x" is not a valid choice.` (`each` for arrays of them). */
export function IsChoice(set: ChoiceSet, options: Pick<ValidationOptions, 'each'> = {}): PropertyDecorator {
  const allowed = choiceValues(set);
  return IsIn(allowed, {
    ...options,
    message: ({ value }) => {
      // With `each` the message is built for the whole array: name the values that are not choices.
      const wrong = Array.isArray(value) ? value.filter((v) => !allowed.includes(v as string)) : [value];
      return wrong.map((v) => `"${String(v)}" is not a valid choice.`).join(' ');
    },
  });
}
