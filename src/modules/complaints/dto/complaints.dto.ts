import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  Allow,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { choiceValues } from '../../../common/choices.js';
import { PageQuery } from '../../../common/pagination/pagination.js';
import { trimString } from '../../../common/validation/transforms.js';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_PRIORITIES,
  COMPLAINT_STATUSES,
  type ComplaintCategory,
  type ComplaintPriority,
} from '../complaint.choices.js';

const CATEGORY_VALUES = choiceValues(COMPLAINT_CATEGORIES);
const PRIORITY_VALUES = choiceValues(COMPLAINT_PRIORITIES);
const STATUS_VALUES = choiceValues(COMPLAINT_STATUSES);

/** A JSON number, or a decimal string as DRF's DecimalField accepts. */
const toNumber = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
const invalidChoice = ({ value }: { value: unknown }) => `"${String(value)}" is not a valid choice.`;
const invalidFilterChoice = ({ value }: { value: unknown }) =>
  `Select a valid choice. ${String(value)} is not one of the available choices.`;
const UUID_MESSAGE = { message: 'Must be a valid UUID.' };
const NUMBER_MESSAGE = { message: 'A valid number is required.' };

export class CreateComplaintDto {
  @Transform(trimString)
  @IsString()
  @MinLength(1, { message: 'This field may not be blank.' })
  @MaxLength(200)
  title: string;

  @Transform(trimString)
  @IsString()
  @MinLength(1, { message: 'This field may not be blank.' })
  @MaxLength(5000)
  description: string;

  @ApiProperty({ enum: CATEGORY_VALUES })
  @IsIn(CATEGORY_VALUES, { message: invalidChoice })
  category: ComplaintCategory;

  @ApiProperty({ enum: PRIORITY_VALUES })
  @IsIn(PRIORITY_VALUES, { message: invalidChoice })
  priority: ComplaintPriority;

  /** Where it is, in the citizen's words (road, house, landmark). */
  @Transform(trimString)
  @IsString()
  @MinLength(1, { message: 'This field may not be blank.' })
  @MaxLength(255)
  location: string;

  /** Ward id; defaults to the citizen's home ward. */
  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID('all', UUID_MESSAGE)
  ward?: string | null;

  /** Decimal degrees, -90…90; give it with `longitude`. */
  @ApiPropertyOptional({ type: Number, minimum: -90, maximum: 90, nullable: true, example: 23.7808 })
  @IsOptional()
  @Transform(toNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false }, NUMBER_MESSAGE)
  @Min(-90)
  @Max(90)
  latitude?: number | null;

  /** Decimal degrees, -180…180; give it with `latitude`. */
  @ApiPropertyOptional({ type: Number, minimum: -180, maximum: 180, nullable: true, example: 90.4152 })
  @IsOptional()
  @Transform(toNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false }, NUMBER_MESSAGE)
  @Min(-180)
  @Max(180)
  longitude?: number | null;
}

/**
 * A partial update. The owner may change every field while the complaint is
 * still submitted; staff and admins may re-triage `category`, `priority` and
 * `ward` at any time. `null` clears ward or coordinates; other fields may be
 * left out but not nulled.
 */
export class UpdateComplaintDto extends PartialType(CreateComplaintDto, { skipNullProperties: false }) {}

export const COMPLAINT_ORDERINGS = ['created_at', '-created_at', 'updated_at', '-updated_at'] as const;
export type ComplaintOrdering = (typeof COMPLAINT_ORDERINGS)[number];

export class ComplaintQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CATEGORY_VALUES })
  @IsOptional()
  @IsIn(CATEGORY_VALUES, { message: invalidFilterChoice })
  category?: ComplaintCategory;

  @ApiPropertyOptional({ enum: STATUS_VALUES })
  @IsOptional()
  @IsIn(STATUS_VALUES, { message: invalidFilterChoice })
  status?: string;

  @ApiPropertyOptional({ enum: PRIORITY_VALUES })
  @IsOptional()
  @IsIn(PRIORITY_VALUES, { message: invalidFilterChoice })
  priority?: ComplaintPriority;

  /** Ward id. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', UUID_MESSAGE)
  ward?: string;

  /** Id of the staff member it is assigned to. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', UUID_MESSAGE)
  assigned_to?: string;

  /** Substring of the title or description (Bengali or English, case-insensitive). */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  /** created_at or updated_at, `-` for descending; newest first by default. */
  @ApiPropertyOptional({ enum: COMPLAINT_ORDERINGS, default: '-created_at' })
  @IsOptional()
  @IsIn(COMPLAINT_ORDERINGS, { message: invalidFilterChoice })
  ordering?: ComplaintOrdering;
}

/**
 * The seed's update_status action. Any value that is not one of the statuses
 * (or none) is answered, as the seed does, with 400 {"error": "Invalid status"}.
 */
export class UpdateComplaintStatusDto {
  @ApiProperty({ enum: STATUS_VALUES, type: String })
  @Allow()
  status: unknown;

  /** Shown in the complaint's history. */
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class AssignComplaintDto {
  /** The staff member or admin to assign; null unassigns. */
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @ValidateIf((_, value) => value !== null)
  @IsUUID('all', UUID_MESSAGE)
  assignee_id: string | null;
}

export class CreateComplaintReviewDto {
  /** 1 (poor) to 5 (excellent). */
  @ApiProperty({ minimum: 1, maximum: 5, type: 'integer' })
  @IsInt({ message: 'A valid integer is required.' })
  @Min(1)
  @Max(5)
  rating: number;

  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(2000)
  comment?: string | null;
}
