import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, NotEquals } from 'class-validator';
import { choiceValues } from '../../../common/choices.js';
import { PageQuery } from '../../../common/pagination/pagination.js';
import { IsMoney } from '../../../common/validation/money.js';
import { IsBdPhone } from '../../../common/validation/phone.js';
import { PAYMENT_METHODS, PAYMENT_STATUSES, type PaymentMethod, type PaymentStatus } from '../payment.choices.js';

/** Largest single payment, in taka (a year's holding tax of a large building stays below it). */
export const PAYMENT_MAX_AMOUNT = '500000.00';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const METHOD_MESSAGE = `Choose one of: ${choiceValues(PAYMENT_METHODS).join(', ')}.`;

export class CreatePaymentDto {
  /** What is paid for, e.g. "holding_tax", "trade_license". Donations go through POST donations. */
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  @NotEquals('donation', { message: 'Donations are made through POST donations.' })
  service_type: string;

  @IsMoney({ max: PAYMENT_MAX_AMOUNT })
  amount: string;

  @IsIn(choiceValues(PAYMENT_METHODS), { message: METHOD_MESSAGE })
  payment_method: PaymentMethod;

  /** The wallet number that pays. */
  @IsBdPhone()
  phone_number: string;
}

export class RefundPaymentDto {
  /** Amount to give back; the whole payment when left out. */
  @IsOptional()
  @IsMoney({ max: PAYMENT_MAX_AMOUNT })
  amount?: string;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;
}

export const PAYMENT_ORDERINGS = ['created_at', '-created_at', 'amount', '-amount'] as const;

export class PaymentQuery extends PageQuery {
  @ApiPropertyOptional({ enum: choiceValues(PAYMENT_STATUSES) })
  @IsOptional()
  @IsIn(choiceValues(PAYMENT_STATUSES))
  status?: PaymentStatus;

  @ApiPropertyOptional({ enum: choiceValues(PAYMENT_METHODS) })
  @IsOptional()
  @IsIn(choiceValues(PAYMENT_METHODS))
  payment_method?: PaymentMethod;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(50)
  service_type?: string;

  /** Staff and admin: one user's payments. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'Must be a valid UUID.' })
  user?: string;

  @ApiPropertyOptional({ enum: PAYMENT_ORDERINGS, default: '-created_at' })
  @IsOptional()
  @IsIn(PAYMENT_ORDERINGS)
  ordering?: (typeof PAYMENT_ORDERINGS)[number];
}
