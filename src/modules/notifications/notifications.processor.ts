import { Logger } from '@nestjs/common';
import { Processor } from '@nestjs/bull';
import { InjectRepository } from '@nestjs/typeorm';
import type { Job } from 'bull';
import { In, Repository } from 'typeorm';
import { JOBS, QUEUES, type SendPushJob, type SendSmsJob } from '../queue/jobs.js';
import { ProcessJob } from '../queue/process-job.decorator.js';
import { RetryLaterError } from '../queue/retry-later.js';
import { UserDevice } from '../users/user-device.entity.js';
import { PushSender } from './push-sender.js';
import { SmsSender } from './sms-sender.js';

export interface SendPushOutcome {
  devices: number;
  delivered: number;
  pruned: number;
  rejected: number;
}

/** The seed's send_sms_notification and send_push_notification tasks. */
@Processor(QUEUES.notifications)
export class NotificationsProcessor {
  private readonly logger = new Logger(NotificationsProcessor.name);

  constructor(
    private readonly sms: SmsSender,
    private readonly push: PushSender,
    @InjectRepository(UserDevice) private readonly devices: Repository<UserDevice>,
  ) {}

  @ProcessJob(JOBS.sendSms, { concurrency: 4 })
  async sendSms(job: Job<SendSmsJob>): Promise<void> {
    await this.sms.send(job.data.phone, job.data.message);
  }

  /**
   * Pushes to every device of the user (an active account only). Dead tokens
   * are deleted. When some devices failed for now, the job records in its own
   * data (`deliveredDeviceIds`, kept in Redis with the job) which devices
   * already have the message, and throws so Bull retries after a backoff that
   * honours FCM's Retry-After; the retry sends only to the rest. A worker
   * that dies between FCM's answer and that record re-sends to those devices
   * once: delivery is at least once, as Bull's is.
   */
  @ProcessJob(JOBS.sendPush, { concurrency: 4 })
  async sendPush(job: Job<SendPushJob>): Promise<SendPushOutcome> {
    const { userId } = job.data;
    const done = new Set(job.data.deliveredDeviceIds ?? []);
    const devices = await this.devices
      .createQueryBuilder('d')
      .innerJoin('d.user', 'u', 'u.isActive = true')
      .select(['d.id', 'd.token'])
      .where('d.userId = :userId', { userId })
      .getMany();
    const pending = devices.filter((d) => !done.has(d.id));
    if (!pending.length) return { devices: devices.length, delivered: 0, pruned: 0, rejected: 0 };

    const data: Record<string, string> = { ...(job.data.data ?? {}), category: job.data.category };
    if (job.data.notificationId) data.notification_id = job.data.notificationId;
    const result = await this.push.send(
      pending.map((d) => d.token),
      { title: job.data.title, body: job.data.body, data },
    );

    if (result.unregistered.length) {
      await this.devices.delete({ userId, token: In(result.unregistered) });
      this.logger.log(`removed ${result.unregistered.length} unregistered device token(s)`);
    }
    if (result.retry.length) {
      const idByToken = new Map(pending.map((d) => [d.token, d.id]));
      const delivered = result.delivered.map((token) => idByToken.get(token)).filter((id): id is string => !!id);
      await job.update({ ...job.data, deliveredDeviceIds: [...done, ...delivered] });
      throw new RetryLaterError(
        `push to ${result.retry.length} of ${pending.length} device(s) failed for now`,
        result.retryAfterMs,
      );
    }
    return {
      devices: devices.length,
      delivered: result.delivered.length,
      pruned: result.unregistered.length,
      rejected: result.rejected.length,
    };
  }
}
