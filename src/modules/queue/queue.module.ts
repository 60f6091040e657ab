import { Global, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bull';
import { TypeOrmModule } from '@nestjs/typeorm';
import { redisConfig, type RedisConfig } from '../../config/redis.config.js';
import { DEFAULT_JOB_OPTIONS, QUEUES } from './jobs.js';
import { OutboxJob } from './outbox-job.entity.js';
import { OutboxRelay } from './outbox.relay.js';
import { OutboxService } from './outbox.service.js';
import { BACKOFF_STRATEGIES } from './retry-later.js';

const queueRegistrations = BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name })));

/**
 * Bull on Redis, every queue of `jobs.ts` registered, and the outbox through
 * which domain code enqueues. Processors are not here: they live in each
 * domain's worker module and load only where jobs are processed.
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [redisConfig.KEY],
      useFactory: (config: RedisConfig) => ({
        redis: config.url,
        prefix: config.queuePrefix,
        defaultJobOptions: { ...DEFAULT_JOB_OPTIONS },
        // Shared by every queue (a queue's own `settings` would replace these, not merge).
        settings: {
          backoffStrategies: BACKOFF_STRATEGIES,
          lockDuration: config.lockDurationMs,
          stalledInterval: config.stalledIntervalMs,
        },
      }),
    }),
    queueRegistrations,
    TypeOrmModule.forFeature([OutboxJob]),
  ],
  providers: [OutboxRelay, OutboxService],
  exports: [queueRegistrations, OutboxService, OutboxRelay],
})
export class QueueModule {}
