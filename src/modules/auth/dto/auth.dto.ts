import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsJWT, IsOptional, IsString, Matches, MaxLength, MinLength, NotContains } from 'class-validator';
import { IsBdPhone } from '../../../common/validation/phone.js';
import { trimString } from '../../../common/validation/transforms.js';
import { OTP_PURPOSES, type OtpPurpose } from '../otp-code.entity.js';

/** At least 8 characters, at most 128, not digits only. */
export const IsPassword = (): PropertyDecorator =>
  applyDecorators(
    ApiProperty({
      type: String,
      minLength: 8,
      maxLength: 128,
      format: 'password',
      description: 'At least 8 characters, not all digits.',
    }),
    IsString(),
    MinLength(8, { message: 'This password is too short. It must contain at least 8 characters.' }),
    MaxLength(128, { message: 'This password is too long (at most 128 characters).' }),
    Matches(/\D/, { message: 'This password is entirely numeric.' }),
  );

export class RegisterDto {
  @IsBdPhone()
  phone: string;

  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @NotContains('\u0000')
  name: string;

  @IsPassword()
  password: string;

  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() || undefined : value))
  @IsEmail({}, { message: 'Enter a valid email address.' })
  email?: string;
}

export class LoginDto {
  @IsBdPhone()
  phone: string;

  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password: string;
}

export class RefreshTokenDto {
  @IsJWT({ message: 'Token is invalid or expired.' })
  refresh_token: string;
}

export class OtpRequestDto {
  @IsBdPhone()
  phone: string;

  /** verify: confirm the phone number; reset: reset the password. */
  @IsIn(OTP_PURPOSES)
  purpose: OtpPurpose;
}

export class OtpVerifyDto {
  @IsBdPhone()
  phone: string;

  /** The 6-digit code from the SMS. */
  @Matches(/^\d{6}$/, { message: 'Enter the 6-digit code.' })
  code: string;
}

export class PasswordResetDto extends OtpVerifyDto {
  @IsPassword()
  new_password: string;
}

export class PasswordChangeDto {
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  old_password: string;

  @IsPassword()
  new_password: string;
}
