import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DashboardWorkerModule } from './modules/dashboard/dashboard.module.js';
import { EmergencyWorkerModule } from './modules/emergency/emergency.module.js';
import { JobHandlersCheck } from './modules/queue/job-handlers.check.js';
import { GalleryWorkerModule } from './modules/gallery/gallery.worker.js';
import { NoticesWorkerModule } from './modules/notices/notices.worker.js';
import { NotificationsWorkerModule } from './modules/notifications/notifications.module.js';
import { PaymentsWorkerModule } from './modules/payments/payments.worker.js';
import { UsersWorkerModule } from './modules/users/users.worker.js';
import { WasteManagementWorkerModule } from './modules/waste-management/waste-management.worker.js';

/**
 * Every queue processor. Loaded by the worker process, and by the API process
 * unless RUN_WORKER=false. Refuses to start unless each job has one handler.
 */
@Module({
  imports: [
    DiscoveryModule,
    NotificationsWorkerModule,
    UsersWorkerModule,
    NoticesWorkerModule,
    GalleryWorkerModule,
    PaymentsWorkerModule,
    EmergencyWorkerModule,
    WasteManagementWorkerModule,
    DashboardWorkerModule,
  ],
  providers: [JobHandlersCheck],
})
export class WorkerModule {}
