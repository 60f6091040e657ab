import { FakeBkash } from '../helpers/fake-gateways.js';
import {
  insertUsers,
  login,
  paymentCompleted,
  paymentNotifications,
  sleep,
  startApi,
  startStack,
  startWorker,
  waitFor,
  type ApiProcess,
  type Child,
  type Stack,
} from './harness.js';

/**
 * A worker is killed with SIGKILL while it waits for bKash to answer the
 * execute call of a payment. bKash did execute the payment (the money moved);
 * only its answer was lost with the worker. Bull notices the job's lock
 * expired (BULL_LOCK_DURATION_MS, checked every BULL_STALLED_INTERVAL_MS) and
 * another worker runs the job again: the payment ends completed, once, and
 * the payer gets one SMS.
 */
describe('fault: a worker killed in the middle of a payment job', () => {
  let stack: Stack;
  let bkash: FakeBkash;
  let api: ApiProcess;
  const workers: Child[] = [];

  beforeAll(async () => {
    bkash = new FakeBkash();
    await bkash.start();
    stack = await startStack({
      ...bkash.env(),
      RUN_WORKER: 'false',
      BULL_LOCK_DURATION_MS: '2000',
      BULL_STALLED_INTERVAL_MS: '1000',
    });
    api = await startApi(stack.env);
  });

  afterAll(async () => {
    for (const child of [...workers, api]) await child?.stop();
    await stack?.close();
    await bkash?.stop();
  });

  it('completes the payment exactly once after the stalled job is recovered, with one SMS', async () => {
    const [payer] = await insertUsers(stack.pool, 1);
    const token = await login(api.http, payer);
    const first = await startWorker(stack.env, 'worker-1');
    workers.push(first);

    const created = await api.http.post(
      '/payments',
      { service_type: 'holding_tax', amount: '150.00', payment_method: 'bkash', phone_number: payer.phone },
      { token },
    );
    expect(created.status).toBe(201);
    const paymentId = created.body.id as string;
    const bkashId = created.body.gateway_payment_id as string;
    bkash.approve(bkashId);

    // bKash executes the payment but its answer does not come back while the first worker lives.
    const execute = bkash.hold((req) => req.path.endsWith('/tokenized/checkout/execute'));
    const callback = await api.http.get(`/payments/callback/bkash?paymentID=${bkashId}&status=success`);
    expect(callback.status).toBe(302);
    await execute.arrived;
    expect(bkash.payments.get(bkashId)!.transactionStatus).toBe('Completed');

    first.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    execute.release();

    // The dead worker's transaction (it held the payment row locked) was rolled back: nothing moved yet.
    const before = await stack.pool.query('SELECT status FROM payments WHERE id = $1', [paymentId]);
    expect(before.rows[0].status).toBe('pending');
    expect(stack.sms.to(payer.phone)).toHaveLength(0);

    const second = await startWorker(stack.env, 'worker-2');
    workers.push(second);
    const settled = await paymentCompleted(stack.pool, paymentId, second, 30_000);
    expect(settled.transaction_id).toBe(bkash.payments.get(bkashId)!.trxID);

    await waitFor(() => stack.sms.to(payer.phone).length > 0, { timeoutMs: 15_000, what: 'the payment SMS' });
    // Anything that would arrive twice arrives within a few relay and queue rounds.
    await sleep(3_000);
    const sms = stack.sms.to(payer.phone);
    expect(sms).toHaveLength(1);
    expect(sms[0].message).toBe('আপনার পেমেন্ট সম্পন্ন হয়েছে। পরিমাণ: 150.00 টাকা');

    expect(await paymentNotifications(stack.pool, payer.id)).toBe(1);
    // The second attempt asked bKash again: execute said "already executed", the status query said Completed.
    expect(bkash.calls('/tokenized/checkout/execute')).toHaveLength(2);
    expect(bkash.calls('/tokenized/checkout/payment/status')).toHaveLength(1);
    const outbox = await stack.pool.query('SELECT count(*)::int AS n FROM outbox_jobs');
    expect(outbox.rows[0].n).toBe(0);
    expect(second.running).toBe(true);
  });
});
