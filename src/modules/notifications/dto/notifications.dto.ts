import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../../common/pagination/pagination.js';
import { queryBoolean } from '../../../common/validation/transforms.js';
import { NOTIFICATION_CATEGORIES, type NotificationCategory } from '../notification.entity.js';

export class NotificationQuery extends PageQuery {
  @ApiPropertyOptional({ type: Boolean, description: 'true: only read ones; false: only unread ones.' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  is_read?: boolean;

  @ApiPropertyOptional({ enum: NOTIFICATION_CATEGORIES })
  @IsOptional()
  @IsIn(NOTIFICATION_CATEGORIES)
  category?: NotificationCategory;
}
