import { Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { pushConfig, type PushConfig } from '../../config/push.config.js';
import { smsConfig, type SmsConfig } from '../../config/sms.config.js';
import { UserDevice } from '../users/user-device.entity.js';
import { ChatListener } from './listeners/chat.listener.js';
import { ComplaintsListener } from './listeners/complaints.listener.js';
import { DashboardListener } from './listeners/dashboard.listener.js';
import { DonationsListener } from './listeners/donations.listener.js';
import { NoticesListener } from './listeners/notices.listener.js';
import { PaymentsListener } from './listeners/payments.listener.js';
import { EmergencyListener } from './listeners/emergency.listener.js';
import { WasteListener } from './listeners/waste.listener.js';
import { NotificationFanout } from './notification-fanout.entity.js';
import { NotificationFanoutService } from './notification-fanout.service.js';
import { NotificationPreference } from './notification-preference.entity.js';
import { NotificationPreferencesController } from './notification-preferences.controller.js';
import { NotificationPreferencesService } from './notification-preferences.service.js';
import { Notification } from './notification.entity.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsProcessor } from './notifications.processor.js';
import { NotificationsService } from './notifications.service.js';
import { LoggingPushSender, PushSender } from './push-sender.js';
import { HttpSmsSender, LoggingSmsSender, SmsSender } from './sms-sender.js';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Notification, NotificationFanout, NotificationPreference, UserDevice])],
  controllers: [NotificationsController, NotificationPreferencesController],
  providers: [
    NotificationsService,
    NotificationPreferencesService,
    NoticesListener,
    PaymentsListener,
    DonationsListener,
    ComplaintsListener,
    NotificationFanoutService,
    EmergencyListener,
    WasteListener,
    ChatListener,
    DashboardListener,
    {
      provide: SmsSender,
      inject: [smsConfig.KEY],
      useFactory: (config: SmsConfig): SmsSender =>
        config.gatewayUrl ? new HttpSmsSender({ ...config, gatewayUrl: config.gatewayUrl }) : new LoggingSmsSender(),
    },
    {
      provide: PushSender,
      inject: [pushConfig.KEY],
      useFactory: async ({ fcm }: PushConfig): Promise<PushSender> => {
        const logger = new Logger('Push');
        if (!fcm) {
          logger.log('FCM is not configured: push notifications are logged, not sent');
          return new LoggingPushSender();
        }
        logger.log(`FCM HTTP v1 push for project ${fcm.projectId}`);
        // Loaded only when configured: the Google auth library is large.
        const { FcmPushSender } = await import('./fcm-push-sender.js');
        return new FcmPushSender(fcm);
      },
    },
  ],
  exports: [NotificationsService, NotificationFanoutService, SmsSender, PushSender],
})
export class NotificationsModule {}

/** The notifications queue's processors; loaded only where jobs run. */
@Module({
  imports: [NotificationsModule, TypeOrmModule.forFeature([UserDevice])],
  providers: [NotificationsProcessor],
})
export class NotificationsWorkerModule {}
