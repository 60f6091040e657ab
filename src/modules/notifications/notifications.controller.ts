import { Controller, Get, HttpCode, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Authenticated, CurrentUser } from '../../common/auth/decorators.js';
import { IdParam } from '../../common/http/id-param.js';
import { ApiPage } from '../../common/pagination/api-page.decorator.js';
import type { Page } from '../../common/pagination/pagination.js';
import { NotificationQuery } from './dto/notifications.dto.js';
import { NotificationResponse, ReadAllResponse, UnreadCountResponse } from './dto/notifications.response.js';
import { NotificationsService } from './notifications.service.js';

@ApiTags('notifications')
@Authenticated()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** The caller's notifications, newest first. */
  @Get()
  @ApiPage(NotificationResponse)
  listNotifications(
    @Req() req: FastifyRequest,
    @CurrentUser() user: AuthUser,
    @Query() query: NotificationQuery,
  ): Promise<Page<NotificationResponse>> {
    return this.notifications.list(req, user.id, query);
  }

  @Get('unread-count')
  async unreadNotificationCount(@CurrentUser() user: AuthUser): Promise<UnreadCountResponse> {
    return { count: await this.notifications.unreadCount(user.id) };
  }

  @Patch(':id/read')
  markNotificationRead(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<NotificationResponse> {
    return this.notifications.markRead(user.id, id);
  }

  @Post('read-all')
  @HttpCode(200)
  async markAllNotificationsRead(@CurrentUser() user: AuthUser): Promise<ReadAllResponse> {
    return { updated: await this.notifications.markAllRead(user.id) };
  }
}
