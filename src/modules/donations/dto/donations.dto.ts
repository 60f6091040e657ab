import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsDate, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { choiceValues } from '../../../common/choices.js';
import { PageQuery } from '../../../common/pagination/pagination.js';
import { compareMoney, IsMoney } from '../../../common/validation/money.js';
import { IsBdPhone } from '../../../common/validation/phone.js';
import { PAYMENT_MAX_AMOUNT } from '../../payments/dto/payments.dto.js';
import { PAYMENT_METHODS, type PaymentMethod } from '../../payments/payment.choices.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const toBool = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;
/** ISO 8601 with an offset → Date; anything else stays as is and fails @IsDate. */
const toDate = ({ value }: { value: unknown }) =>
  typeof value === 'string' &&
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
  !Number.isNaN(Date.parse(value))
    ? new Date(value)
    : value === null
      ? null
      : value;
const DATE_MESSAGE = 'Enter a date and time in ISO 8601 with an offset, e.g. 2026-12-01T00:00:00+06:00.';

/** The largest goal a campaign can have (taka). */
export const CAMPAIGN_MAX_GOAL = '99999999.99';
/** Above this (strictly) a completed donation earns a thank-you notification. */
export const THANK_YOU_ABOVE = '10000.00';

/** True when a completed donation earns the thank-you notification: strictly above 10,000 taka. */
export const earnsThankYou = (amount: string): boolean => compareMoney(amount, THANK_YOU_ABOVE) > 0;

export class CreateCampaignDto {
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(10_000)
  description?: string;

  @IsMoney({ max: CAMPAIGN_MAX_GOAL })
  goal: string;

  /** When donations open (default now). */
  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Transform(toDate)
  @IsDate({ message: DATE_MESSAGE })
  starts_at?: Date;

  /** When donations close (open-ended when null). */
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @IsOptional()
  @Transform(toDate)
  @IsDate({ message: DATE_MESSAGE })
  ends_at?: Date | null;

  @IsOptional()
  @IsBoolean()
  is_active?: boolean;
}

export class UpdateCampaignDto extends PartialType(CreateCampaignDto) {}

export class CampaignQuery extends PageQuery {
  /** Admin only: also inactive, future and ended campaigns. */
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  all?: boolean;
}

export class CreateDonationDto {
  @IsUUID('all', { message: 'Must be a valid UUID.' })
  campaign_id: string;

  @IsMoney({ max: PAYMENT_MAX_AMOUNT })
  amount: string;

  @IsIn(choiceValues(PAYMENT_METHODS), { message: `Choose one of: ${choiceValues(PAYMENT_METHODS).join(', ')}.` })
  payment_method: PaymentMethod;

  @IsBdPhone()
  phone_number: string;

  @IsOptional()
  @IsBoolean()
  is_anonymous?: boolean;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  message?: string;
}

export class DonationQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'Must be a valid UUID.' })
  campaign?: string;
}

export class DonationReportQuery {
  /** Only donations completed at or after this instant. */
  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Transform(toDate)
  @IsDate({ message: DATE_MESSAGE })
  from?: Date;

  /** Only donations completed before this instant. */
  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Transform(toDate)
  @IsDate({ message: DATE_MESSAGE })
  to?: Date;
}
