import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { JwtAuthGuard } from './common/auth/jwt-auth.guard.js';
import { AllExceptionsFilter } from './common/http/all-exceptions.filter.js';
import { createValidationPipe } from './common/http/validation.js';
import { RateLimitGuard } from './common/rate-limit/rate-limit.js';
import { RateLimitModule } from './common/rate-limit/rate-limit.module.js';
import { RedisModule } from './common/redis/redis.module.js';
import { configNamespaces, validateEnv } from './config/index.js';
import { LogFlushOnShutdown } from './logging/logger.js';
import { DatabaseModule } from './database/database.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { ChatModule } from './modules/chat/chat.module.js';
import { CalendarEventsModule } from './modules/calendar-events/calendar-events.module.js';
import { ComplaintsModule } from './modules/complaints/complaints.module.js';
import { DashboardModule } from './modules/dashboard/dashboard.module.js';
import { GalleryModule } from './modules/gallery/gallery.module.js';
import { EmergencyModule } from './modules/emergency/emergency.module.js';
import { GeographyModule } from './modules/geography/geography.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { MetaModule } from './modules/meta/meta.module.js';
import { MetricsModule } from './modules/metrics/metrics.module.js';
import { NoticesModule } from './modules/notices/notices.module.js';
import { DonationsModule } from './modules/donations/donations.module.js';
import { PaymentsModule } from './modules/payments/payments.module.js';
import { NotificationsModule } from './modules/notifications/notifications.module.js';
import { QueueModule } from './modules/queue/queue.module.js';
import { QueueBoardModule } from './modules/queue-board/queue-board.module.js';
import { RealtimeGatewayModule } from './modules/realtime/realtime-gateway.module.js';
import { RealtimeModule } from './modules/realtime/realtime.module.js';
import { StorageModule } from './modules/storage/storage.module.js';
import { UsersModule } from './modules/users/users.module.js';
import { WasteManagementModule } from './modules/waste-management/waste-management.module.js';
import { WorkerModule } from './worker.module.js';

export interface AppModuleOptions {
  /** Run queue processors in this process (RUN_WORKER). */
  worker: boolean;
}

/** Wires the domain modules; nothing else lives here. */
@Module({})
export class AppModule {
  static register(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          cache: true,
          load: configNamespaces,
          ignoreEnvFile: process.env.NODE_ENV === 'test',
          validate: (raw) => {
            validateEnv(raw);
            return raw;
          },
        }),
        EventEmitterModule.forRoot({ wildcard: false, ignoreErrors: false }),
        DatabaseModule,
        RedisModule,
        RateLimitModule,
        QueueModule,
        QueueBoardModule,
        AuditModule,
        MetricsModule,
        RealtimeModule,
        StorageModule,
        NotificationsModule,
        HealthModule,
        MetaModule,
        GeographyModule,
        UsersModule,
        AuthModule,
        RealtimeGatewayModule,
        NoticesModule,
        CalendarEventsModule,
        GalleryModule,
        PaymentsModule,
        DonationsModule,
        ComplaintsModule,
        EmergencyModule,
        WasteManagementModule,
        ChatModule,
        DashboardModule,
        ...(options.worker ? [WorkerModule] : []),
      ],
      providers: [
        LogFlushOnShutdown,
        // Order matters: authenticate first, so the rate limit can count per user.
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
