import type { Socket } from 'socket.io-client';
import type { HttpResponse } from '../helpers/http.js';
import { ack, connectSocket, connected } from '../helpers/sockets.js';
import { insertUsers, login, startApi, startStack, type ApiProcess, type Person, type Stack } from '../faults/harness.js';

/**
 * Rate limits hold for the service, not per process: the counters live in
 * the shared Redis, so a client that spreads its requests over two API
 * instances (as a load balancer does) is refused after the same number of
 * requests as one that sticks to one. Low limits, so this stack is apart
 * from the other scale-out test; TRUST_PROXY lets each request name its
 * client address (X-Forwarded-For), so the per-phone and per-IP limits can
 * be tried one at a time.
 */
describe('scale-out: rate limits shared by two API processes', () => {
  const AUTH_LIMIT = 5;
  const GENERAL_LIMIT = 10;
  const CHAT_LIMIT = 4;
  let stack: Stack;
  const apis: ApiProcess[] = [];
  let socket: Socket | undefined;
  let ipCounter = 0;
  /** A client address no other request of this file uses. */
  const freshIp = () => `203.0.113.${++ipCounter}`;

  beforeAll(async () => {
    stack = await startStack({
      RUN_WORKER: 'false',
      TRUST_PROXY: 'true',
      AUTH_RATE_LIMIT_PER_MINUTE: String(AUTH_LIMIT),
      RATE_LIMIT_PER_MINUTE: String(GENERAL_LIMIT),
      CHAT_RATE_LIMIT_PER_MINUTE: String(CHAT_LIMIT),
    });
    const started = await Promise.allSettled([startApi(stack.env, 'api-a'), startApi(stack.env, 'api-b')]);
    for (const s of started) if (s.status === 'fulfilled') apis.push(s.value);
    for (const s of started) if (s.status === 'rejected') throw s.reason;
  });

  afterAll(async () => {
    socket?.disconnect();
    await Promise.all(apis.map((api) => api.stop()));
    await stack?.close();
  });

  const loginFrom = (api: ApiProcess, person: Person, ip: string): Promise<HttpResponse> =>
    api.http.post('/auth/login', { phone: person.phone, password: person.password }, { headers: { 'x-forwarded-for': ip } });

  /** A 429 in the contract's shape, with a Retry-After within the one-minute window. */
  const expectThrottled = (res: HttpResponse, where: string): void => {
    expect({ where, status: res.status }).toEqual({ where, status: 429 });
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(res.body.detail).toBe(`Request was throttled. Expected available in ${retryAfter} seconds.`);
  };

  it('runs two API processes on their own ports', () => {
    const [a, b] = apis;
    expect(a.url).not.toBe(b.url);
    expect(a.pid).not.toBe(b.pid);
  });

  it('refuses the 6th login of one phone, alternating between the instances, on either instance', async () => {
    const [a, b] = apis;
    const [person, other] = await insertUsers(stack.pool, 2);
    // Each attempt from another address: only the per-phone counter can add up.
    for (let i = 0; i < AUTH_LIMIT; i++) {
      const api = i % 2 === 0 ? a : b;
      expect({ attempt: i + 1, on: api.name, status: (await loginFrom(api, person, freshIp())).status }).toEqual({
        attempt: i + 1,
        on: api.name,
        status: 200,
      });
    }
    // 3 attempts went to A and 2 to B: a limit per process would let both of these through.
    expectThrottled(await loginFrom(b, person, freshIp()), 'the 6th, on B');
    expectThrottled(await loginFrom(a, person, freshIp()), 'the 7th, on A');
    // Another phone is not affected.
    expect((await loginFrom(b, other, freshIp())).status).toBe(200);
  });

  it('refuses the 6th login from one address, alternating between the instances, on either instance', async () => {
    const [a, b] = apis;
    const people = await insertUsers(stack.pool, AUTH_LIMIT + 3);
    const ip = freshIp();
    // Each attempt for another phone: only the per-address counter can add up.
    for (let i = 0; i < AUTH_LIMIT; i++) {
      const api = i % 2 === 0 ? a : b;
      expect({ attempt: i + 1, status: (await loginFrom(api, people[i], ip)).status }).toEqual({ attempt: i + 1, status: 200 });
    }
    expectThrottled(await loginFrom(b, people[AUTH_LIMIT], ip), 'the 6th, on B');
    expectThrottled(await loginFrom(a, people[AUTH_LIMIT + 1], ip), 'the 7th, on A');
    // Another address is not affected.
    expect((await loginFrom(a, people[AUTH_LIMIT + 2], freshIp())).status).toBe(200);
  });

  it("refuses a signed-in user's 11th request of the minute, alternating between the instances", async () => {
    const [a, b] = apis;
    const [person] = await insertUsers(stack.pool, 1);
    const token = await login(a.http, person);
    // The general limit counts per user once signed in, whatever address the requests come from.
    for (let i = 0; i < GENERAL_LIMIT; i++) {
      const api = i % 2 === 0 ? a : b;
      const res = await api.http.get('/auth/me', { token, headers: { 'x-forwarded-for': freshIp() } });
      expect({ request: i + 1, status: res.status }).toEqual({ request: i + 1, status: 200 });
    }
    expectThrottled(await a.http.get('/auth/me', { token, headers: { 'x-forwarded-for': freshIp() } }), 'the 11th, on A');
    expectThrottled(await b.http.get('/auth/me', { token, headers: { 'x-forwarded-for': freshIp() } }), 'the 12th, on B');
  });

  it("refuses a user's 5th chat message of the minute, sent over a socket on A and REST on B, on both", async () => {
    const [a, b] = apis;
    const [citizen] = await insertUsers(stack.pool, 1);
    const token = await login(b.http, citizen);
    socket = await connected(connectSocket(a.url, { token }));
    const first = await ack(socket, 'send_message', { message: 'প্রথম', client_id: 'rl-1' });
    expect(first).toMatchObject({ id: expect.any(String), sender_id: citizen.id });
    const thread = `/chat/conversations/${first.conversation_id}/messages`;
    expect((await b.http.post(thread, { message: 'দ্বিতীয়' }, { token })).status).toBe(201);
    expect(await ack(socket, 'send_message', { message: 'তৃতীয়', client_id: 'rl-3' })).toMatchObject({ id: expect.any(String) });
    expect((await b.http.post(thread, { message: 'চতুর্থ' }, { token })).status).toBe(201);

    // 2 messages reached each instance: a count per process would take both of these.
    const refused = await ack(socket, 'send_message', { message: 'পঞ্চম', client_id: 'rl-5' });
    expect(refused).toEqual({ error: { detail: expect.stringMatching(/^Too many messages\. Try again in \d+ seconds?\.$/) } });
    const overRest = await b.http.post(thread, { message: 'ষষ্ঠ' }, { token });
    expect(overRest.status).toBe(429);
    expect(Number(overRest.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(overRest.body.detail).toMatch(/^Too many messages\. Try again in \d+ seconds?\.$/);

    const stored = await stack.pool.query('SELECT message FROM chat_messages WHERE conversation_id = $1 ORDER BY created_at', [
      first.conversation_id,
    ]);
    expect(stored.rows.map((r) => r.message)).toEqual(['প্রথম', 'দ্বিতীয়', 'তৃতীয়', 'চতুর্থ']);
  });
});
