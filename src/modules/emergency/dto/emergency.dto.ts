import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { choiceValues } from '../../../common/choices.js';
import { PageQuery } from '../../../common/pagination/pagination.js';
import { IsChoice } from '../../../common/validation/choice.js';
import { IsLatitude, IsLongitude } from '../../../common/validation/coordinates.js';
import { trimString } from '../../../common/validation/transforms.js';
import {
  EMERGENCY_CONTACT_TYPES,
  EMERGENCY_STATUSES,
  EMERGENCY_TYPES,
  type EmergencyContactType,
  type EmergencyStatus,
  type EmergencyType,
} from '../emergency.choices.js';

const blankToNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);
/** Spaces, dashes and brackets people type between digits. */
const dialable = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/[\s\-().]/g, '') : value);
const UUID_MESSAGE = { message: 'Must be a valid UUID.' };

// --- contacts ------------------------------------------------------------------------

export class CreateEmergencyContactDto {
  @IsChoice(EMERGENCY_CONTACT_TYPES)
  contact_type: EmergencyContactType;

  /** Name shown in the app, e.g. "জাতীয় জরুরি সেবা". */
  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(150)
  name: string;

  /** Number to dial: a short code such as 999 or a full number; spaces and dashes are dropped. */
  @Transform(dialable)
  @IsString()
  @Matches(/^\+?\d{3,15}$/, { message: 'Enter a number to dial: 3–15 digits, optionally starting with +.' })
  phone: string;

  @IsOptional()
  @Transform(blankToNull)
  @IsString()
  @MaxLength(500)
  description?: string | null;

  /** Ward id; leave out (or null) for a number shown in every ward. */
  @IsOptional()
  @IsUUID('all', UUID_MESSAGE)
  ward?: string | null;

  /** Lower first (default 100). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  sort_order?: number;
}

export class UpdateEmergencyContactDto extends PartialType(CreateEmergencyContactDto, { skipNullProperties: false }) {}

export class EmergencyContactQuery extends PageQuery {
  /** A ward's own numbers plus the national ones; without it, every number. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', UUID_MESSAGE)
  ward?: string;

  @ApiPropertyOptional({ enum: choiceValues(EMERGENCY_CONTACT_TYPES) })
  @IsOptional()
  @IsChoice(EMERGENCY_CONTACT_TYPES)
  contact_type?: EmergencyContactType;
}

// --- requests ------------------------------------------------------------------------

export class CreateEmergencyRequestDto {
  /** One of অগ্নিকাণ্ড, চিকিৎসা জরুরি, পুলিশ, প্রাকৃতিক দুর্যোগ, অন্যান্য. */
  @IsChoice(EMERGENCY_TYPES)
  emergency_type: EmergencyType;

  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  description: string;

  /** Where, in words: address or landmark. */
  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  location: string;

  /** GPS position; send both or neither (a phone without a fix must still be able to call for help). */
  @IsLatitude({ optionalPair: true })
  latitude?: number | null;

  @IsLongitude({ optionalPair: true })
  longitude?: number | null;

  /** Ward id; defaults to the requester's home ward. */
  @IsOptional()
  @IsUUID('all', UUID_MESSAGE)
  ward?: string | null;
}

export class ResolveEmergencyRequestDto {
  /** What was done. */
  @IsOptional()
  @Transform(blankToNull)
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}

export class CancelEmergencyRequestDto {
  /** Why it is no longer needed. */
  @IsOptional()
  @Transform(blankToNull)
  @IsString()
  @MaxLength(2000)
  reason?: string | null;
}

export const EMERGENCY_ORDERINGS = ['created_at', '-created_at'] as const;

export class EmergencyRequestQuery extends PageQuery {
  @ApiPropertyOptional({ enum: choiceValues(EMERGENCY_STATUSES) })
  @IsOptional()
  @IsChoice(EMERGENCY_STATUSES)
  status?: EmergencyStatus;

  @ApiPropertyOptional({ enum: choiceValues(EMERGENCY_TYPES) })
  @IsOptional()
  @IsChoice(EMERGENCY_TYPES)
  emergency_type?: EmergencyType;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', UUID_MESSAGE)
  ward?: string;

  /** Newest first by default. */
  @ApiPropertyOptional({ enum: EMERGENCY_ORDERINGS })
  @IsOptional()
  @IsIn(EMERGENCY_ORDERINGS)
  ordering?: (typeof EMERGENCY_ORDERINGS)[number];
}
