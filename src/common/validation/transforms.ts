/** `@Transform` helpers shared by request DTOs. */
type TransformArgs = { value: unknown };

/** Trims surrounding whitespace of a string; anything else passes through to the validators. */
export const trimString = ({ value }: TransformArgs): unknown => (typeof value === 'string' ? value.trim() : value);

/** A query-string boolean: true/1 and false/0; anything else passes through (and fails `@IsBoolean()`). */
export const queryBoolean = ({ value }: TransformArgs): unknown =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;
