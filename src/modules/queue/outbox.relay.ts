import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bull';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import type { DataSource } from 'typeorm';
import { redisConfig, type RedisConfig } from '../../config/redis.config.js';
import { DEFAULT_JOB_OPTIONS, REQUEST_ID_OPTION } from './jobs.js';

interface OutboxRow {
  id: string;
  queue: string;
  name: string;
  data: unknown;
  job_id: string | null;
  opts: Record<string, unknown> | null;
  run_at: Date | null;
  request_id: string | null;
}

const BATCH = 100;
const ENQUEUE_TIMEOUT_MS = 5_000;

/**
 * Moves committed outbox rows into Bull. Kicked right after each commit and
 * swept on a timer, so rows left behind by a Redis outage or a crash are
 * relayed once Redis is back. Several processes may relay at once: rows are
 * claimed with SKIP LOCKED, and Bull drops a job whose id it already has.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
    @Inject(redisConfig.KEY) private readonly config: RedisConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), this.config.outboxPollMs);
    this.timer.unref();
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Relays pending rows soon; calls made while a drain runs coalesce into one more pass. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Relays everything pending now; resolves when done (used by tests and shutdown). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
    await this.drain();
  }

  private async drain(): Promise<void> {
    try {
      while (!this.stopped && (await this.relayBatch()) === BATCH) {
        // keep going while full batches come back
      }
    } catch (err) {
      this.logger.warn(`outbox relay paused: ${(err as Error).message}`);
    }
  }

  private relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, queue, name, data, job_id, opts, run_at, request_id FROM outbox_jobs
          ORDER BY created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      if (rows.length === 0) return 0;
      const now = Date.now();
      for (const row of rows) {
        const queue = this.queue(row.queue);
        await withTimeout(
          queue.add(row.name, row.data, {
            ...DEFAULT_JOB_OPTIONS,
            ...(row.opts ?? {}),
            jobId: row.job_id ?? row.id,
            delay: row.run_at ? Math.max(0, new Date(row.run_at).getTime() - now) : undefined,
            ...(row.request_id ? { [REQUEST_ID_OPTION]: row.request_id } : {}),
          }),
          ENQUEUE_TIMEOUT_MS,
        );
      }
      await manager.query('DELETE FROM outbox_jobs WHERE id = ANY($1::uuid[])', [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  private queue(name: string): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`queue did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
