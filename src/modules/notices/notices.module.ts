import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GeographyModule } from '../geography/geography.module.js';
import { NoticePushService } from './notice-push.service.js';
import { NoticeView } from './notice-view.entity.js';
import { NoticeWard } from './notice-ward.entity.js';
import { Notice } from './notice.entity.js';
import { NoticesController } from './notices.controller.js';
import { NoticesRepository } from './notices.repository.js';
import { NoticesService } from './notices.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Notice, NoticeWard, NoticeView]), GeographyModule],
  controllers: [NoticesController],
  providers: [NoticesService, NoticesRepository, NoticePushService],
  exports: [NoticesService, NoticePushService],
})
export class NoticesModule {}
