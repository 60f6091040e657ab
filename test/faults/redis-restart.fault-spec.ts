import {
  insertUsers,
  leaksInternals,
  login,
  queueState,
  sleep,
  startApi,
  startStack,
  startWorker,
  waitFor,
  type ApiProcess,
  type Child,
  type Person,
  type Stack,
} from './harness.js';

type Phase = 'before' | 'down' | 'after';

interface Outcome {
  phase: Phase;
  what: string;
  status: number;
  text: string;
}

/**
 * Redis dies (SIGKILL) under load and is started again a few seconds later
 * on the same port, with its append-only file as production runs it. The API
 * (RUN_WORKER=false) and a worker process keep running throughout.
 *
 * - Reads keep working: the token revocation check falls back to
 *   PostgreSQL, rate limits to an in-process limiter.
 * - Writes that queue jobs keep working: the job goes to the outbox table in
 *   the same transaction and is relayed once Redis is back; none is lost.
 * - The worker resumes on its own.
 *
 * Jobs are delivered at least once: a job that was running at the instant
 * Redis died may run a second time (here: an SMS sent twice), never more
 * often than the worker's concurrency allows.
 */
describe('fault: Redis stopped and started again under load', () => {
  let stack: Stack;
  let api: ApiProcess;
  let worker: Child;
  let people: Person[];
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    // A job whose worker lost Redis mid-run is recovered by Bull's stalled check (two checks after
    // its lock expired): seconds here, about a minute with the production defaults.
    stack = await startStack({ RUN_WORKER: 'false', BULL_LOCK_DURATION_MS: '3000', BULL_STALLED_INTERVAL_MS: '1000' });
    api = await startApi(stack.env);
    worker = await startWorker(stack.env);
    people = await insertUsers(stack.pool, 6);
    for (const p of people) tokens.set(p.id, await login(api.http, p));
  });

  afterAll(async () => {
    for (const child of [worker, api]) await child?.stop();
    await stack?.close();
  });

  it('keeps serving reads, loses no job queued while Redis was down, and the worker resumes', async () => {
    let phase: Phase = 'before';
    let running = true;
    const outcomes: Outcome[] = [];
    const accepted = new Map<string, number>();
    const record = (what: string, status: number, text: string) => outcomes.push({ phase, what, status, text });

    const reader = async (n: number) => {
      const paths = ['/users/me', '/notifications', '/complaints', '/notifications/unread-count'];
      for (let i = 0; running; i++) {
        const person = people[(n + i) % people.length];
        const path = paths[i % paths.length];
        const res = await api.http.get(path, { token: tokens.get(person.id) }).catch((err: Error) => ({
          status: 0,
          text: String(err.cause ?? err),
        }));
        record(`GET ${path}`, res.status, res.text);
      }
    };
    const writer = async () => {
      for (let i = 0; running; i++) {
        const person = people[i % people.length];
        const res = await api.http
          .post('/auth/otp/request', { phone: person.phone, purpose: 'reset' })
          .catch((err: Error) => ({ status: 0, text: String(err.cause ?? err) }));
        record('POST /auth/otp/request', res.status, res.text);
        if (res.status === 200) accepted.set(person.phone, (accepted.get(person.phone) ?? 0) + 1);
        await sleep(40);
      }
    };
    const load = Promise.all([reader(0), reader(1), reader(2), writer()]);

    await sleep(2_000);
    phase = 'down';
    await stack.redis.kill();
    await sleep(1_000);
    const ready = await api.http.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ status: 'unavailable', checks: { database: 'up', redis: 'down' } });
    await sleep(3_000);
    const queuedWhileDown = (await stack.pool.query('SELECT count(*)::int AS n FROM outbox_jobs')).rows[0].n as number;

    await stack.redis.start();
    phase = 'after';
    await waitFor(async () => (await api.http.get('/health/ready')).status === 200, {
      timeoutMs: 20_000,
      what: 'readiness after Redis came back',
    });
    await sleep(3_000);
    running = false;
    await load;

    // Every answer, in every phase, was a success.
    const failures = outcomes.filter((o) => o.status !== 200).map((o) => ({ ...o, text: o.text.slice(0, 200) }));
    expect(failures).toEqual([]);
    for (const o of outcomes) expect(leaksInternals(o.text)).toBe(false);
    for (const p of ['before', 'down', 'after'] as const) {
      const reads = outcomes.filter((o) => o.phase === p && o.what.startsWith('GET')).length;
      const writes = outcomes.filter((o) => o.phase === p && o.what.startsWith('POST')).length;
      expect({ p, reads: reads > 10, writes: writes > 5 }).toEqual({ p, reads: true, writes: true });
    }
    // The outage really held jobs back in the outbox.
    expect(queuedWhileDown).toBeGreaterThan(5);

    // Every code that was asked for reached its phone: nothing lost.
    const sent = () => {
      const counts = new Map<string, number>();
      for (const m of stack.sms.messages) counts.set(m.phone, (counts.get(m.phone) ?? 0) + 1);
      return counts;
    };
    await waitFor(() => [...accepted].every(([phone, n]) => (sent().get(phone) ?? 0) >= n), {
      timeoutMs: 30_000,
      what: 'an SMS for every accepted code request',
    }).catch(async (err: Error) => {
      const queue = await queueState(stack.redis.url, 'notifications');
      throw new Error(
        `${err.message}\naccepted ${JSON.stringify([...accepted])}\nsent ${JSON.stringify([...sent()])}\nqueue ${queue}\n${worker.tail()}`,
      );
    });
    await waitFor(async () => (await stack.pool.query('SELECT count(*)::int AS n FROM outbox_jobs')).rows[0].n === 0, {
      what: 'the outbox to drain',
    });
    await sleep(2_000);
    const extra = [...accepted].reduce((sum, [phone, n]) => sum + ((sent().get(phone) ?? 0) - n), 0);
    // At least once, and a second run only for jobs that were running when Redis died (concurrency 4).
    expect(extra).toBeGreaterThanOrEqual(0);
    expect(extra).toBeLessThanOrEqual(4);

    // The worker took up new work at once.
    const before = stack.sms.to(people[0].phone).length;
    const startedAt = Date.now();
    expect((await api.http.post('/auth/otp/request', { phone: people[0].phone, purpose: 'reset' })).status).toBe(200);
    await waitFor(() => stack.sms.to(people[0].phone).length > before, { timeoutMs: 5_000, what: 'a new SMS' });
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect(api.running && worker.running).toBe(true);
  });
});
