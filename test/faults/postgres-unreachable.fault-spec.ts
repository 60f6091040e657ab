import { Redis } from 'ioredis';
import type { HttpResponse } from '../helpers/http.js';
import {
  insertUsers,
  leaksInternals,
  login,
  sleep,
  startApi,
  startStack,
  TcpProxy,
  waitFor,
  type ApiProcess,
  type Person,
  type Stack,
} from './harness.js';

/**
 * PostgreSQL becomes unreachable for a few seconds (every connection reset,
 * new ones refused: a database restart or failover), behind a proxy the test
 * controls. Meanwhile readiness says 503, every request that needs the
 * database fails with a clean 503 in the contract's shape (Retry-After, no
 * stack trace, no SQL, never a 500 and never a 401 that would log the user
 * out), liveness stays 200 and the process stays up. Once the database is
 * back, everything works again without a restart.
 */
describe('fault: PostgreSQL unreachable for a few seconds', () => {
  let stack: Stack;
  let proxy: TcpProxy;
  let api: ApiProcess;
  let citizen: Person;
  let token: string;

  beforeAll(async () => {
    stack = await startStack();
    const target = new URL(stack.db.url);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    target.host = `127.0.0.1:${proxy.port}`;
    api = await startApi({ ...stack.env, DATABASE_URL: target.toString(), RUN_WORKER: 'true' });
    [citizen] = await insertUsers(stack.pool, 1);
    token = await login(api.http, citizen);
  });

  afterAll(async () => {
    await api?.stop();
    await proxy?.stop();
    await stack?.close();
  });

  const complaint = {
    title: 'রাস্তায় ময়লার স্তূপ',
    description: 'তিন দিন ধরে ময়লা সরানো হয়নি।',
    category: 'পরিচ্ছন্নতা',
    priority: 'মধ্যম',
    location: 'মিরপুর ১০',
  };

  function expectClean503(what: string, res: HttpResponse): void {
    expect({ what, status: res.status, body: res.body }).toEqual({
      what,
      status: 503,
      body: { detail: 'Service temporarily unavailable.' },
    });
    expect(res.headers.get('retry-after')).toBe('5');
    expect({ what, leaks: leaksInternals(res.text) }).toEqual({ what, leaks: false });
  }

  it('answers 503 while the database is away and recovers on its own', async () => {
    expect((await api.http.get('/health/ready')).status).toBe(200);
    expect((await api.http.post('/complaints', complaint, { token })).status).toBe(201);

    // Requests in flight at the moment of the cut, and the cut itself.
    const burst = Array.from({ length: 10 }, (_, i) =>
      i % 2 ? api.http.get('/complaints', { token }) : api.http.post('/complaints', complaint, { token }),
    );
    proxy.cut();
    const cutAt = Date.now();
    for (const res of await Promise.all(burst)) {
      expect([200, 201, 503]).toContain(res.status);
      if (res.status === 503) expectClean503('a request in flight at the cut', res);
    }

    const ready = await api.http.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ status: 'unavailable', checks: { database: 'down', redis: 'up' } });
    expect(ready.headers.get('retry-after')).toBe('5');
    expect((await api.http.get('/health')).status).toBe(200);

    expectClean503('list', await api.http.get('/complaints', { token }));
    expectClean503('create', await api.http.post('/complaints', complaint, { token }));
    expectClean503('profile', await api.http.get('/users/me', { token }));
    // Not the 401 of a wrong password: the app must not tell the user their credentials are bad.
    expectClean503('login', await api.http.post('/auth/login', { phone: citizen.phone, password: citizen.password }));
    // The token check itself needs the database when Redis has no revocation markers (after a Redis
    // restart that lost them): that must be a 503 too, not a 401 that logs the user out.
    const redis = new Redis(stack.redis.url);
    await redis.del(...(await redis.keys('cc:auth:warm')));
    redis.disconnect();
    expectClean503('token check without markers', await api.http.get('/users/me', { token }));

    // A few seconds of outage; the process stays up all along.
    await sleep(Math.max(0, 4_000 - (Date.now() - cutAt)));
    expect(api.running).toBe(true);
    proxy.restore();

    await waitFor(async () => (await api.http.get('/health/ready')).status === 200, {
      timeoutMs: 15_000,
      what: 'readiness after the database came back',
    });
    expect((await api.http.get('/complaints', { token })).status).toBe(200);
    expect((await api.http.post('/complaints', complaint, { token })).status).toBe(201);
    expect((await api.http.get('/users/me', { token })).status).toBe(200);
    expect((await api.http.post('/auth/login', { phone: citizen.phone, password: citizen.password })).status).toBe(200);
    expect(api.running).toBe(true);

    // It still shuts down cleanly, and its log (flushed at exit) shows no crash.
    expect(await api.stop()).toEqual({ code: 0, signal: null });
    expect(api.lines.some((l) => l.includes('"msg":"request completed"'))).toBe(true);
    expect(api.lines.filter((l) => /uncaught|unhandled|FATAL/i.test(l))).toEqual([]);
  });
});
