import { generateKeyPairSync } from 'node:crypto';
import { BkashGateway } from '../src/modules/payments/gateways/bkash.gateway.js';
import { NagadGateway } from '../src/modules/payments/gateways/nagad.gateway.js';
import { GatewayError } from '../src/modules/payments/gateways/payment-gateway.js';
import { SslCommerzGateway } from '../src/modules/payments/gateways/sslcommerz.gateway.js';
import type { Payment } from '../src/modules/payments/payment.entity.js';
import { newInvoiceNumber } from '../src/modules/payments/payment-numbers.js';
import { FakeBkash, FakeNagad, FakeSslCommerz } from './helpers/fake-gateways.js';

/**
 * Each adapter against a fake of its provider's documented API on
 * 127.0.0.1: the real HTTP, signing and encryption code runs. No app, no
 * database: these pin the adapters' own behaviour.
 */

const CUSTOMER = { name: 'Rahim Uddin', phone: '01712345678', email: null };

function payment(overrides: Partial<Payment> = {}): Payment {
  return {
    id: '6f1c1a52-1111-4a5b-9c1d-2e3f4a5b6c7d',
    userId: '6f1c1a52-2222-4a5b-9c1d-2e3f4a5b6c7d',
    serviceType: 'holding_tax',
    amount: '150.00',
    paymentMethod: 'bkash',
    phoneNumber: '01712345678',
    transactionId: null,
    status: 'pending',
    gatewayResponse: null,
    gatewayPaymentId: null,
    invoiceNumber: newInvoiceNumber(),
    redirectUrl: null,
    completedAt: null,
    failureReason: null,
    refundedAmount: null,
    refundedAt: null,
    refundReason: null,
    createdAt: new Date(),
    updatedAt: new Date(),
    ...overrides,
  };
}

describe('bKash tokenized checkout adapter', () => {
  const fake = new FakeBkash();
  let gateway: BkashGateway;
  const callback = 'https://api.example.test/api/v1/payments/callback/bkash';

  beforeAll(async () => {
    await fake.start();
  });
  beforeEach(() => {
    fake.executeDelayMs = 0;
    fake.tokenTtlSeconds = 3600;
    const c = FakeBkash.credentials;
    gateway = new BkashGateway(
      { baseUrl: fake.url, username: c.username, password: c.password, appKey: c.appKey, appSecret: c.appSecret },
      callback,
      1_000,
    );
  });
  afterAll(() => fake.stop());

  it('creates with mode 0011, our callback URL, amount and invoice, and grants one token for many calls', async () => {
    const grantsBefore = fake.grants;
    const p = payment();
    const created = await gateway.create(p, CUSTOMER);
    expect(created.redirectUrl).toContain(created.gatewayPaymentId);
    const sent = fake.calls('/checkout/create').at(-1)!.body as Record<string, string>;
    expect(sent).toMatchObject({
      mode: '0011',
      callbackURL: callback,
      amount: '150.00',
      currency: 'BDT',
      intent: 'sale',
      merchantInvoiceNumber: p.invoiceNumber,
      payerReference: '01712345678',
    });
    await gateway.create(payment(), CUSTOMER);
    await gateway.confirm({ ...p, gatewayPaymentId: created.gatewayPaymentId }, {});
    expect(fake.grants - grantsBefore).toBe(1);
  });

  it('refreshes the token once it expires, and grants anew after a 401', async () => {
    fake.tokenTtlSeconds = 61; // expires_in minus the 60 s safety margin: stale after one second
    await gateway.create(payment(), CUSTOMER);
    const refreshes = fake.refreshes;
    await new Promise((r) => setTimeout(r, 1_100));
    await gateway.create(payment(), CUSTOMER);
    expect(fake.refreshes).toBe(refreshes + 1);
    fake.tokenTtlSeconds = 3600;
    await gateway.create(payment(), CUSTOMER);
    fake.revokeTokens();
    const created = await gateway.create(payment(), CUSTOMER);
    expect(created.gatewayPaymentId).toMatch(/^TR0011/);
  });

  it('executes an approved payment and reports amount, invoice and trxID', async () => {
    const p = payment();
    const created = await gateway.create(p, CUSTOMER);
    fake.approve(created.gatewayPaymentId);
    const c = await gateway.confirm(
      { ...p, gatewayPaymentId: created.gatewayPaymentId },
      { paymentID: created.gatewayPaymentId, status: 'success' },
    );
    expect(c).toMatchObject({ status: 'completed', amount: '150.00', invoice: p.invoiceNumber });
    expect(c.transactionId).toBe(fake.payments.get(created.gatewayPaymentId)!.trxID);
  });

  it('does not believe a success callback bKash has not approved: the query keeps it pending', async () => {
    const p = payment();
    const created = await gateway.create(p, CUSTOMER);
    const c = await gateway.confirm(
      { ...p, gatewayPaymentId: created.gatewayPaymentId },
      { paymentID: created.gatewayPaymentId, status: 'success' },
    );
    expect(c.status).toBe('pending');
    expect(fake.calls('/payment/status').length).toBeGreaterThan(0);
  });

  it('when execute times out, the status query decides', async () => {
    const p = payment();
    const created = await gateway.create(p, CUSTOMER);
    fake.approve(created.gatewayPaymentId);
    fake.executeDelayMs = 2_000; // past the adapter's 1 s deadline; bKash completes it anyway
    const queriesBefore = fake.calls('/payment/status').length;
    const c = await gateway.confirm({ ...p, gatewayPaymentId: created.gatewayPaymentId }, { status: 'success' });
    expect(c.status).toBe('completed');
    expect(c.transactionId).toBeTruthy();
    expect(fake.calls('/payment/status').length).toBe(queriesBefore + 1);
  });

  it('refunds with paymentID, trxID and amount', async () => {
    const p = payment();
    const created = await gateway.create(p, CUSTOMER);
    fake.approve(created.gatewayPaymentId);
    const c = await gateway.confirm({ ...p, gatewayPaymentId: created.gatewayPaymentId }, { status: 'success' });
    const r = await gateway.refund(
      { ...p, gatewayPaymentId: created.gatewayPaymentId, transactionId: c.transactionId! },
      '50.00',
      'duplicate',
    );
    expect(r.refundTransactionId).toBe(fake.payments.get(created.gatewayPaymentId)!.refundTrxID);
    expect(fake.calls('/payment/refund').at(-1)!.body).toMatchObject({
      amount: '50.00',
      trxID: c.transactionId,
      sku: p.invoiceNumber,
    });
  });

  it('a refused grant is a GatewayError that names no credential', async () => {
    const bad = new BkashGateway(
      { baseUrl: fake.url, username: 'x', password: 'super-secret-pw', appKey: 'k', appSecret: 'secret-app' },
      callback,
      1_000,
    );
    const err = await bad.create(payment(), CUSTOMER).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect((err as Error).message).not.toMatch(/super-secret-pw|secret-app/);
  });

  it('an unreachable gateway is a GatewayError, not a crash', async () => {
    const down = new BkashGateway({ ...FakeBkash.credentials, baseUrl: 'http://127.0.0.1:9' }, callback, 500);
    await expect(down.create(payment(), CUSTOMER)).rejects.toBeInstanceOf(GatewayError);
  });
});

describe('Nagad adapter (RSA-encrypted, signed)', () => {
  const fake = new FakeNagad();
  let gateway: NagadGateway;

  beforeAll(async () => {
    await fake.start();
  });
  beforeEach(() => {
    fake.signWith = undefined;
    const env = fake.env();
    gateway = new NagadGateway(
      {
        baseUrl: fake.url,
        merchantId: fake.merchantId,
        merchantNumber: env.NAGAD_MERCHANT_NUMBER,
        nagadPublicKey: env.NAGAD_PUBLIC_KEY,
        merchantPrivateKey: env.NAGAD_MERCHANT_PRIVATE_KEY.replace(/\\n/g, '\n'),
        clientIp: env.NAGAD_CLIENT_IP,
      },
      'https://api.example.test/api/v1/payments/callback/nagad',
      2_000,
    );
  });
  afterAll(() => fake.stop());

  it('initializes and completes with encrypted, signed sensitive data and returns Nagad’s checkout URL', async () => {
    const p = payment({ paymentMethod: 'nagad', amount: '50.55' });
    const created = await gateway.create(p, CUSTOMER);
    expect(fake.rejected).toEqual([]);
    const order = fake.payments.get(created.gatewayPaymentId)!;
    expect(order).toMatchObject({ orderId: p.invoiceNumber, amount: '50.55' });
    expect(created.redirectUrl).toContain(created.gatewayPaymentId);
    // The challenge is a one-time value between us and Nagad; it is not kept.
    expect(JSON.stringify(created.raw)).not.toContain(order.challenge);
    const init = fake.requests.find((r) => r.path.startsWith('/check-out/initialize'))!;
    expect(init.rawBody).not.toContain(p.invoiceNumber.slice(2)); // the order id travels encrypted (and in the path)
    expect(init.headers['x-km-ip-v4']).toBe('203.0.113.7');
  });

  it('verifies server-side: pending until Nagad says Success, then amount, order and issuer reference', async () => {
    const p = payment({ paymentMethod: 'nagad' });
    const created = await gateway.create(p, CUSTOMER);
    const withRef = { ...p, gatewayPaymentId: created.gatewayPaymentId };
    expect((await gateway.confirm(withRef, { status: 'Success' })).status).toBe('pending');
    fake.pay(created.gatewayPaymentId);
    const c = await gateway.confirm(withRef, {});
    expect(c).toMatchObject({
      status: 'completed',
      amount: '150.00',
      invoice: p.invoiceNumber,
      transactionId: fake.payments.get(created.gatewayPaymentId)!.issuerPaymentRefNo,
    });
  });

  it('refuses an answer not signed by Nagad', async () => {
    fake.signWith = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const err = await gateway.create(payment({ paymentMethod: 'nagad' }), CUSTOMER).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect((err as Error).message).toMatch(/signature/);
  });

  it('refunds through purchase/cancel', async () => {
    const p = payment({ paymentMethod: 'nagad' });
    const created = await gateway.create(p, CUSTOMER);
    fake.pay(created.gatewayPaymentId);
    const r = await gateway.refund({ ...p, gatewayPaymentId: created.gatewayPaymentId }, '150.00', 'service not delivered');
    expect(r.refundTransactionId).toMatch(/^CXL/);
  });
});

describe('SSLCommerz adapter (Rocket and Upay)', () => {
  const fake = new FakeSslCommerz();
  let rocket: SslCommerzGateway;
  let upay: SslCommerzGateway;

  beforeAll(async () => {
    await fake.start();
    const config = { baseUrl: fake.url, storeId: fake.storeId, storePassword: fake.storePassword, methods: ['rocket', 'upay'] };
    rocket = new SslCommerzGateway(config, 'rocket', 'https://api.example.test/api/v1/payments/callback/rocket', 2_000);
    upay = new SslCommerzGateway(config, 'upay', 'https://api.example.test/api/v1/payments/callback/upay', 2_000);
  });
  afterAll(() => fake.stop());

  it('opens a session limited to the wallet, with our tran_id and callback URLs, and keeps no credential', async () => {
    const p = payment({ paymentMethod: 'rocket' });
    const created = await rocket.create(p, CUSTOMER);
    const t = fake.transactions.get(p.invoiceNumber)!;
    expect(t).toMatchObject({ amount: '150.00', multi_card_name: 'dbblmobilebanking', sessionkey: created.gatewayPaymentId });
    expect(created.redirectUrl).toContain(created.gatewayPaymentId);
    expect(JSON.stringify(created.raw)).not.toContain(fake.storePassword);
    expect(created.raw).not.toHaveProperty('desc');
    await upay.create(payment({ paymentMethod: 'upay' }), CUSTOMER);
    expect([...fake.transactions.values()].at(-1)!.multi_card_name).toBe('upay');
  });

  it('validates the val_id of this payment; a val_id of another payment falls back to the query by tran_id', async () => {
    const mine = payment({ paymentMethod: 'rocket' });
    const other = payment({ paymentMethod: 'rocket', amount: '5.00' });
    await rocket.create(mine, CUSTOMER);
    await rocket.create(other, CUSTOMER);
    const otherVal = fake.pay(other.invoiceNumber);
    // Someone posts the val_id of their own small payment to our callback: it proves nothing about ours.
    expect((await rocket.confirm(mine, { val_id: otherVal, tran_id: mine.invoiceNumber })).status).toBe('pending');
    const val = fake.pay(mine.invoiceNumber);
    const c = await rocket.confirm(mine, { val_id: val });
    expect(c).toMatchObject({
      status: 'completed',
      amount: '150.00',
      invoice: mine.invoiceNumber,
      transactionId: fake.transactions.get(mine.invoiceNumber)!.bank_tran_id,
    });
    // Without a val_id the transaction query finds it too.
    expect((await rocket.confirm(mine, {})).status).toBe('completed');
  });

  it('reports a failed transaction as failed', async () => {
    const p = payment({ paymentMethod: 'upay' });
    await upay.create(p, CUSTOMER);
    fake.fail(p.invoiceNumber);
    expect((await upay.confirm(p, {})).status).toBe('failed');
  });

  it('refunds on the bank transaction id', async () => {
    const p = payment({ paymentMethod: 'rocket' });
    await rocket.create(p, CUSTOMER);
    fake.pay(p.invoiceNumber);
    const c = await rocket.confirm(p, {});
    const r = await rocket.refund({ ...p, transactionId: c.transactionId! }, '150.00', 'duplicate payment');
    expect(r.refundTransactionId).toMatch(/^REF/);
  });

  it('a store-credential failure is a GatewayError without the password in it', async () => {
    const bad = new SslCommerzGateway(
      { baseUrl: fake.url, storeId: 'testbox', storePassword: 'wrong-pass-123', methods: ['rocket'] },
      'rocket',
      'https://x.test/cb',
      2_000,
    );
    const err = await bad.create(payment(), CUSTOMER).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect((err as Error).message).not.toContain('wrong-pass-123');
  });
});
