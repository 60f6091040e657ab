import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsObject, ValidateNested } from 'class-validator';
import { IsOptionalNonNull } from '../../../common/validation/optional.js';

/** The channels of one category to change; an absent channel keeps its setting. */
export class ChannelPreferenceDto {
  @IsOptionalNonNull()
  @IsBoolean()
  sms?: boolean;

  @IsOptionalNonNull()
  @IsBoolean()
  push?: boolean;
}

const Channels = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ type: ChannelPreferenceDto }),
    IsOptionalNonNull(),
    IsObject({ message: 'Must be an object like {"sms": true, "push": false}.' }),
    ValidateNested(),
    Type(() => ChannelPreferenceDto),
  );

/**
 * `{ "<category>": {sms?, push?} }` for any of the notification categories
 * (GET meta/choices, `notification_category`). An unknown category is a 400
 * keyed by it; turning off payment or account messages is a 400 too.
 */
export class UpdateNotificationPreferencesDto {
  @Channels() account?: ChannelPreferenceDto;
  @Channels() complaint?: ChannelPreferenceDto;
  @Channels() payment?: ChannelPreferenceDto;
  @Channels() donation?: ChannelPreferenceDto;
  @Channels() emergency?: ChannelPreferenceDto;
  @Channels() notice?: ChannelPreferenceDto;
  @Channels() waste?: ChannelPreferenceDto;
  @Channels() event?: ChannelPreferenceDto;
  @Channels() chat?: ChannelPreferenceDto;
  @Channels() system?: ChannelPreferenceDto;
}
