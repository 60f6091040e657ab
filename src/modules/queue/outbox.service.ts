import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import type { UnitOfWork } from '../../database/unit-of-work.js';
import { JOBS, type JobKey, type JobPayloads } from './jobs.js';
import { OutboxJob } from './outbox-job.entity.js';
import { OutboxRelay } from './outbox.relay.js';

export interface EnqueueOptions {
  /** Run no earlier than this many milliseconds from now. */
  delayMs?: number;
  /** Deduplication key: a second job with the same id is dropped by Bull. */
  jobId?: string;
  attempts?: number;
  priority?: number;
  /** Overrides the default exponential backoff, e.g. `RETRY_AFTER_BACKOFF`. */
  backoff?: { type: string; delay?: number; options?: Record<string, unknown> };
  /**
   * Drop the job from Redis once it completes / finally fails, so its `jobId`
   * deduplicates only while the job is waiting or running (Bull keeps the
   * last 1,000 completed jobs by default, and a kept id drops later jobs).
   */
  removeOnComplete?: boolean;
  removeOnFail?: boolean;
}

/**
 * The one way domain code enqueues a job: inside its transaction. The job
 * reaches Redis only after COMMIT (never for a rolled-back change) and
 * survives a Redis outage in the outbox table.
 */
@Injectable()
export class OutboxService {
  constructor(private readonly relay: OutboxRelay) {}

  async enqueue<K extends JobKey>(uow: UnitOfWork, job: K, data: JobPayloads[K], options: EnqueueOptions = {}): Promise<string> {
    const row = this.row(uow, job, data, options);
    await uow.manager.insert(OutboxJob, row as QueryDeepPartialEntity<OutboxJob>);
    uow.afterCommit(() => this.relay.kick());
    return options.jobId ?? row.id!;
  }

  /** Many jobs of one kind in a single INSERT (fan-outs); same guarantees as `enqueue`. */
  async enqueueMany<K extends JobKey>(
    uow: UnitOfWork,
    job: K,
    items: Array<{ data: JobPayloads[K]; options?: EnqueueOptions }>,
  ): Promise<void> {
    if (!items.length) return;
    const rows = items.map((item) => this.row(uow, job, item.data, item.options ?? {}));
    await uow.manager.insert(OutboxJob, rows as QueryDeepPartialEntity<OutboxJob>[]);
    uow.afterCommit(() => this.relay.kick());
  }

  private row<K extends JobKey>(uow: UnitOfWork, job: K, data: JobPayloads[K], options: EnqueueOptions): Partial<OutboxJob> {
    const def = JOBS[job];
    const opts: Record<string, unknown> = {};
    if (options.attempts !== undefined) opts.attempts = options.attempts;
    if (options.priority !== undefined) opts.priority = options.priority;
    if (options.backoff !== undefined) opts.backoff = options.backoff;
    if (options.removeOnComplete !== undefined) opts.removeOnComplete = options.removeOnComplete;
    if (options.removeOnFail !== undefined) opts.removeOnFail = options.removeOnFail;
    return {
      id: randomUUID(),
      queue: def.queue,
      name: def.name,
      data,
      jobId: options.jobId ?? null,
      opts: Object.keys(opts).length ? opts : null,
      runAt: options.delayMs ? new Date(Date.now() + options.delayMs) : null,
      requestId: uow.origin?.requestId ?? null,
    };
  }
}
