import type { ChoiceSet } from '../common/choices.js';

/**
 * The body of a CHECK constraint that keeps `column` within a choice set:
 * `"column" IN ('a', 'b')`. Choice values are constants of the code, never
 * user input; a quote in one is doubled all the same.
 */
export function inChoices(column: string, set: ChoiceSet): string {
  return `"${column}" IN (${sqlList(set)})`;
}

/**
 * The body of a CHECK constraint that keeps an array `column` non-empty and
 * within a choice set: `cardinality("column") > 0 AND "column" <@ ARRAY['a', 'b']::varchar[]`.
 */
export function nonEmptySubsetOfChoices(column: string, set: ChoiceSet): string {
  return `cardinality("${column}") > 0 AND "${column}" <@ ARRAY[${sqlList(set)}]::varchar[]`;
}

const sqlList = (set: ChoiceSet): string => set.map((c) => `'${c.value.replace(/'/g, "''")}'`).join(', ');
