import { Inject, Module } from '@nestjs/common';
import { Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import type { RequestContext } from '../../common/http/request-context.js';
import { cityServicesConfig, type CityServicesConfig } from '../../config/city-services.config.js';
import { NotificationFanoutService, type FanoutResult } from '../notifications/notification-fanout.service.js';
import { render } from '../notifications/templates.js';
import { JOBS, QUEUES, type NotifyWardScheduleJob } from '../queue/jobs.js';
import { ProcessJob } from '../queue/process-job.decorator.js';
import type { Recipient } from '../users/user-directory.js';

@Processor(QUEUES.wasteManagement)
export class WasteManagementProcessor {
  constructor(
    private readonly fanout: NotificationFanoutService,
    @Inject(cityServicesConfig.KEY) private readonly config: CityServicesConfig,
  ) {}

  /**
   * Tells every active citizen whose home ward is the schedule's that it
   * changed: in-app + push, a batch per transaction. Keyed by schedule,
   * version and ward, so a retried or repeated job notifies nobody twice.
   */
  @ProcessJob(JOBS.notifyWardSchedule)
  notifyWardSchedule(job: Job<NotifyWardScheduleJob>, origin: RequestContext): Promise<FanoutResult> {
    const change = job.data;
    return this.fanout.run(origin, {
      key: `waste-schedule:${change.scheduleId}:${change.version}:${change.wardId}`,
      batchSize: this.config.wasteNotifyBatchSize,
      recipients: (manager, afterId, limit): Promise<Recipient[]> =>
        manager.query(
          `SELECT id, language FROM users
            WHERE ward_id = $1 AND role = 'citizen' AND is_active AND ($2::uuid IS NULL OR id > $2)
            ORDER BY id LIMIT $3`,
          [change.wardId, afterId, limit],
        ),
      message: (recipient) => ({
        category: 'waste',
        ...render('wasteScheduleChanged', recipient.language, change),
        data: { schedule_id: change.scheduleId, ward_id: change.wardId, change: change.change },
        push: true,
      }),
    });
  }
}

/** The waste-management queue's processor; loaded only where jobs run. */
@Module({ providers: [WasteManagementProcessor] })
export class WasteManagementWorkerModule {}
