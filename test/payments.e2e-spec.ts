import { PaymentSettlementService } from '../src/modules/payments/payment-settlement.service.js';
import { FakeBkash, startFakeGateways, type FakeGateways } from './helpers/fake-gateways.js';
import { createRoleUsers, createUser, seedGeography, type RoleUsers, type TestUser } from './helpers/fixtures.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { sleep, waitFor } from './helpers/wait.js';

const CALLBACK_BASE = 'https://api.example.test/api/v1/payments/callback';

describe('payments', () => {
  let t: TestApp;
  let gw: FakeGateways;
  let users: RoleUsers;

  beforeAll(async () => {
    gw = await startFakeGateways();
    t = await startTestApp({
      env: {
        ...gw.env(),
        PAYMENT_CALLBACK_BASE_URL: CALLBACK_BASE,
        PAYMENT_SWEEP_INTERVAL_MS: '500',
        PAYMENT_GATEWAY_TIMEOUT_MS: '1500',
      },
    });
    users = await createRoleUsers(t, await seedGeography(t));
  });
  afterAll(async () => {
    await t?.close();
    await gw?.stop();
  });

  const body = (overrides: Record<string, unknown> = {}) => ({
    service_type: 'holding_tax',
    amount: 150,
    payment_method: 'bkash',
    phone_number: '+8801712345678',
    ...overrides,
  });
  const create = (user: TestUser, overrides: Record<string, unknown> = {}, headers?: Record<string, string>) =>
    t.http.post('/payments', body(overrides), { token: user.token, headers });
  const status = async (id: string): Promise<Record<string, any>> =>
    (await t.db.query('SELECT * FROM payments WHERE id = $1', [id])).rows[0];
  const waitStatus = (id: string, wanted: string) =>
    waitFor(async () => ((await status(id)).status === wanted ? status(id) : undefined), {
      what: `payment ${wanted}`,
      timeoutMs: 15_000,
    });
  const smsTo = (user: TestUser) => t.sms.to(user.phone).map((m) => m.message);

  describe('starting a payment', () => {
    it.each(['bkash', 'nagad', 'rocket', 'upay'])('creates a pending %s payment with a redirect URL', async (method) => {
      const res = await create(users.citizen, { payment_method: method });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        user: users.citizen.id,
        service_type: 'holding_tax',
        amount: '150.00',
        payment_method: method,
        phone_number: '01712345678',
        status: 'pending',
        transaction_id: null,
        completed_at: null,
      });
      expect(res.body.redirect_url).toMatch(/^https:\/\//);
      expect(res.body.invoice_number).toMatch(/^CC\d{6}[A-Z0-9]{8}$/);
      expect(res.body.gateway_payment_id).toBeTruthy();
      expect(res.body.created_at).toMatch(/\+06:00$/);
      const text = JSON.stringify(res.body);
      for (const secret of [FakeBkash.credentials.appSecret, FakeBkash.credentials.password, gw.ssl.storePassword])
        expect(text).not.toContain(secret);
    });

    it('tells each gateway where to call back', async () => {
      const res = await create(users.citizen);
      expect(gw.bkash.payments.get(res.body.gateway_payment_id)!.callbackURL).toBe(`${CALLBACK_BASE}/bkash`);
      const rocket = await create(users.citizen, { payment_method: 'rocket' });
      const session = gw.ssl.requests.filter((r) => r.path.startsWith('/gwprocess')).at(-1)!.body as Record<string, string>;
      expect(session).toMatchObject({
        tran_id: rocket.body.invoice_number,
        ipn_url: `${CALLBACK_BASE}/rocket`,
        success_url: `${CALLBACK_BASE}/rocket`,
      });
    });

    it.each([
      ['zero', 0],
      ['negative', -5],
      ['three decimals', '1.234'],
      ['over the limit', '500000.01'],
      ['not a number', 'abc'],
    ])('refuses an amount that is %s with 400 on amount', async (_what, amount) => {
      const res = await create(users.citizen, { amount });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body)).toEqual(['amount']);
    });

    it('accepts the limit itself, with a string or a number', async () => {
      expect((await create(users.citizen, { amount: '500000.00' })).body.amount).toBe('500000.00');
      expect((await create(users.citizen, { amount: 99.5 })).body.amount).toBe('99.50');
    });

    it('refuses an unknown method, a bad phone, a donation and unknown fields', async () => {
      expect((await create(users.citizen, { payment_method: 'paypal' })).body).toEqual({ payment_method: [expect.any(String)] });
      expect((await create(users.citizen, { phone_number: '12345' })).body).toEqual({ phone_number: [expect.any(String)] });
      expect((await create(users.citizen, { service_type: 'donation' })).body).toEqual({
        service_type: ['Donations are made through POST donations.'],
      });
      expect((await create(users.citizen, { status: 'completed' })).body).toEqual({ status: ['This field is not allowed.'] });
      expect((await t.http.post('/payments', body())).status).toBe(401);
    });

    it('answers 502 and keeps a failed payment when the gateway refuses', async () => {
      const before = gw.bkash.requests.length;
      gw.nagad.signWith = gw.nagad.merchantKeys.privateKey; // answers no longer signed by Nagad
      try {
        const res = await create(users.citizen, { payment_method: 'nagad' });
        expect(res.status).toBe(502);
        expect(res.body).toEqual({ detail: expect.any(String) });
      } finally {
        gw.nagad.signWith = undefined;
      }
      const row = (await t.db.query(`SELECT * FROM payments WHERE payment_method = 'nagad' ORDER BY created_at DESC LIMIT 1`))
        .rows[0];
      expect(row.status).toBe('failed');
      expect(row.failure_reason).toMatch(/signature/);
      expect(gw.bkash.requests.length).toBe(before);
    });
  });

  describe('idempotency keys', () => {
    it('returns the same payment for a retried request, with one gateway call', async () => {
      const creates = () => gw.bkash.requests.filter((r) => r.path.endsWith('/checkout/create')).length;
      const before = creates();
      const first = await create(users.citizen, {}, { 'Idempotency-Key': 'key-retry-1' });
      // Same request, fields in another order and the phone in another spelling.
      const again = await t.http.post(
        '/payments',
        { phone_number: '01712345678', payment_method: 'bkash', amount: '150.00', service_type: 'holding_tax' },
        { token: users.citizen.token, headers: { 'Idempotency-Key': 'key-retry-1' } },
      );
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body.id).toBe(first.body.id);
      expect(again.body.redirect_url).toBe(first.body.redirect_url);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(creates()).toBe(before + 1);
    });

    it('answers 409 for the same key with another body', async () => {
      await create(users.citizen, {}, { 'Idempotency-Key': 'key-conflict' });
      const res = await create(users.citizen, { amount: 151 }, { 'Idempotency-Key': 'key-conflict' });
      expect(res.status).toBe(409);
      expect(res.body).toEqual({ detail: expect.any(String) });
    });

    it('makes one payment for simultaneous retries', async () => {
      const results = await Promise.all(
        Array.from({ length: 5 }, () => create(users.citizen, {}, { 'Idempotency-Key': 'key-race' })),
      );
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      expect(results.every((r) => r.body.redirect_url)).toBe(true);
      const rows = await t.db.query('SELECT payment_id FROM payment_idempotency_keys WHERE key = $1', ['key-race']);
      expect(rows.rowCount).toBe(1);
      expect(gw.bkash.forInvoice(results[0].body.invoice_number)).toBeDefined();
      expect(
        [...gw.bkash.payments.values()].filter((p) => p.merchantInvoiceNumber === results[0].body.invoice_number),
      ).toHaveLength(1);
    });

    it('keeps keys per user, and refuses a malformed key', async () => {
      const mine = await create(users.citizen, {}, { 'Idempotency-Key': 'shared-key' });
      const theirs = await create(users.otherCitizen, {}, { 'Idempotency-Key': 'shared-key' });
      expect(theirs.body.id).not.toBe(mine.body.id);
      const bad = await create(users.citizen, {}, { 'Idempotency-Key': 'has spaces in it' });
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({ 'Idempotency-Key': [expect.any(String)] });
    });
  });

  describe('callbacks and confirmation', () => {
    const bkashCallback = (paymentID: string, state: string) =>
      t.http.get(`/payments/callback/bkash?paymentID=${paymentID}&status=${state}`);

    it('completes a bKash payment the user approved: transaction id, SMS in the seed’s words, in-app notification', async () => {
      const u = await createUser(t);
      const p = (await create(u)).body;
      gw.bkash.approve(p.gateway_payment_id);
      const res = await bkashCallback(p.gateway_payment_id, 'success');
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(`cleancare://payments/${p.id}?status=pending`);
      const row = await waitStatus(p.id, 'completed');
      expect(row.transaction_id).toBe(gw.bkash.payments.get(p.gateway_payment_id)!.trxID);
      expect(row.completed_at).toBeTruthy();
      await waitFor(() => smsTo(u).length === 1, { what: 'sms' });
      expect(smsTo(u)).toEqual(['আপনার পেমেন্ট সম্পন্ন হয়েছে। পরিমাণ: 150.00 টাকা']);
      const notes = await t.http.get('/notifications?category=payment', { token: u.token });
      expect(notes.body.results).toHaveLength(1);
      expect(notes.body.results[0]).toMatchObject({
        body: 'আপনার পেমেন্ট সম্পন্ন হয়েছে। পরিমাণ: 150.00 টাকা',
        data: { payment_id: p.id, status: 'completed' },
      });
      const got = await t.http.get(`/payments/${p.id}`, { token: u.token });
      expect(got.body).toMatchObject({ status: 'completed', transaction_id: row.transaction_id, redirect_url: p.redirect_url });
      expect(got.body.gateway_response.confirm).toMatchObject({ transactionStatus: 'Completed' });
    });

    it('does not complete on a forged success callback the gateway does not confirm; the real one later does', async () => {
      const u = await createUser(t);
      const p = (await create(u)).body;
      const queries = () =>
        gw.bkash.requests.filter((r) => r.path.endsWith('/payment/status') && (r.body as any).paymentID === p.gateway_payment_id)
          .length;
      expect((await bkashCallback(p.gateway_payment_id, 'success')).status).toBe(302);
      await waitFor(() => queries() >= 1, { what: 'status query' });
      await sleep(300);
      expect((await status(p.id)).status).toBe('pending');
      expect(smsTo(u)).toEqual([]);
      // The user really approves and bKash sends the same callback again.
      gw.bkash.approve(p.gateway_payment_id);
      await bkashCallback(p.gateway_payment_id, 'success');
      await waitStatus(p.id, 'completed');
    });

    it('ten identical callbacks at once make one transition and one SMS', async () => {
      const u = await createUser(t);
      const p = (await create(u)).body;
      gw.bkash.approve(p.gateway_payment_id);
      const answers = await Promise.all(Array.from({ length: 10 }, () => bkashCallback(p.gateway_payment_id, 'success')));
      expect(answers.every((a) => a.status === 302)).toBe(true);
      const row = await waitStatus(p.id, 'completed');
      await sleep(1_000);
      expect(smsTo(u)).toHaveLength(1);
      const notes = await t.db.query('SELECT count(*)::int AS n FROM notifications WHERE user_id = $1', [u.id]);
      expect(notes.rows[0].n).toBe(1);
      expect((await status(p.id)).completed_at).toEqual(row.completed_at);
    });

    it('a failure callback after completion changes nothing, even if the gateway then says otherwise', async () => {
      const u = await createUser(t);
      const p = (await create(u)).body;
      gw.bkash.approve(p.gateway_payment_id);
      await bkashCallback(p.gateway_payment_id, 'success');
      await waitStatus(p.id, 'completed');
      const late = await bkashCallback(p.gateway_payment_id, 'failure');
      expect(late.headers.get('location')).toBe(`cleancare://payments/${p.id}?status=completed`);
      gw.bkash.payments.get(p.gateway_payment_id)!.transactionStatus = 'Failed';
      const settlement = t.app.get(PaymentSettlementService);
      expect(await settlement.settle(null, p.id, { status: 'failure' }, 'callback')).toBe('ignored');
      expect(await settlement.settle(null, p.id, {}, 'expire')).toBe('ignored');
      await sleep(300);
      expect((await status(p.id)).status).toBe('completed');
      expect(smsTo(u)).toHaveLength(1);
    });

    it('fails a payment whose confirmed amount differs, with the reason', async () => {
      const u = await createUser(t);
      const p = (await create(u)).body;
      gw.bkash.approve(p.gateway_payment_id, '15.00');
      await bkashCallback(p.gateway_payment_id, 'success');
      const row = await waitStatus(p.id, 'failed');
      expect(row.failure_reason).toBe('Amount mismatch: the gateway reports 15.00, the payment is for 150.00.');
      expect(row.transaction_id).toBeNull();
      await waitFor(() => smsTo(u).length === 1, { what: 'sms' });
      expect(smsTo(u)[0]).toBe('আপনার পেমেন্ট ব্যর্থ হয়েছে। পরিমাণ: 150.00 টাকা');
    });

    it('when execute times out, the status query decides', async () => {
      const p = (await create(users.citizen)).body;
      gw.bkash.approve(p.gateway_payment_id);
      gw.bkash.executeDelayMs = 2_500; // the app waits 1.5 s
      try {
        await bkashCallback(p.gateway_payment_id, 'success');
        const row = await waitStatus(p.id, 'completed');
        expect(row.transaction_id).toBe(gw.bkash.payments.get(p.gateway_payment_id)!.trxID);
      } finally {
        gw.bkash.executeDelayMs = 0;
      }
    });

    it('completes a Nagad payment after Nagad’s verify says Success', async () => {
      const p = (await create(users.citizen, { payment_method: 'nagad' })).body;
      const cb = `/payments/callback/nagad?merchant=${gw.nagad.merchantId}&order_id=${p.invoice_number}&payment_ref_id=${p.gateway_payment_id}&status=Success&status_code=00_0000_000&message=Successful`;
      await t.http.get(cb);
      await sleep(500);
      expect((await status(p.id)).status).toBe('pending'); // the callback alone proves nothing
      gw.nagad.pay(p.gateway_payment_id);
      await t.http.get(`${cb}&again=1`);
      const row = await waitStatus(p.id, 'completed');
      expect(row.transaction_id).toBe(gw.nagad.payments.get(p.gateway_payment_id)!.issuerPaymentRefNo);
    });

    it('completes a Rocket payment from SSLCommerz’s form POST after validating val_id; a forged Upay POST does nothing', async () => {
      const rocket = (await create(users.citizen, { payment_method: 'rocket' })).body;
      const valId = gw.ssl.pay(rocket.invoice_number);
      const form = new URLSearchParams({
        tran_id: rocket.invoice_number,
        val_id: valId,
        amount: '150.00',
        status: 'VALID',
        value_a: rocket.id,
      });
      const res = await t.http.request('POST', '/payments/callback/rocket', {
        body: form.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(res.status).toBe(302);
      const row = await waitStatus(rocket.id, 'completed');
      expect(row.transaction_id).toBe(gw.ssl.transactions.get(rocket.invoice_number)!.bank_tran_id);

      const upay = (await create(users.citizen, { payment_method: 'upay' })).body;
      const forged = new URLSearchParams({
        tran_id: upay.invoice_number,
        val_id: 'VALFORGED',
        amount: '150.00',
        status: 'VALID',
      });
      await t.http.request('POST', '/payments/callback/upay', {
        body: forged.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      await waitFor(() => gw.ssl.requests.some((r) => r.path.includes(`tran_id=${upay.invoice_number}`)), { what: 'ssl query' });
      await sleep(300);
      expect((await status(upay.id)).status).toBe('pending');
    });

    it('answers 404 and queues nothing for a callback about no payment', async () => {
      const before = (await t.db.query('SELECT count(*)::int AS n FROM outbox_jobs')).rows[0].n;
      expect((await t.http.get('/payments/callback/bkash?paymentID=TR0011nothing&status=success')).status).toBe(404);
      expect((await t.http.get('/payments/callback/bkash')).status).toBe(404);
      expect((await t.http.get('/payments/callback/paypal?x=1')).status).toBe(404);
      expect((await t.db.query('SELECT count(*)::int AS n FROM outbox_jobs')).rows[0].n).toBe(before);
    });
  });

  describe('the stale-pending sweep', () => {
    it('cancels a payment pending past the window that the gateway does not confirm, and completes one it does', async () => {
      const u = await createUser(t);
      const unpaid = (await create(u)).body;
      const paid = (await create(u, { payment_method: 'upay' })).body;
      gw.ssl.pay(paid.invoice_number); // paid, but the callback never reached us
      await t.db.query(`UPDATE payments SET created_at = now() - interval '11 minutes' WHERE id = ANY($1::uuid[])`, [
        [unpaid.id, paid.id],
      ]);
      const cancelled = await waitStatus(unpaid.id, 'cancelled');
      expect(cancelled.failure_reason).toBe('Not confirmed by the gateway within 10 minutes.');
      await waitStatus(paid.id, 'completed');
      await waitFor(() => smsTo(u).length === 2, { what: 'two sms' });
      expect(smsTo(u).sort()).toEqual(
        ['আপনার পেমেন্ট বাতিল হয়েছে। পরিমাণ: 150.00 টাকা', 'আপনার পেমেন্ট সম্পন্ন হয়েছে। পরিমাণ: 150.00 টাকা'].sort(),
      );
    });

    it('leaves a payment pending younger than the window alone', async () => {
      const p = (await create(users.citizen)).body;
      await sleep(1_200);
      expect((await status(p.id)).status).toBe('pending');
    });
  });

  describe('reading and access', () => {
    it('shows a citizen only their own payments; another citizen’s is a 404', async () => {
      const mine = (await create(users.otherCitizen, { service_type: 'trade_license' })).body;
      expect((await t.http.get(`/payments/${mine.id}`, { token: users.citizen.token })).status).toBe(404);
      expect((await t.http.get(`/payments/${mine.id}`, { token: users.otherCitizen.token })).status).toBe(200);
      const list = await t.http.get('/payments?page_size=100', { token: users.otherCitizen.token });
      expect(list.body.results.every((p: any) => p.user === users.otherCitizen.id)).toBe(true);
      const others = await t.http.get('/payments?page_size=100', { token: users.citizen.token });
      expect(others.body.results.some((p: any) => p.id === mine.id)).toBe(false);
      expect((await t.http.get('/payments/not-a-uuid', { token: users.citizen.token })).status).toBe(404);
    });

    it('lets staff and admin see every payment, filter and order', async () => {
      const p = (await create(users.otherCitizen, { service_type: 'water_bill', amount: 777 })).body;
      expect((await t.http.get(`/payments/${p.id}`, { token: users.staff.token })).status).toBe(200);
      const filtered = await t.http.get(`/payments?user=${users.otherCitizen.id}&service_type=water_bill&status=pending`, {
        token: users.admin.token,
      });
      expect(filtered.body.results.map((r: any) => r.id)).toContain(p.id);
      const byAmount = await t.http.get('/payments?ordering=-amount&page_size=3', { token: users.admin.token });
      const amounts = byAmount.body.results.map((r: any) => Number(r.amount));
      expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
      expect((await t.http.get('/payments?ordering=phone_number', { token: users.admin.token })).status).toBe(400);
      expect((await t.http.get('/payments?payment_method=cash', { token: users.admin.token })).status).toBe(400);
    });
  });

  describe('refunds', () => {
    it('lets an admin refund a completed payment through its gateway; it becomes refunded', async () => {
      const u = await createUser(t);
      const p = (await create(u)).body;
      expect((await t.http.post(`/payments/${p.id}/refund`, { reason: 'x' }, { token: users.admin.token })).status).toBe(409);
      gw.bkash.approve(p.gateway_payment_id);
      await t.http.get(`/payments/callback/bkash?paymentID=${p.gateway_payment_id}&status=success`);
      await waitStatus(p.id, 'completed');
      expect((await t.http.post(`/payments/${p.id}/refund`, { reason: 'x' }, { token: u.token })).status).toBe(403);
      expect(
        (await t.http.post(`/payments/${p.id}/refund`, { reason: 'x', amount: '150.01' }, { token: users.admin.token })).body,
      ).toEqual({
        amount: [expect.any(String)],
      });
      const res = await t.http.post(
        `/payments/${p.id}/refund`,
        { reason: 'Charged twice', amount: '100.00' },
        { token: users.admin.token },
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'refunded', refunded_amount: '100.00', refund_reason: 'Charged twice' });
      expect(res.body.gateway_response.refund.refundTrxID).toBe(gw.bkash.payments.get(p.gateway_payment_id)!.refundTrxID);
      expect((await t.http.post(`/payments/${p.id}/refund`, { reason: 'again' }, { token: users.admin.token })).status).toBe(409);
      await waitFor(() => smsTo(u).length === 2, { what: 'refund sms' });
      expect(smsTo(u)[1]).toBe('আপনার পেমেন্টের 100.00 টাকা ফেরত দেওয়া হয়েছে।');
    });
  });
});

describe('payments with only bKash configured', () => {
  let t: TestApp;
  let gw: FakeGateways;

  beforeAll(async () => {
    gw = await startFakeGateways();
    // startTestApp merges into process.env: blank out what the first app of this file configured.
    t = await startTestApp({ env: { ...gw.bkash.env(), NAGAD_BASE_URL: '', SSLCOMMERZ_BASE_URL: '' } });
  });
  afterAll(async () => {
    await t?.close();
    await gw?.stop();
  });

  it('refuses a method whose gateway is not configured with 400 on payment_method', async () => {
    const u = await createUser(t);
    for (const method of ['nagad', 'rocket', 'upay']) {
      const res = await t.http.post(
        '/payments',
        { service_type: 'holding_tax', amount: 10, payment_method: method, phone_number: '01712345678' },
        { token: u.token },
      );
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ payment_method: [`Payment by ${method} is not available at the moment.`] });
    }
    const ok = await t.http.post(
      '/payments',
      { service_type: 'holding_tax', amount: 10, payment_method: 'bkash', phone_number: '01712345678' },
      { token: u.token },
    );
    expect(ok.status).toBe(201);
    expect((await t.db.query('SELECT count(*)::int AS n FROM payments')).rows[0].n).toBe(1);
  });
});
