import { createUser, nextPhone } from './helpers/fixtures.js';
import type { HttpResponse } from './helpers/http.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Limits as configured for this file: AUTH_RATE_LIMIT_PER_MINUTE=3 (login,
 * OTP, reset; per phone and per IP) and RATE_LIMIT_PER_MINUTE=20 (per user,
 * or per IP when anonymous). TRUST_PROXY lets each test speak from its own
 * client address (X-Forwarded-For), so per-phone and per-IP counts can be told
 * apart. A second instance shares the first one's Redis prefix and database,
 * as two API replicas of one deployment do.
 */
describe('rate limits', () => {
  let t: TestApp;
  let replica: TestApp;
  const limits = { AUTH_RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_PER_MINUTE: '20', TRUST_PROXY: 'true' };

  beforeAll(async () => {
    t = await startTestApp({ env: limits });
    replica = await startTestApp({
      worker: false,
      env: {
        ...limits,
        DATABASE_URL: t.env.DATABASE_URL,
        REDIS_KEY_PREFIX: t.env.REDIS_KEY_PREFIX,
        QUEUE_PREFIX: t.env.QUEUE_PREFIX,
      },
    });
  });
  afterAll(async () => {
    await replica?.close();
    await t?.close();
  });

  let ipCounter = 0;
  /** A client address no other request of this file has used. */
  const freshIp = () => {
    ipCounter += 1;
    return `203.0.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
  };
  const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });

  function expectThrottled(res: HttpResponse): void {
    expect(res.status).toBe(429);
    expect(res.body).toEqual({ detail: expect.stringMatching(/throttled/i) });
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  }

  it('answers the 4th login for one phone within a minute with 429, Retry-After and {detail}, from any address', async () => {
    const user = await createUser(t);
    // Every spelling of the number counts against the same phone, and each request comes from a new address.
    const spellings = [user.phone, `+88${user.phone}`, `88${user.phone}`];
    for (const phone of spellings) {
      const res = await t.http.post('/auth/login', { phone, password: user.password }, from(freshIp()));
      expect(res.status).toBe(200);
    }
    const fourth = await t.http.post('/auth/login', { phone: user.phone, password: user.password }, from(freshIp()));
    expectThrottled(fourth);
    // Another phone is not affected.
    const other = await createUser(t);
    expect((await t.http.post('/auth/login', { phone: other.phone, password: other.password }, from(freshIp()))).status).toBe(
      200,
    );
  });

  it('counts logins per IP across different phones', async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) {
      const res = await t.http.post('/auth/login', { phone: nextPhone(), password: 'whatever-1' }, from(ip));
      expect(res.status).toBe(401);
    }
    expectThrottled(await t.http.post('/auth/login', { phone: nextPhone(), password: 'whatever-1' }, from(ip)));
    // Another address still gets an answer.
    expect((await t.http.post('/auth/login', { phone: nextPhone(), password: 'whatever-1' }, from(freshIp()))).status).toBe(401);
  });

  it('limits OTP requests per phone and per IP', async () => {
    const phone = nextPhone();
    for (let i = 0; i < 3; i++) {
      expect((await t.http.post('/auth/otp/request', { phone, purpose: 'verify' }, from(freshIp()))).status).toBe(200);
    }
    expectThrottled(await t.http.post('/auth/otp/request', { phone, purpose: 'reset' }, from(freshIp())));

    const ip = freshIp();
    for (let i = 0; i < 3; i++) {
      expect((await t.http.post('/auth/otp/request', { phone: nextPhone(), purpose: 'verify' }, from(ip))).status).toBe(200);
    }
    expectThrottled(await t.http.post('/auth/otp/request', { phone: nextPhone(), purpose: 'verify' }, from(ip)));
  });

  it('limits code guesses and password resets per phone', async () => {
    const phone = nextPhone();
    for (let i = 0; i < 3; i++) {
      expect((await t.http.post('/auth/otp/verify', { phone, code: '123456' }, from(freshIp()))).status).toBe(400);
    }
    expectThrottled(await t.http.post('/auth/otp/verify', { phone, code: '123456' }, from(freshIp())));

    const body = { phone, code: '123456', new_password: 'brand-new-pass-2' };
    for (let i = 0; i < 3; i++) {
      expect((await t.http.post('/auth/password/reset', body, from(freshIp()))).status).toBe(400);
    }
    expectThrottled(await t.http.post('/auth/password/reset', body, from(freshIp())));
  });

  it('applies the general limit per user, whatever the address', async () => {
    const user = await createUser(t);
    for (let i = 0; i < 20; i++) {
      const res = await t.http.get('/auth/me', { token: user.token, ...from(freshIp()) });
      expect(res.status).toBe(200);
    }
    expectThrottled(await t.http.get('/auth/me', { token: user.token, ...from(freshIp()) }));
    // Another user at an address the first one used is not affected.
    const other = await createUser(t);
    expect((await t.http.get('/auth/me', { token: other.token, ...from(freshIp()) })).status).toBe(200);
  });

  it('applies the general limit per IP to anonymous callers', async () => {
    const ip = freshIp();
    for (let i = 0; i < 20; i++) expect((await t.http.get('/meta/choices', from(ip))).status).toBe(200);
    expectThrottled(await t.http.get('/meta/choices', from(ip)));
    expect((await t.http.get('/meta/choices', from(freshIp()))).status).toBe(200);
    // Health probes are never limited.
    expect((await t.http.get('/health', from(ip))).status).toBe(200);
  });

  it('keeps the counts in Redis, shared by every instance', async () => {
    const user = await createUser(t);
    const attempt = (app: TestApp) =>
      app.http.post('/auth/login', { phone: user.phone, password: user.password }, from(freshIp()));
    expect((await attempt(t)).status).toBe(200);
    expect((await attempt(replica)).status).toBe(200);
    expect((await attempt(t)).status).toBe(200);
    expectThrottled(await attempt(replica));
    expectThrottled(await attempt(t));

    const keys = await t.redis.keys(`${t.env.REDIS_KEY_PREFIX}rl:auth-phone*${user.phone}*`);
    expect(keys).toHaveLength(1);
    const ttl = await t.redis.pttl(keys[0]);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('counts requests with an invalid token against their IP, so guessing tokens is throttled too', async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await t.http.get('/users/me', { token: `not.a.valid-token-${i}`, ...from(ip) });
      statuses.push(res.status);
      if (res.status === 429) expectThrottled(res);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});
