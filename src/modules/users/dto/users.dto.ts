import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { ROLES, type Role } from '../../../common/auth/roles.js';
import { PageQuery } from '../../../common/pagination/pagination.js';
import { IsOptionalNonNull } from '../../../common/validation/optional.js';
import { queryBoolean, trimString } from '../../../common/validation/transforms.js';
import { DEVICE_PLATFORMS, type DevicePlatform } from '../user-device.entity.js';
import type { Language } from '../user.entity.js';

const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/** What a user may change about themselves. Role, staff and verification flags are not here on purpose. */
export class UpdateMeDto {
  @IsOptionalNonNull()
  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  /** Empty string or null clears it. */
  @IsOptional()
  @Transform(({ value }) => (value === '' ? null : lower({ value })))
  @IsEmail({}, { message: 'Enter a valid email address.' })
  email?: string | null;

  /** Empty string or null clears it. */
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(255)
  address?: string | null;

  /** Home ward id. */
  @IsOptional()
  @IsUUID('all', { message: 'Must be a valid UUID.' })
  ward?: string | null;

  /** Language of notifications: bn (default) or en. */
  @IsOptionalNonNull()
  @IsIn(['bn', 'en'])
  language?: Language;
}

export class RegisterDeviceDto {
  /** FCM registration token of this device. */
  @IsString()
  @MinLength(10)
  @MaxLength(512)
  token: string;

  @IsIn(DEVICE_PLATFORMS)
  platform: DevicePlatform;
}

export class AdminUserQuery extends PageQuery {
  /** Substring of name, phone or email. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  /** Home ward (citizens) or assigned ward (staff). */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'Must be a valid UUID.' })
  ward?: string;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  is_active?: boolean;
}

/** What an admin may change about a user. */
export class AdminUpdateUserDto {
  @IsOptionalNonNull()
  @IsIn(ROLES)
  role?: Role;

  /** Wards a staff member works in (replaces the list; empty = all wards). */
  @IsOptionalNonNull()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true, message: 'Must be a valid UUID.' })
  wards?: string[];

  @IsOptionalNonNull()
  @IsBoolean()
  is_active?: boolean;
}
