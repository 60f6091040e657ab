import { ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { PageQuery } from '../../../common/pagination/pagination.js';
import { trimString } from '../../../common/validation/transforms.js';

export class CreateCityCorporationDto {
  /** English name, e.g. "Dhaka North City Corporation". */
  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(150)
  name: string;

  /** Bengali name, e.g. "ঢাকা উত্তর সিটি কর্পোরেশন". */
  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(150)
  name_bn: string;

  /** Short unique code, e.g. "DNCC". */
  @Transform(trimString)
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{2,20}$/, { message: 'Use 2–20 letters, digits, "-" or "_".' })
  code: string;
}

/** Every field optional; none may be null. */
export class UpdateCityCorporationDto extends PartialType(CreateCityCorporationDto, { skipNullProperties: false }) {}

export class CreateZoneDto {
  /** The city corporation this zone belongs to. */
  @IsUUID('all', { message: 'Must be a valid UUID.' })
  city_corporation: string;

  @IsInt()
  @Min(1)
  number: number;

  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(150)
  name: string;

  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(150)
  name_bn: string;
}

export class UpdateZoneDto extends PartialType(OmitType(CreateZoneDto, ['city_corporation'] as const), {
  skipNullProperties: false,
}) {}

export class CreateWardDto {
  /** The zone this ward belongs to (its city corporation follows). */
  @IsUUID('all', { message: 'Must be a valid UUID.' })
  zone: string;

  /** Ward number within the city corporation. */
  @IsInt()
  @Min(1)
  number: number;

  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(150)
  name: string;

  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(150)
  name_bn: string;
}

export class UpdateWardDto extends PartialType(CreateWardDto, { skipNullProperties: false }) {}

export class CityCorporationQuery extends PageQuery {
  /** Substring of the English or Bengali name, or the code. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}

export class ZoneQuery extends CityCorporationQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'Must be a valid UUID.' })
  city_corporation?: string;
}

export class WardQuery extends ZoneQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'Must be a valid UUID.' })
  zone?: string;
}
