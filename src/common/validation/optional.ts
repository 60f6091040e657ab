import { ValidateIf } from 'class-validator';

/**
 * Optional but not nullable: an absent field is skipped, an explicit null is
 * validated (and refused as "This field may not be null."). `@IsOptional()`
 * lets null through, which then reaches a NOT NULL column as a 500.
 * Update DTOs pair it with `PartialType(Create, { skipNullProperties: false })`.
 */
export const IsOptionalNonNull = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);
