import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, ValidateBy } from 'class-validator';
import { choiceValues } from '../../../common/choices.js';
import { dhakaDate } from '../../../common/time/dhaka-time.js';
import { IsDateOnly, parseDateOnly } from '../../../common/validation/date-time.js';
import { REPORT_FORMATS, REPORT_PERIODS, type ReportFormat, type ReportPeriod } from '../dashboard.choices.js';

/**
 * A report of the dashboard's figures for one Dhaka calendar period. Without
 * `date`, the last complete period (yesterday; last ISO week, Monday to
 * Sunday; last month; last quarter; last year); with it, the period that
 * contains that day, up to today.
 */
export class CreateDashboardReportDto {
  @ApiProperty({ enum: choiceValues(REPORT_PERIODS) })
  @IsIn(choiceValues(REPORT_PERIODS))
  period: ReportPeriod;

  @ApiProperty({ enum: choiceValues(REPORT_FORMATS) })
  @IsIn(choiceValues(REPORT_FORMATS))
  format: ReportFormat;

  /** A Dhaka day (YYYY-MM-DD, not in the future) inside the period wanted. */
  @IsOptional()
  @IsDateOnly({ required: false })
  @ValidateBy({
    name: 'notInFuture',
    validator: {
      // Compared as strings: YYYY-MM-DD orders like the days it names.
      validate: (value: unknown) => parseDateOnly(value) === undefined || (value as string) <= dhakaDate(),
      defaultMessage: () => 'The date cannot be in the future.',
    },
  })
  date?: string;

  /** Only this ward: any ward for admins; one of their own wards for staff (403 otherwise). */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'Must be a valid UUID.' })
  ward?: string;
}
