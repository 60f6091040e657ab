import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateBy } from 'class-validator';
import { choiceValues } from '../../../common/choices.js';
import { PageQuery } from '../../../common/pagination/pagination.js';
import { dhakaDayStart } from '../../../common/time/dhaka-time.js';
import { DATETIME_FORMAT_MESSAGE, parseDateOnly, parseDateTime } from '../../../common/validation/date-time.js';
import { AUDIT_ENTITY_TYPES } from '../audit.choices.js';

const DAY_MS = 86_400_000;

/** A date-time (ISO 8601; Dhaka time without an offset) or a Dhaka day (YYYY-MM-DD). */
const IsInstantOrDay = (): PropertyDecorator =>
  ValidateBy({
    name: 'isInstantOrDay',
    validator: {
      validate: (value: unknown) => parseDateTime(value) !== undefined || parseDateOnly(value) !== undefined,
      defaultMessage: () => `${DATETIME_FORMAT_MESSAGE} Or a date: YYYY-MM-DD.`,
    },
  });

export class AuditLogQuery extends PageQuery {
  /** Changes made by this user. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'Must be a valid UUID.' })
  actor?: string;

  /** Exactly this action, e.g. `complaint.status_change`. */
  @ApiPropertyOptional({ example: 'user.update' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  @Matches(/^[a-z_]+\.[a-z_]+$/, { message: 'An action looks like entity_type.verb (e.g. user.update).' })
  action?: string;

  @ApiPropertyOptional({ enum: choiceValues(AUDIT_ENTITY_TYPES) })
  @IsOptional()
  @IsIn(choiceValues(AUDIT_ENTITY_TYPES))
  entity_type?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'Must be a valid UUID.' })
  entity_id?: string;

  /** From this instant, or from the start of this Dhaka day (inclusive). */
  @ApiPropertyOptional({ example: '2026-03-01' })
  @IsOptional()
  @IsInstantOrDay()
  from?: string;

  /** Up to this instant, or to the end of this Dhaka day (inclusive). */
  @ApiPropertyOptional({ example: '2026-03-31' })
  @IsOptional()
  @IsInstantOrDay()
  to?: string;

  /** Newest first unless `created_at`. */
  @ApiPropertyOptional({ enum: ['created_at', '-created_at'] })
  @IsOptional()
  @IsIn(['created_at', '-created_at'])
  ordering?: 'created_at' | '-created_at';
}

/** The query's [from, to) in instants: a day given as `to` includes the whole day. */
export function auditRange(query: AuditLogQuery): { from?: Date; to?: Date } {
  const bound = (value: string | undefined, end: boolean): Date | undefined => {
    if (!value) return undefined;
    const day = parseDateOnly(value);
    if (day) return new Date(dhakaDayStart(day).getTime() + (end ? DAY_MS : 0));
    const at = parseDateTime(value)!;
    return end ? new Date(at.getTime() + 1) : at;
  };
  return { from: bound(query.from, false), to: bound(query.to, true) };
}
