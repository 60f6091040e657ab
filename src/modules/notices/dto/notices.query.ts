import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { choiceValues } from '../../../common/choices.js';
import { PageQuery } from '../../../common/pagination/pagination.js';
import { queryBoolean } from '../../../common/validation/transforms.js';
import { NOTICE_CATEGORIES, NOTICE_PRIORITIES, type NoticeCategory, type NoticePriority } from '../notice.choices.js';

export const NOTICE_ORDERINGS = ['published_at', '-published_at'] as const;

export class NoticeQuery extends PageQuery {
  @ApiPropertyOptional({ enum: choiceValues(NOTICE_CATEGORIES) })
  @IsOptional()
  @IsIn(choiceValues(NOTICE_CATEGORIES))
  category?: NoticeCategory;

  @ApiPropertyOptional({ enum: choiceValues(NOTICE_PRIORITIES) })
  @IsOptional()
  @IsIn(choiceValues(NOTICE_PRIORITIES))
  priority?: NoticePriority;

  /** Substring of the title or content. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  /** Newest first by default. */
  @ApiPropertyOptional({ enum: NOTICE_ORDERINGS, default: '-published_at' })
  @IsOptional()
  @IsIn(NOTICE_ORDERINGS)
  ordering?: (typeof NOTICE_ORDERINGS)[number];

  /** Admin only: also scheduled (not yet published) and expired notices, of every ward. */
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  include_inactive?: boolean;
}
