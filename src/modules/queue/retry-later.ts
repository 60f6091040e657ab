/**
 * Thrown by a job handler when an outside service said "not now" (HTTP 429 or
 * 503, perhaps with `Retry-After`). A job enqueued with `RETRY_AFTER_BACKOFF`
 * then waits at least `retryAfterMs` before its next attempt, and otherwise
 * backs off exponentially as every other job does.
 */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'RetryLaterError';
  }
}

/** A `Retry-After` longer than this is not honoured in full (the job would sit for hours). */
export const MAX_RETRY_AFTER_MS = 15 * 60_000;

/** Bull's custom backoff strategies, registered on every queue. */
export const BACKOFF_STRATEGIES = {
  /** Exponential from `options.delay` (as Bull's own), but never sooner than the error's `retryAfterMs`. */
  exponentialOrRetryAfter(attemptsMade: number, err: unknown, options: { delay?: number } | null): number {
    const exponential = Math.round((2 ** attemptsMade - 1) * (options?.delay ?? 2_000));
    const asked = (err as { retryAfterMs?: unknown } | null)?.retryAfterMs;
    const wait = typeof asked === 'number' && Number.isFinite(asked) && asked > 0 ? Math.min(asked, MAX_RETRY_AFTER_MS) : 0;
    return Math.max(exponential, wait);
  },
};

/** Job option: exponential backoff from 2 s that honours `RetryLaterError.retryAfterMs`. */
export const RETRY_AFTER_BACKOFF = { type: 'exponentialOrRetryAfter', options: { delay: 2_000 } } as const;

/**
 * Milliseconds asked for by an HTTP `Retry-After` header (seconds or an HTTP
 * date), or undefined when it is absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date names a weekday and a month; anything else (a negative number) is not one.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
