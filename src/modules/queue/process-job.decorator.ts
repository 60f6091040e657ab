import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Process } from '@nestjs/bull';
import type { Job } from 'bull';
import { runWithRequestContext } from '../../common/http/request-context.js';
import { REQUEST_ID_OPTION, type JobDefinition } from './jobs.js';

const logger = new Logger('Job');

/** The request id a job runs under: the one of the request (or socket event) that caused it, else a fresh one. */
export function jobRequestId(job: Pick<Job, 'opts'>): string {
  const given = (job.opts as Record<string, unknown> | undefined)?.[REQUEST_ID_OPTION];
  return typeof given === 'string' && given ? given : randomUUID();
}

/**
 * `@Process()` for a job of `jobs.ts`, run inside a request context: every
 * log line it writes, every SQL statement it counts and every audit entry it
 * makes carry the id of the request that caused it, and one line per attempt
 * records the job, its duration and its outcome (as each HTTP request's line does).
 */
export function ProcessJob(def: JobDefinition, options: { concurrency?: number } = {}): MethodDecorator {
  return (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
    const handler = descriptor.value as (this: unknown, job: Job) => Promise<unknown>;
    descriptor.value = function processJob(this: unknown, job: Job): Promise<unknown> {
      const ctx = { requestId: jobRequestId(job), queryCount: 0 };
      return runWithRequestContext(ctx, async () => {
        const started = performance.now();
        const line = () => ({
          queue: def.queue,
          job: def.name,
          jobId: String(job.id),
          attempt: job.attemptsMade + 1,
          durationMs: Math.round(performance.now() - started),
          queries: ctx.queryCount,
        });
        try {
          const result = await handler.call(this, job);
          logger.log({ msg: 'job completed', ...line() });
          return result;
        } catch (err) {
          logger.warn({ msg: 'job attempt failed', ...line(), err });
          throw err;
        }
      });
    };
    Object.defineProperty(descriptor.value, 'name', { value: handler.name });
    Process({ name: def.name, ...(options.concurrency ? { concurrency: options.concurrency } : {}) })(target, key, descriptor);
    return descriptor;
  };
}
