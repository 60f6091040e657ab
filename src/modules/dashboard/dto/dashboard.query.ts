import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../../../common/pagination/pagination.js';
import { IsDateOnly } from '../../../common/validation/date-time.js';

/**
 * The admin dashboard's range (Dhaka days, both included; default the last 30
 * days up to today, at most 366 days) and optional ward.
 */
export class AdminDashboardQuery {
  /** First Dhaka day, YYYY-MM-DD (default: 29 days before `to`). */
  @IsOptional()
  @IsDateOnly({ required: false })
  from?: string;

  /** Last Dhaka day, YYYY-MM-DD, included (default: today). */
  @IsOptional()
  @IsDateOnly({ required: false })
  to?: string;

  /** Only this ward: any ward for admins; one of their own wards for staff (403 otherwise). */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'Must be a valid UUID.' })
  ward?: string;
}

/** The caller's reports, newest first. */
export class DashboardReportQuery extends PageQuery {}
