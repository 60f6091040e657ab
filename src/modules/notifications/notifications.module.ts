import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { smsConfig, type SmsConfig } from '../../config/sms.config.js';
import { UserDevice } from '../users/user-device.entity.js';
import { ChatListener } from './listeners/chat.listener.js';
import { ComplaintsListener } from './listeners/complaints.listener.js';
import { NoticesListener } from './listeners/notices.listener.js';
import { DonationsListener } from './listeners/donations.listener.js';
import { PaymentsListener } from './listeners/payments.listener.js';
import { Notification } from './notification.entity.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsProcessor } from './notifications.processor.js';
import { NotificationsService } from './notifications.service.js';
import { LoggingPushSender, PushSender } from './push-sender.js';
import { HttpSmsSender, LoggingSmsSender, SmsSender } from './sms-sender.js';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Notification, UserDevice])],
  controllers: [NotificationsController],
  providers: [
    NotificationsService,
    NoticesListener,
    PaymentsListener,
    DonationsListener,
    ComplaintsListener,
    ChatListener,
    {
      provide: SmsSender,
      inject: [smsConfig.KEY],
      useFactory: (config: SmsConfig): SmsSender =>
        config.gatewayUrl ? new HttpSmsSender({ ...config, gatewayUrl: config.gatewayUrl }) : new LoggingSmsSender(),
    },
    { provide: PushSender, useClass: LoggingPushSender },
  ],
  exports: [NotificationsService, SmsSender, PushSender],
})
export class NotificationsModule {}

/** The notifications queue's processors; loaded only where jobs run. */
@Module({
  imports: [NotificationsModule, TypeOrmModule.forFeature([UserDevice])],
  providers: [NotificationsProcessor],
})
export class NotificationsWorkerModule {}
