import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { choiceValues } from '../../../common/choices.js';
import { IsDateTime } from '../../../common/validation/date-time.js';
import { IsOptionalNonNull } from '../../../common/validation/optional.js';
import { trimString } from '../../../common/validation/transforms.js';
import { NOTICE_CATEGORIES, NOTICE_PRIORITIES, type NoticeCategory, type NoticePriority } from '../notice.choices.js';

export class CreateNoticeDto {
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

  @ApiProperty({ enum: choiceValues(NOTICE_CATEGORIES) })
  @IsIn(choiceValues(NOTICE_CATEGORIES))
  category: NoticeCategory;

  /** Default `normal`. Publishing an `urgent` notice pushes it to its target users. */
  @ApiPropertyOptional({ enum: choiceValues(NOTICE_PRIORITIES), default: 'normal' })
  @IsOptionalNonNull()
  @IsIn(choiceValues(NOTICE_PRIORITIES))
  priority?: NoticePriority;

  /** Ward ids the notice is meant for; empty or absent = every ward. */
  @IsOptionalNonNull()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true, message: 'Must be a valid UUID.' })
  target_wards?: string[];

  /** When it becomes visible (default now); a future time schedules it. ISO 8601, Dhaka time without an offset. */
  @IsOptionalNonNull()
  @IsDateTime({ required: false })
  published_at?: Date;

  /** When it disappears from lists; null = never. Must be after `published_at`. */
  @IsOptional()
  @IsDateTime({ required: false, nullable: true })
  expires_at?: Date | null;
}

/** Every field optional; `target_wards` replaces the list; `expires_at: null` removes the expiry. */
export class UpdateNoticeDto extends PartialType(CreateNoticeDto, { skipNullProperties: false }) {}
