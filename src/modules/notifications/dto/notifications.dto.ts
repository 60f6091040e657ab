import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../../common/pagination/pagination.js';
import { NOTIFICATION_CATEGORIES, type NotificationCategory } from '../notification.entity.js';

const toBool = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

export class NotificationQuery extends PageQuery {
  @ApiPropertyOptional({ type: Boolean, description: 'true: only read ones; false: only unread ones.' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  is_read?: boolean;

  @ApiPropertyOptional({ enum: NOTIFICATION_CATEGORIES })
  @IsOptional()
  @IsIn(NOTIFICATION_CATEGORIES)
  category?: NotificationCategory;
}
