import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { choiceValues } from '../../../common/choices.js';
import { PageQuery } from '../../../common/pagination/pagination.js';
import { IsDateOnly, IsMonth } from '../../../common/validation/date-time.js';
import { EVENT_TYPES, type EventType } from '../calendar-event.choices.js';

/**
 * The range is `from`–`to` (Dhaka days, inclusive; either may be left open)
 * or a Dhaka `month`; with neither, upcoming events (not ended yet).
 */
export class CalendarEventQuery extends PageQuery {
  /** First Dhaka day, YYYY-MM-DD. */
  @IsOptional()
  @IsDateOnly({ required: false })
  from?: string;

  /** Last Dhaka day, YYYY-MM-DD (inclusive). */
  @IsOptional()
  @IsDateOnly({ required: false })
  to?: string;

  /** A Dhaka month, YYYY-MM (instead of from/to). */
  @IsOptional()
  @IsMonth({ required: false })
  month?: string;

  @ApiPropertyOptional({ enum: choiceValues(EVENT_TYPES) })
  @IsOptional()
  @IsIn(choiceValues(EVENT_TYPES))
  event_type?: EventType;

  /** Events of this ward, and city-wide ones. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'Must be a valid UUID.' })
  ward?: string;
}
