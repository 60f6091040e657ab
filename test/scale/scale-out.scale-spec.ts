import type { Socket } from 'socket.io-client';
import {
  insertUsers,
  login,
  paymentCompleted,
  paymentNotifications,
  scrapeMetrics,
  sleep,
  startApi,
  startStack,
  startWorker,
  waitFor,
  type ApiProcess,
  type MetricSample,
  type Stack,
  type WorkerProcess,
} from '../faults/harness.js';
import { FakeBkash } from '../helpers/fake-gateways.js';
import { ack, collect, connectSocket, connected, nextEvent } from '../helpers/sockets.js';

/**
 * The deployment the README describes for scaling out, on one machine: two
 * built API processes (RUN_WORKER=false) on their own ports, as replicas
 * behind a load balancer, and one built worker, sharing one PostgreSQL
 * database and one Redis. Clients of different instances chat with each
 * other, a payment callback that reaches both instances moves the payment
 * once, and queue jobs run in the worker only (each process's
 * `queue_jobs_total` counts the jobs it ran).
 */
describe('scale-out: two API processes and one worker on one PostgreSQL and one Redis', () => {
  let stack: Stack;
  let bkash: FakeBkash;
  let a: ApiProcess;
  let b: ApiProcess;
  /** The worker now running (the last test replaces it). */
  let worker: WorkerProcess;
  const workers: WorkerProcess[] = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    bkash = new FakeBkash();
    await bkash.start();
    stack = await startStack({ ...bkash.env(), RUN_WORKER: 'false' });
    const started = await Promise.allSettled([
      startApi(stack.env, 'api-a', { metrics: true }),
      startApi(stack.env, 'api-b', { metrics: true }),
      startWorker(stack.env, 'worker-1'),
    ] as const);
    // Whatever started is stopped in afterAll, even when another process did not start.
    if (started[0].status === 'fulfilled') a = started[0].value;
    if (started[1].status === 'fulfilled') b = started[1].value;
    if (started[2].status === 'fulfilled') workers.push((worker = started[2].value));
    for (const s of started) if (s.status === 'rejected') throw s.reason;
  });

  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });

  afterAll(async () => {
    for (const s of sockets.splice(0)) s.disconnect();
    await Promise.all([...workers, a, b].map((child) => child?.stop()));
    await stack?.close();
    await bkash?.stop();
  });

  const open = async (api: ApiProcess, token: string): Promise<Socket> => {
    const socket = connectSocket(api.url, { token });
    sockets.push(socket);
    return connected(socket);
  };

  /** `queue_jobs_total` of one process: jobs it ran, by `job` name and `outcome`. */
  const jobsRun = async (metricsUrl: string): Promise<MetricSample[]> =>
    (await scrapeMetrics(metricsUrl)).filter((s) => s.name === 'queue_jobs_total');
  const count = (samples: MetricSample[], job: string, outcome = 'completed'): number =>
    samples.find((s) => s.labels.job === job && s.labels.outcome === outcome)?.value ?? 0;

  /**
   * Neither API process ran a job: no `queue_jobs_total` sample above zero.
   * Their metrics are theirs (each has timed the requests it served), so an
   * empty list is not a scrape of the wrong port.
   */
  const expectApisRanNoJobs = async (): Promise<void> => {
    for (const api of [a, b]) {
      const samples = await scrapeMetrics(api.metricsUrl!);
      const served = samples.filter((s) => s.name === 'http_request_duration_seconds_count').reduce((n, s) => n + s.value, 0);
      expect({ api: api.name, served: served > 0 }).toEqual({ api: api.name, served: true });
      expect({ api: api.name, jobs: samples.filter((s) => s.name === 'queue_jobs_total' && s.value > 0) }).toEqual({
        api: api.name,
        jobs: [],
      });
    }
  };

  it('runs two API processes on their own ports and a worker, all three up', async () => {
    expect(a.url).not.toBe(b.url);
    expect(new Set([a.pid, b.pid, worker.pid]).size).toBe(3);
    for (const api of [a, b]) expect((await api.http.get('/health/ready')).status).toBe(200);
    expect(worker.running).toBe(true);
  });

  it('delivers a citizen message sent on API A to staff on API B, and the reply back; the reply push runs on the worker', async () => {
    const [citizen, bystander] = await insertUsers(stack.pool, 2, 'citizen');
    const [staff] = await insertUsers(stack.pool, 1, 'staff');
    const onA = await open(a, await login(a.http, citizen));
    const onB = await open(b, await login(b.http, staff));
    const bystanderOnB = await open(b, await login(b.http, bystander));
    const atBystander = collect(bystanderOnB, 'chat_message');
    const pushesBefore = count(await jobsRun(worker.metricsUrl), 'send-push');

    const atStaff = nextEvent(onB, 'chat_message');
    const sent = await ack(onA, 'send_message', { message: 'A থেকে বলছি', client_id: 'scale-1' });
    expect(sent).toMatchObject({ id: expect.any(String), sender_id: citizen.id, message: 'A থেকে বলছি' });
    expect(await atStaff).toEqual(sent);

    const atCitizen = nextEvent(onA, 'chat_message');
    const reply = await ack(onB, 'send_message', { conversation_id: sent.conversation_id, message: 'B থেকে উত্তর' });
    expect(reply).toMatchObject({ sender_id: staff.id, receiver_id: citizen.id, conversation_id: sent.conversation_id });
    expect(await atCitizen).toEqual(reply);

    // The citizen's push for the reply is a queue job: the worker runs it.
    await waitFor(async () => count(await jobsRun(worker.metricsUrl), 'send-push') > pushesBefore, {
      what: 'the worker to run the reply push job',
    });
    expect(atBystander).toEqual([]);
    const stored = await stack.pool.query('SELECT sender_id FROM chat_messages WHERE conversation_id = $1 ORDER BY created_at', [
      sent.conversation_id,
    ]);
    expect(stored.rows.map((r) => r.sender_id)).toEqual([citizen.id, staff.id]);
    await expectApisRanNoJobs();
  });

  it('completes a payment once when its bKash callback reaches both instances several times at once', async () => {
    const [payer] = await insertUsers(stack.pool, 1);
    const token = await login(a.http, payer);
    const created = await b.http.post(
      '/payments',
      { service_type: 'holding_tax', amount: '275.00', payment_method: 'bkash', phone_number: payer.phone },
      { token },
    );
    expect(created.status).toBe(201);
    const paymentId = created.body.id as string;
    const bkashId = created.body.gateway_payment_id as string;
    bkash.approve(bkashId);
    const before = await jobsRun(worker.metricsUrl);

    // bKash answers the execute call only once every callback has been answered and relayed, so
    // they all find the payment pending: the dedupe under test is the app's, not a lucky order.
    const execute = bkash.hold((req) => req.path.endsWith('/tokenized/checkout/execute'));
    const callback = `/payments/callback/bkash?paymentID=${bkashId}&status=success`;
    // The same callback 4 times to each instance, and twice each with one more parameter (the
    // browser's redirect and bKash's own call need not be byte-identical).
    const paths = [...Array(4).fill(callback), ...Array(2).fill(`${callback}&apiVersion=1.2.0-beta`)] as string[];
    const answers = await Promise.all(paths.flatMap((path) => [a.http.get(path), b.http.get(path)]));
    for (const res of answers) {
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(`cleancare://payments/${paymentId}?status=pending`);
    }
    await execute.arrived;
    await waitFor(async () => (await stack.pool.query('SELECT count(*)::int AS n FROM outbox_jobs')).rows[0].n === 0, {
      what: 'every callback job to be relayed to Redis',
    });
    const pending = await stack.pool.query('SELECT status FROM payments WHERE id = $1', [paymentId]);
    expect(pending.rows[0].status).toBe('pending');
    execute.release();

    const settled = await paymentCompleted(stack.pool, paymentId, worker, 15_000);
    expect(settled.transaction_id).toBe(bkash.payments.get(bkashId)!.trxID);
    await waitFor(() => stack.sms.to(payer.phone).length > 0, { what: 'the payment SMS' });
    // Anything that would happen twice happens within a few relay and queue rounds.
    await sleep(2_000);

    const sms = stack.sms.to(payer.phone);
    expect(sms).toHaveLength(1);
    expect(sms[0].message).toBe('আপনার পেমেন্ট সম্পন্ন হয়েছে। পরিমাণ: 275.00 টাকা');
    expect(await paymentNotifications(stack.pool, payer.id)).toBe(1);
    // One job took the payment's row lock and executed it at bKash; the other found it completed.
    expect(bkash.calls('/tokenized/checkout/execute')).toHaveLength(1);
    expect(bkash.calls('/tokenized/checkout/payment/status')).toHaveLength(0);

    // 12 callbacks, 2 distinct ones: Bull kept one job per distinct callback (same job id while it
    // waits or runs), and the worker ran both; the APIs ran none.
    const after = await jobsRun(worker.metricsUrl);
    expect(count(after, 'process-payment-callback') - count(before, 'process-payment-callback')).toBe(2);
    expect(count(after, 'process-payment-callback', 'failed')).toBe(0);
    expect(count(after, 'send-sms') - count(before, 'send-sms')).toBe(1);
    await expectApisRanNoJobs();
  });

  it('leaves jobs waiting while no worker runs (the APIs do not run them) and a started worker runs them', async () => {
    const people = await insertUsers(stack.pool, 2);
    expect(await worker.stop()).toEqual({ code: 0, signal: null });

    // A password-reset code by SMS, asked through A for one person and through B for the other.
    for (const [api, person] of [
      [a, people[0]],
      [b, people[1]],
    ] as const) {
      const res = await api.http.post(
        '/auth/otp/request',
        { phone: person.phone, purpose: 'reset' },
        { headers: { 'x-request-id': `scale-otp-${api.name}` } },
      );
      expect(res.status).toBe(200);
    }
    const waiting = async (api: ApiProcess) =>
      (await scrapeMetrics(api.metricsUrl!)).find(
        (s) => s.name === 'queue_jobs' && s.labels.queue === 'notifications' && s.labels.state === 'waiting',
      )?.value;
    await waitFor(async () => (await waiting(a)) === 2 && (await waiting(b)) === 2, {
      what: 'both SMS jobs to wait in the notifications queue (as both APIs see it)',
    });
    await sleep(1_000);
    for (const person of people) expect(stack.sms.to(person.phone)).toEqual([]);
    expect(await waiting(a)).toBe(2);
    await expectApisRanNoJobs();

    worker = await startWorker(stack.env, 'worker-2');
    workers.push(worker);
    await waitFor(() => people.every((p) => stack.sms.to(p.phone).length > 0), {
      timeoutMs: 15_000,
      what: 'the new worker to send both SMS',
    });
    for (const person of people) {
      expect(stack.sms.to(person.phone)).toEqual([
        expect.objectContaining({ message: expect.stringMatching(/^Clean Care: পাসওয়ার্ড রিসেট কোড \d{6}।/) }),
      ]);
    }
    await waitFor(async () => count(await jobsRun(worker.metricsUrl), 'send-sms') === 2, {
      what: "the new worker's metrics to count the two SMS jobs",
    });
    expect(await waiting(a)).toBe(0);
    await expectApisRanNoJobs();
  });

  it('logs JSON lines in which a job carries the id of the request that queued it on another process, and no secret', async () => {
    // Log lines are buffered: stopping the processes writes them out.
    for (const child of [worker, a]) expect(await child.stop()).toEqual({ code: 0, signal: null });
    const json = (lines: string[]) =>
      lines.flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
    const workerLines = json(worker.lines);
    // The SMS job queued by the request to API A ran on the worker under that request's id.
    expect(workerLines).toContainEqual(
      expect.objectContaining({ msg: 'job completed', queue: 'notifications', job: 'send-sms', reqId: 'scale-otp-api-a' }),
    );
    expect(workerLines).toContainEqual(
      expect.objectContaining({ msg: 'job completed', job: 'send-sms', reqId: 'scale-otp-api-b' }),
    );
    // API A logged the request under the same id.
    expect(json(a.lines)).toContainEqual(
      expect.objectContaining({ msg: 'request completed', method: 'POST', statusCode: 200, reqId: 'scale-otp-api-a' }),
    );
    // No one-time code, password or token in any line of either process.
    const codes = stack.sms.messages.flatMap((m) => m.message.match(/\b\d{6}\b/g) ?? []);
    expect(codes.length).toBeGreaterThanOrEqual(2);
    const everything = [...worker.lines, ...a.lines].join('\n');
    for (const code of codes) expect(everything).not.toMatch(new RegExp(`(?<![0-9])${code}(?![0-9])`));
    expect(everything).not.toContain('fault-password-1');
    expect(everything).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
  });
});
