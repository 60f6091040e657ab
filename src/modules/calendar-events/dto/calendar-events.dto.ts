import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { choiceValues } from '../../../common/choices.js';
import { IsDateTime } from '../../../common/validation/date-time.js';
import { IsOptionalNonNull } from '../../../common/validation/optional.js';
import { trimString } from '../../../common/validation/transforms.js';
import { EVENT_TYPES, type EventType } from '../calendar-event.choices.js';

export class CreateCalendarEventDto {
  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @IsOptionalNonNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(5_000)
  description?: string;

  @ApiProperty({ enum: choiceValues(EVENT_TYPES) })
  @IsIn(choiceValues(EVENT_TYPES))
  event_type: EventType;

  /** ISO 8601; Dhaka time without an offset. */
  @IsDateTime()
  start_at: Date;

  /** Not before `start_at`. */
  @IsDateTime()
  end_at: Date;

  /** Shown as a whole-day entry (default false). */
  @IsOptionalNonNull()
  @IsBoolean()
  all_day?: boolean;

  @IsOptionalNonNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(255)
  location?: string;

  /** Decimal degrees, -90 to 90; give it with `longitude` or not at all. */
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: -90, maximum: 90 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 6 }, { message: 'A valid number is required.' })
  @Min(-90)
  @Max(90)
  latitude?: number | null;

  /** Decimal degrees, -180 to 180. */
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: -180, maximum: 180 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 6 }, { message: 'A valid number is required.' })
  @Min(-180)
  @Max(180)
  longitude?: number | null;

  /** The ward it concerns; null or absent = city-wide. */
  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'Must be a valid UUID.' })
  ward?: string | null;
}

/** Every field optional; null clears `ward` (city-wide) and the coordinates. */
export class UpdateCalendarEventDto extends PartialType(CreateCalendarEventDto, { skipNullProperties: false }) {}
