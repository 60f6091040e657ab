import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Process } from '@nestjs/bull';
import type { Job } from 'bull';
import { requestContextTracking, runWithRequestContext, type RequestContext } from '../../common/http/request-context.js';
import { REQUEST_ID_OPTION, type JobDefinition } from './jobs.js';

const logger = new Logger('Job');

/** The request id a job runs under: the one of the request (or socket event) that caused it, else a fresh one. */
export function jobRequestId(job: Pick<Job, 'opts'>): string {
  const given = (job.opts as Record<string, unknown> | undefined)?.[REQUEST_ID_OPTION];
  return typeof given === 'string' && given ? given : randomUUID();
}

/**
 * `@Process()` for a job of `jobs.ts`. The handler is called as
 * `handler(job, origin)`: `origin` carries the id of the request that caused
 * the job, for the audit entries it makes and the jobs it causes in turn.
 * One line per attempt records the job, its duration and its outcome (as
 * each HTTP request's line does), with that request id.
 */
export function ProcessJob(def: JobDefinition, options: { concurrency?: number } = {}): MethodDecorator {
  return (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
    const handler = descriptor.value as (this: unknown, job: Job, origin: RequestContext) => Promise<unknown>;
    descriptor.value = function processJob(this: unknown, job: Job): Promise<unknown> {
      const ctx: RequestContext = { requestId: jobRequestId(job), queryCount: 0 };
      return runWithRequestContext(ctx, async () => {
        const started = performance.now();
        const line = () => ({
          reqId: ctx.requestId,
          queue: def.queue,
          job: def.name,
          jobId: String(job.id),
          attempt: job.attemptsMade + 1,
          durationMs: Math.round(performance.now() - started),
          // Counted where request context tracking is on (see request-context.ts).
          ...(requestContextTracking() ? { queries: ctx.queryCount } : {}),
        });
        try {
          const result = await handler.call(this, job, ctx);
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
