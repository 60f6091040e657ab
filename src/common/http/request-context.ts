import { AsyncLocalStorage } from 'node:async_hooks';

/** What follows one HTTP request (or one queue job) through the async calls it makes. */
export interface RequestContext {
  requestId: string;
  /** SQL statements issued so far on behalf of this request. */
  queryCount: number;
  /** The authenticated caller (set by the auth guard); absent for anonymous requests and jobs. */
  actorId?: string;
  /** The client's address (X-Forwarded-For when TRUST_PROXY) and User-Agent, for the audit log. */
  ip?: string;
  userAgent?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** Enters a context for the rest of the current async execution (used by the Fastify onRequest hook). */
export function enterRequestContext(ctx: RequestContext): void {
  storage.enterWith(ctx);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
