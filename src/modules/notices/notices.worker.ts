import { Module } from '@nestjs/common';
import { Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import type { RequestContext } from '../../common/http/request-context.js';
import { JOBS, QUEUES, type JobPayloads } from '../queue/jobs.js';
import { ProcessJob } from '../queue/process-job.decorator.js';
import { NoticePushService, type PushOutcome } from './notice-push.service.js';
import { NoticesModule } from './notices.module.js';

@Processor(QUEUES.content)
export class NoticesProcessor {
  constructor(private readonly pusher: NoticePushService) {}

  /** Notifies the target users of an urgent notice (idempotent: resumes or does nothing on a rerun). */
  @ProcessJob(JOBS.pushUrgentNotice)
  pushUrgentNotice(
    job: Job<JobPayloads['pushUrgentNotice']>,
    origin: RequestContext,
  ): Promise<{ outcome: PushOutcome; notified: number }> {
    return this.pusher.push(origin, job.data.noticeId);
  }
}

@Module({ imports: [NoticesModule], providers: [NoticesProcessor] })
export class NoticesWorkerModule {}
