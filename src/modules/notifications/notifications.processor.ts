import { Logger } from '@nestjs/common';
import { Process, Processor } from '@nestjs/bull';
import { InjectRepository } from '@nestjs/typeorm';
import type { Job } from 'bull';
import { In, Repository } from 'typeorm';
import { JOBS, QUEUES, type SendPushJob, type SendSmsJob } from '../queue/jobs.js';
import { UserDevice } from '../users/user-device.entity.js';
import { PushSender } from './push-sender.js';
import { SmsSender } from './sms-sender.js';

/** The seed's send_sms_notification and send_push_notification tasks. */
@Processor(QUEUES.notifications)
export class NotificationsProcessor {
  private readonly logger = new Logger(NotificationsProcessor.name);

  constructor(
    private readonly sms: SmsSender,
    private readonly push: PushSender,
    @InjectRepository(UserDevice) private readonly devices: Repository<UserDevice>,
  ) {}

  @Process({ name: JOBS.sendSms.name, concurrency: 4 })
  async sendSms(job: Job<SendSmsJob>): Promise<void> {
    await this.sms.send(job.data.phone, job.data.message);
  }

  @Process({ name: JOBS.sendPush.name, concurrency: 4 })
  async sendPush(job: Job<SendPushJob>): Promise<{ devices: number; pruned: number }> {
    const devices = await this.devices.find({ where: { userId: job.data.userId }, select: { id: true, token: true } });
    if (!devices.length) return { devices: 0, pruned: 0 };
    const result = await this.push.send(
      devices.map((d) => d.token),
      { title: job.data.title, body: job.data.body, data: job.data.data },
    );
    if (result.unregistered.length) {
      await this.devices.delete({ token: In(result.unregistered) });
      this.logger.log(`removed ${result.unregistered.length} unregistered device token(s)`);
    }
    return { devices: devices.length, pruned: result.unregistered.length };
  }
}
