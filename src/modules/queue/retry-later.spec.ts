import { BACKOFF_STRATEGIES, MAX_RETRY_AFTER_MS, parseRetryAfter, RetryLaterError } from './retry-later.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});

describe('exponentialOrRetryAfter backoff', () => {
  const backoff = BACKOFF_STRATEGIES.exponentialOrRetryAfter;

  it('is Bull’s exponential backoff for an ordinary error', () => {
    expect([1, 2, 3, 4].map((n) => backoff(n, new Error('x'), { delay: 2_000 }))).toEqual([2_000, 6_000, 14_000, 30_000]);
    expect(backoff(1, new Error('x'), null)).toBe(2_000);
  });

  it('waits at least the Retry-After, up to a ceiling', () => {
    expect(backoff(1, new RetryLaterError('busy', 5_000), { delay: 2_000 })).toBe(5_000);
    expect(backoff(3, new RetryLaterError('busy', 5_000), { delay: 2_000 })).toBe(14_000);
    expect(backoff(1, new RetryLaterError('busy'), { delay: 2_000 })).toBe(2_000);
    expect(backoff(1, new RetryLaterError('busy', 86_400_000), { delay: 2_000 })).toBe(MAX_RETRY_AFTER_MS);
  });
});
