import { AsyncLocalStorage } from 'node:async_hooks';
import type {} from 'fastify';

/**
 * Where a piece of work comes from: one HTTP request, socket event or queue
 * job. The audit log takes its actor, IP, user agent and request id from it,
 * and the outbox gives the request id to the jobs the work causes. It is
 * passed explicitly: an authenticated caller carries it as `AuthUser.origin`,
 * a public route reads it with `@RequestOrigin()`, a job handler gets it from
 * `@ProcessJob()`, and `TransactionRunner.run` hands it to the unit of work.
 */
export interface RequestContext {
  requestId: string;
  /** SQL statements issued so far on behalf of this request (counted where tracking is on). */
  queryCount: number;
  /** The authenticated caller (set by the auth guard); absent for anonymous requests and jobs. */
  actorId?: string;
  /** The client's address (X-Forwarded-For when TRUST_PROXY) and User-Agent, for the audit log. */
  ip?: string;
  userAgent?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's context, set by createApp's first onRequest hook. */
    ctx: RequestContext;
  }
}

/**
 * Request context tracking: the context also follows every async call the
 * work makes (AsyncLocalStorage), for two aids that have no other way to find
 * it: `reqId` on every log line, and the `x-query-count` header (tests assert
 * how many statements a request costs). On by default except in production:
 * on Node 20, AsyncLocalStorage runs JavaScript hooks for every promise the
 * process creates, about 15% of a complaint read's instructions
 * (bench/instructions.ts). Nothing that is recorded (audit entries, outbox
 * jobs) depends on it.
 */
let tracking = false;
const storage = new AsyncLocalStorage<RequestContext>();

/** Turns tracking on or off for the process: REQUEST_CONTEXT_TRACKING, else on outside production. */
export function configureRequestContextTracking(env: { REQUEST_CONTEXT_TRACKING?: boolean; NODE_ENV: string }): void {
  tracking = env.REQUEST_CONTEXT_TRACKING ?? env.NODE_ENV !== 'production';
  if (!tracking) storage.disable();
}

export function requestContextTracking(): boolean {
  return tracking;
}

/** Runs `fn` with `ctx` as the current context (where tracking is on). */
export function runWithRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return tracking ? storage.run(ctx, fn) : fn();
}

/** Enters `ctx` for the rest of the current async execution (the Fastify preHandler hook). */
export function enterRequestContext(ctx: RequestContext): void {
  if (tracking) storage.enterWith(ctx);
}

/** The current context, if tracking is on and one was entered. */
export function currentRequestContext(): RequestContext | undefined {
  return tracking ? storage.getStore() : undefined;
}
