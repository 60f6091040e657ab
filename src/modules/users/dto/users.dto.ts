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
import { DEVICE_PLATFORMS, type DevicePlatform } from '../user-device.entity.js';
import type { Language } from '../user.entity.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const toBool = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

/** What a user may change about themselves. Role, staff and verification flags are not here on purpose. */
export class UpdateMeDto {
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  /** Empty string or null clears it. */
  @IsOptional()
  @Transform(({ value }) => (value === '' ? null : lower({ value })))
  @IsEmail({}, { message: 'Enter a valid email address.' })
  email?: string | null;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(255)
  address?: string | null;

  /** Home ward id. */
  @IsOptional()
  @IsUUID('all', { message: 'Must be a valid UUID.' })
  ward?: string | null;

  /** Language of notifications: bn (default) or en. */
  @IsOptional()
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
  @Transform(toBool)
  @IsBoolean()
  is_active?: boolean;
}

/** What an admin may change about a user. */
export class AdminUpdateUserDto {
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  /** Wards a staff member works in (replaces the list; empty = all wards). */
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true, message: 'Must be a valid UUID.' })
  wards?: string[];

  @IsOptional()
  @IsBoolean()
  is_active?: boolean;
}
