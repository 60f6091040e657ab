import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Authenticated, CurrentUser } from '../../common/auth/decorators.js';
import { UpdateNotificationPreferencesDto } from './dto/notification-preferences.dto.js';
import { NotificationPreferencesResponse } from './dto/notifications.response.js';
import { NotificationPreferencesService } from './notification-preferences.service.js';

@ApiTags('notifications')
@Authenticated()
@Controller('users/me/notification-preferences')
export class NotificationPreferencesController {
  constructor(private readonly preferences: NotificationPreferencesService) {}

  /** Every notification category with its SMS and push switches (on unless turned off). */
  @Get()
  getNotificationPreferences(@CurrentUser() user: AuthUser): Promise<NotificationPreferencesResponse> {
    return this.preferences.getPreferences(user.id);
  }

  /**
   * Turns SMS or push on or off per category: `{"complaint": {"push": false}}`.
   * Payment and account messages are always on; the in-app list keeps everything.
   */
  @Patch()
  updateNotificationPreferences(
    @CurrentUser() user: AuthUser,
    @Body() dto: UpdateNotificationPreferencesDto,
  ): Promise<NotificationPreferencesResponse> {
    return this.preferences.updatePreferences(user, dto);
  }
}
