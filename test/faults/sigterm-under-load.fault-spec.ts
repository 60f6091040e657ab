import { FakeBkash } from '../helpers/fake-gateways.js';
import {
  insertUsers,
  leaksInternals,
  login,
  sleep,
  startApi,
  startStack,
  startWorker,
  waitFor,
  type ApiProcess,
  type Stack,
} from './harness.js';

/**
 * SIGTERM (a deploy, a scale-down) reaches an API process that also runs
 * jobs (`npm start`) while requests are in flight and a payment job is
 * running. The requests get their answers, the job finishes, new requests are
 * turned away, and the process exits with code 0. What the finished job left
 * to send (the payer's SMS) is sent once the next process starts.
 */
describe('fault: SIGTERM during load', () => {
  let stack: Stack;
  let bkash: FakeBkash;
  const apis: ApiProcess[] = [];

  beforeAll(async () => {
    bkash = new FakeBkash();
    await bkash.start();
    stack = await startStack({ ...bkash.env(), RUN_WORKER: 'true' });
  });

  afterAll(async () => {
    for (const api of apis) await api.stop();
    await stack?.close();
    await bkash?.stop();
  });

  it('finishes in-flight requests and the active job, refuses new work, then exits 0', async () => {
    const api = await startApi(stack.env, 'api-1');
    apis.push(api);
    const [payer] = await insertUsers(stack.pool, 1);
    const token = await login(api.http, payer);
    const newPayment = () =>
      api.http.post(
        '/payments',
        { service_type: 'trade_license', amount: '500.00', payment_method: 'bkash', phone_number: payer.phone },
        { token },
      );

    // A payment the user approved; its job will be running when the signal comes.
    const approved = await newPayment();
    expect(approved.status).toBe(201);
    bkash.approve(approved.body.gateway_payment_id);

    const execute = bkash.hold((req) => req.path.endsWith('/tokenized/checkout/execute'));
    const creates = bkash.hold((req) => req.path.endsWith('/tokenized/checkout/create'));
    expect(
      (await api.http.get(`/payments/callback/bkash?paymentID=${approved.body.gateway_payment_id}&status=success`)).status,
    ).toBe(302);
    await execute.arrived;

    // Five requests waiting for bKash to create their payments.
    const createCallsBefore = bkash.calls('/tokenized/checkout/create').length;
    const inFlight = Array.from({ length: 5 }, () => newPayment());
    await waitFor(() => bkash.calls('/tokenized/checkout/create').length === createCallsBefore + 5, {
      what: 'five create calls at bKash',
    });

    const signalledAt = Date.now();
    api.kill('SIGTERM');
    await sleep(500);
    // A request that arrives now is turned away (503, or the connection is refused), never served half-way.
    const late = await api.http.get('/payments', { token }).catch(() => undefined);
    if (late) {
      expect(late.status).toBe(503);
      expect(late.body).toEqual({ detail: 'Service temporarily unavailable.' });
      expect(late.headers.get('retry-after')).toBe('5');
      expect(leaksInternals(late.text)).toBe(false);
    }
    expect(api.running).toBe(true);

    creates.release();
    execute.release();
    const answers = await Promise.all(inFlight);
    for (const res of answers) {
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('pending');
      expect(res.body.redirect_url).toMatch(/^https:\/\//);
    }
    const exit = await api.exited;
    // Promptly: idle keep-alive connections must not hold the exit back.
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    expect({ exit, log: exit.code === 0 ? '' : api.tail() }).toEqual({ exit: { code: 0, signal: null }, log: '' });

    // The job that was running finished before the exit.
    const paid = await stack.pool.query('SELECT status FROM payments WHERE id = $1', [approved.body.id]);
    expect(paid.rows[0].status).toBe('completed');
    const created = await stack.pool.query(
      `SELECT count(*)::int AS n FROM payments WHERE user_id = $1 AND status = 'pending' AND gateway_payment_id IS NOT NULL`,
      [payer.id],
    );
    expect(created.rows[0].n).toBe(5);

    // The next process sends what the finished job queued, once.
    const next = await startApi(stack.env, 'api-2');
    apis.push(next);
    await waitFor(() => stack.sms.to(payer.phone).length > 0, { timeoutMs: 15_000, what: 'the payment SMS' });
    await sleep(2_000);
    expect(stack.sms.to(payer.phone).map((m) => m.message)).toEqual(['আপনার পেমেন্ট সম্পন্ন হয়েছে। পরিমাণ: 500.00 টাকা']);
  });

  it('exits 0 on SIGTERM when idle, for the worker process too', async () => {
    const api = await startApi(stack.env, 'api-idle');
    apis.push(api);
    const worker = await startWorker(stack.env, 'worker-idle');
    api.kill('SIGTERM');
    worker.kill('SIGTERM');
    expect(await api.exited).toEqual({ code: 0, signal: null });
    expect(await worker.exited).toEqual({ code: 0, signal: null });
  });
});
