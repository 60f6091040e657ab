import { Inject, Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue, Processor } from '@nestjs/bull';
import type { Job, Queue } from 'bull';
import type { RequestContext } from '../../common/http/request-context.js';
import { paymentsConfig, type PaymentsConfig } from '../../config/payments.config.js';
import { JOBS, QUEUES, type ProcessPaymentCallbackJob } from '../queue/jobs.js';
import { ProcessJob } from '../queue/process-job.decorator.js';
import { PaymentSettlementService, type SettleOutcome } from './payment-settlement.service.js';
import { PaymentsModule } from './payments.module.js';

@Processor(QUEUES.payments)
export class PaymentsProcessor {
  private readonly logger = new Logger(PaymentsProcessor.name);

  constructor(private readonly settlement: PaymentSettlementService) {}

  /** Confirms the payment with its gateway; a gateway that cannot be reached throws, so Bull retries with backoff. */
  @ProcessJob(JOBS.processPaymentCallback, { concurrency: 4 })
  async processPaymentCallback(job: Job<ProcessPaymentCallbackJob>, origin: RequestContext): Promise<{ outcome: SettleOutcome }> {
    // A failed attempt is logged by @ProcessJob (its job id names the payment); failed jobs are not kept.
    return { outcome: await this.settlement.settle(origin, job.data.paymentId, job.data.params ?? {}, 'callback') };
  }

  @ProcessJob(JOBS.expireStalePayments)
  async expireStalePayments(_job: Job, origin: RequestContext): Promise<Record<SettleOutcome, number>> {
    const counts = await this.settlement.expireStale(origin);
    if (counts.cancelled || counts.completed || counts.failed) this.logger.log(`stale payments: ${JSON.stringify(counts)}`);
    return counts;
  }
}

/** Schedules the stale-pending sweep (a repeatable job: one schedule however many workers start). */
@Injectable()
export class PaymentsSchedule implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QUEUES.payments) private readonly queue: Queue,
    @Inject(paymentsConfig.KEY) private readonly config: PaymentsConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // A changed interval would otherwise leave the old schedule running beside the new one.
    for (const job of await this.queue.getRepeatableJobs()) {
      if (job.name === JOBS.expireStalePayments.name && Number(job.every) !== this.config.sweepIntervalMs) {
        await this.queue.removeRepeatableByKey(job.key);
      }
    }
    await this.queue.add(
      JOBS.expireStalePayments.name,
      {},
      {
        repeat: { every: this.config.sweepIntervalMs },
        jobId: 'expire-stale-payments',
        removeOnComplete: 10,
        removeOnFail: 50,
        attempts: 1,
      },
    );
  }
}

@Module({ imports: [PaymentsModule], providers: [PaymentsProcessor, PaymentsSchedule] })
export class PaymentsWorkerModule {}
