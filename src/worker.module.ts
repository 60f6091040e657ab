import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobHandlersCheck } from './modules/queue/job-handlers.check.js';
import { NotificationsWorkerModule } from './modules/notifications/notifications.module.js';
import { PaymentsWorkerModule } from './modules/payments/payments.worker.js';
import { UsersWorkerModule } from './modules/users/users.worker.js';

/**
 * Every queue processor. Loaded by the worker process, and by the API process
 * unless RUN_WORKER=false. Refuses to start unless each job has one handler.
 */
@Module({
  imports: [DiscoveryModule, NotificationsWorkerModule, UsersWorkerModule, PaymentsWorkerModule],
  providers: [JobHandlersCheck],
})
export class WorkerModule {}
