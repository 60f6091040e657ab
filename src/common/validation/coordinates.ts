import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNumber, Max, Min, ValidateIf } from 'class-validator';

/** A number, or a string holding one (form posts); anything else is left for the validator to refuse. */
const toNumber = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;

export interface CoordinateOptions {
  /**
   * Latitude and longitude may both be left out (or null), but one alone is
   * refused: the missing one reads "This field is required.".
   */
  optionalPair?: boolean;
}

function coordinate(axis: 'latitude' | 'longitude', limit: number, options: CoordinateOptions): PropertyDecorator {
  const message = `Enter a ${axis} between -${limit} and ${limit}.`;
  const doc = { type: Number, minimum: -limit, maximum: limit, example: axis === 'latitude' ? 23.8103 : 90.4125 };
  return applyDecorators(
    options.optionalPair ? ApiPropertyOptional({ ...doc, nullable: true }) : ApiProperty(doc),
    ...(options.optionalPair
      ? [ValidateIf((o: { latitude?: unknown; longitude?: unknown }) => o.latitude != null || o.longitude != null)]
      : []),
    Transform(toNumber),
    IsNumber({ allowNaN: false, allowInfinity: false }, { message }),
    Min(-limit, { message }),
    Max(limit, { message }),
  );
}

/** Degrees north, -90 to 90 (WGS 84, as phones report it). */
export const IsLatitude = (options: CoordinateOptions = {}): PropertyDecorator => coordinate('latitude', 90, options);

/** Degrees east, -180 to 180. */
export const IsLongitude = (options: CoordinateOptions = {}): PropertyDecorator => coordinate('longitude', 180, options);
