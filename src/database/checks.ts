import type { ChoiceSet } from '../common/choices.js';

/**
 * The body of a CHECK constraint that keeps `column` within a choice set:
 * `"column" IN ('a', 'b')`. Choice values are constants of the code, never
 * user input; a quote in one is doubled all the same.
 */
export function inChoices(column: string, set: ChoiceSet): string {
  return `"${column}" IN (${set.map((c) => `'${c.value.replace(/'/g, "''")}'`).join(', ')})`;
}
