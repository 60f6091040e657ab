import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { choiceValues } from '../../../common/choices.js';
import { PageQuery } from '../../../common/pagination/pagination.js';
import { IsChoice } from '../../../common/validation/choice.js';
import { IsLatitude, IsLongitude } from '../../../common/validation/coordinates.js';
import { queryBoolean, trimString } from '../../../common/validation/transforms.js';
import { IsDateOnly, IsTimeOfDay, NotBeforeToday } from '../../../common/validation/date-time.js';
import {
  GUIDELINE_CATEGORIES,
  PICKUP_STATUSES,
  WASTE_TYPES,
  type GuidelineCategory,
  type PickupStatus,
  type WasteType,
} from '../waste.choices.js';

const blankToNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value);
const UUID_MESSAGE = { message: 'Must be a valid UUID.' };
const WASTE_TYPE_VALUES = choiceValues(WASTE_TYPES);

/** A non-empty list of distinct waste types. */
const WasteTypeList = (): PropertyDecorator =>
  applyDecorators(
    ApiProperty({ isArray: true, enum: WASTE_TYPE_VALUES, example: ['household'] }),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(WASTE_TYPE_VALUES.length),
    ArrayUnique(undefined, { message: 'Each waste type may appear once.' }),
    IsChoice(WASTE_TYPES, { each: true }),
  );

// --- schedules -----------------------------------------------------------------------------

export class CreateWasteScheduleDto {
  @IsUUID('all', UUID_MESSAGE)
  ward: string;

  @WasteTypeList()
  waste_types: WasteType[];

  /** Days of the week, 0 = Sunday … 6 = Saturday (Asia/Dhaka). */
  @ApiProperty({ type: [Number], minimum: 0, maximum: 6, example: [0, 3] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @ArrayUnique(undefined, { message: 'Each weekday may appear once.' })
  @IsInt({ each: true, message: 'Each weekday must be a whole number from 0 (Sunday) to 6 (Saturday).' })
  @Min(0, { each: true, message: 'Each weekday must be a whole number from 0 (Sunday) to 6 (Saturday).' })
  @Max(6, { each: true, message: 'Each weekday must be a whole number from 0 (Sunday) to 6 (Saturday).' })
  weekdays: number[];

  /** HH:MM, Dhaka time. */
  @IsTimeOfDay()
  start_time: string;

  /** HH:MM, after `start_time`. */
  @IsTimeOfDay()
  end_time: string;

  @IsOptional()
  @Transform(blankToNull)
  @IsString()
  @MaxLength(1000)
  notes?: string | null;

  /** Inactive schedules are hidden from the public (default true). */
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;
}

export class UpdateWasteScheduleDto extends PartialType(CreateWasteScheduleDto, { skipNullProperties: false }) {}

/** Filters shared by the schedule and collection point lists. */
class WardWasteQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', UUID_MESSAGE)
  ward?: string;

  @ApiPropertyOptional({ enum: WASTE_TYPE_VALUES })
  @IsOptional()
  @IsChoice(WASTE_TYPES)
  waste_type?: WasteType;

  /** Admins only (others always see active ones); without it admins see both. */
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  is_active?: boolean;
}

export class WasteScheduleQuery extends WardWasteQuery {
  /** Schedules that collect on this day, 0 = Sunday … 6 = Saturday. */
  @ApiPropertyOptional({ minimum: 0, maximum: 6 })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'A valid integer is required.' })
  @Min(0)
  @Max(6)
  weekday?: number;
}

// --- collection points ---------------------------------------------------------------------

export class CreateCollectionPointDto {
  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(150)
  name: string;

  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  address: string;

  @IsUUID('all', UUID_MESSAGE)
  ward: string;

  @IsLatitude()
  latitude: number;

  @IsLongitude()
  longitude: number;

  /** What it accepts. */
  @WasteTypeList()
  waste_types: WasteType[];

  @IsOptional()
  @IsBoolean()
  is_active?: boolean;
}

export class UpdateCollectionPointDto extends PartialType(CreateCollectionPointDto, { skipNullProperties: false }) {}

export class CollectionPointQuery extends WardWasteQuery {}

// --- pickup requests -----------------------------------------------------------------------

export class CreatePickupRequestDto {
  @ApiProperty({ enum: WASTE_TYPE_VALUES })
  @IsChoice(WASTE_TYPES)
  waste_type: WasteType;

  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  address: string;

  /** Ward id; defaults to the caller's home ward (one of the two is needed). */
  @IsOptional()
  @IsUUID('all', UUID_MESSAGE)
  ward?: string;

  /** YYYY-MM-DD, today (Dhaka) or later. */
  @IsDateOnly()
  @NotBeforeToday()
  preferred_date: string;

  @IsOptional()
  @Transform(blankToNull)
  @IsString()
  @MaxLength(1000)
  notes?: string | null;
}

export class UpdatePickupStatusDto {
  /** pending → scheduled → completed; pending or scheduled → cancelled. */
  @ApiProperty({ enum: choiceValues(PICKUP_STATUSES) })
  @IsChoice(PICKUP_STATUSES)
  status: PickupStatus;

  /** With `scheduled`: the day the crew comes (default: the preferred date), today or later. */
  @IsOptional()
  @IsDateOnly()
  @NotBeforeToday()
  scheduled_date?: string;

  /** Shown to the citizen (reason, instructions). */
  @IsOptional()
  @Transform(blankToNull)
  @IsString()
  @MaxLength(1000)
  note?: string | null;
}

export const PICKUP_ORDERINGS = ['created_at', '-created_at', 'preferred_date', '-preferred_date'] as const;

export class PickupRequestQuery extends PageQuery {
  @ApiPropertyOptional({ enum: choiceValues(PICKUP_STATUSES) })
  @IsOptional()
  @IsChoice(PICKUP_STATUSES)
  status?: PickupStatus;

  @ApiPropertyOptional({ enum: WASTE_TYPE_VALUES })
  @IsOptional()
  @IsChoice(WASTE_TYPES)
  waste_type?: WasteType;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', UUID_MESSAGE)
  ward?: string;

  /** Staff member id. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', UUID_MESSAGE)
  assigned_to?: string;

  /** Newest first by default. */
  @ApiPropertyOptional({ enum: PICKUP_ORDERINGS })
  @IsOptional()
  @IsIn(PICKUP_ORDERINGS)
  ordering?: (typeof PICKUP_ORDERINGS)[number];
}

// --- guidelines ----------------------------------------------------------------------------

export class CreateWasteGuidelineDto {
  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(20_000)
  content: string;

  @ApiProperty({ enum: choiceValues(GUIDELINE_CATEGORIES) })
  @IsChoice(GUIDELINE_CATEGORIES)
  category: GuidelineCategory;

  /** Default true; unpublished posts are seen by admins only. */
  @IsOptional()
  @IsBoolean()
  is_published?: boolean;
}

export class UpdateWasteGuidelineDto extends PartialType(CreateWasteGuidelineDto, { skipNullProperties: false }) {}

export class WasteGuidelineQuery extends PageQuery {
  @ApiPropertyOptional({ enum: choiceValues(GUIDELINE_CATEGORIES) })
  @IsOptional()
  @IsChoice(GUIDELINE_CATEGORIES)
  category?: GuidelineCategory;

  /** Substring of the title or the content. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  /** Admins only (others always see published ones); without it admins see both. */
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  is_published?: boolean;
}
