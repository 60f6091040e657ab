import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Req, UploadedFile } from '@nestjs/common';
import type { UploadedMultipartFile } from '@nestjs/platform-fastify';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Authenticated, CurrentUser, Public, Roles } from '../../common/auth/decorators.js';
import { MB, requireFile, SingleFileUpload } from '../../common/files/upload.decorators.js';
import { IdParam } from '../../common/http/id-param.js';
import { ApiPage } from '../../common/pagination/api-page.decorator.js';
import type { Page } from '../../common/pagination/pagination.js';
import { CreateNoticeDto, UpdateNoticeDto } from './dto/notices.dto.js';
import { NoticeQuery } from './dto/notices.query.js';
import { NoticeResponse, NoticeUnreadCountResponse } from './dto/notices.response.js';
import { NoticesService } from './notices.service.js';

@ApiTags('notices')
@Controller('notices')
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  /**
   * Active notices (published, not expired), newest first. Without a token:
   * all-ward notices. With one: also those for the caller's ward (citizens:
   * home ward; staff: their wards; admins and staff without wards: all).
   */
  @Public()
  @Get()
  @ApiPage(NoticeResponse)
  listNotices(
    @Req() req: FastifyRequest,
    @CurrentUser() user: AuthUser | undefined,
    @Query() query: NoticeQuery,
  ): Promise<Page<NoticeResponse>> {
    return this.notices.list(req, user, query);
  }

  /** Active notices meant for the caller that they have not opened yet. */
  @Authenticated()
  @Get('unread-count')
  async countUnreadNotices(@CurrentUser() user: AuthUser): Promise<NoticeUnreadCountResponse> {
    return { count: await this.notices.unreadCount(user) };
  }

  /** One notice; with a token, opening it marks it read for the caller. */
  @Public()
  @Get(':id')
  getNotice(@CurrentUser() user: AuthUser | undefined, @IdParam() id: string): Promise<NoticeResponse> {
    return this.notices.get(user, id);
  }

  /** Admin: publish (or schedule) a notice. An urgent one is pushed to its target users when published. */
  @Roles('admin')
  @Post()
  createNotice(@CurrentUser() user: AuthUser, @Body() dto: CreateNoticeDto): Promise<NoticeResponse> {
    return this.notices.create(user, dto);
  }

  @Roles('admin')
  @Patch(':id')
  updateNotice(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: UpdateNoticeDto): Promise<NoticeResponse> {
    return this.notices.update(actor, id, dto);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  deleteNotice(@CurrentUser() actor: AuthUser, @IdParam() id: string): Promise<void> {
    return this.notices.remove(actor, id);
  }

  /** Admin: attach an image (jpeg/png/webp) or a PDF of at most 10 MB, replacing any previous one. */
  @Roles('admin')
  @Post(':id/attachment')
  @HttpCode(200)
  @SingleFileUpload({ maxFileBytes: 10 * MB })
  uploadNoticeAttachment(
    @CurrentUser() actor: AuthUser,
    @IdParam() id: string,
    @UploadedFile() file: UploadedMultipartFile | undefined,
  ): Promise<NoticeResponse> {
    const upload = requireFile(file);
    return this.notices.setAttachment(actor, id, upload.buffer, upload.originalname);
  }

  @Roles('admin')
  @Delete(':id/attachment')
  @HttpCode(204)
  deleteNoticeAttachment(@CurrentUser() actor: AuthUser, @IdParam() id: string): Promise<void> {
    return this.notices.removeAttachment(actor, id);
  }
}
