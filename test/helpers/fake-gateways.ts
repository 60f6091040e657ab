import {
  constants,
  generateKeyPairSync,
  privateDecrypt,
  publicEncrypt,
  createSign,
  createVerify,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { FakeServer, type RecordedRequest } from './fake-server.js';

/**
 * Payment gateways as small HTTP servers on 127.0.0.1 speaking each
 * provider's documented API, so the real adapters run against them. Each
 * keeps its payments in memory; tests play the user's part with
 * `approve`/`pay`/`abort` and look at `requests` to see what was called.
 */

type Reply = { status?: number; body?: unknown; delayMs?: number };

function pathOf(req: RecordedRequest): { path: string; query: URLSearchParams } {
  const url = new URL(req.path, 'http://fake');
  return { path: url.pathname, query: url.searchParams };
}

let counter = 0;
const nextId = (prefix: string) =>
  `${prefix}${Date.now().toString(36).toUpperCase()}${(++counter).toString(36).toUpperCase()}${randomBytes(2).toString('hex').toUpperCase()}`;

// --- bKash tokenized checkout --------------------------------------------------------------
export interface BkashPayment {
  paymentID: string;
  amount: string;
  merchantInvoiceNumber: string;
  payerReference: string;
  callbackURL: string;
  transactionStatus: 'Initiated' | 'Completed' | 'Cancelled' | 'Failed';
  /** The user entered PIN and OTP at bKash. */
  approved: boolean;
  trxID?: string;
  /** What bKash reports as paid (defaults to the created amount). */
  paidAmount?: string;
  refundTrxID?: string;
}

export class FakeBkash extends FakeServer {
  static readonly credentials = {
    username: 'sandboxUser',
    password: 'sandbox-pass',
    appKey: 'app-key-1',
    appSecret: 'app-secret-1',
  };
  readonly payments = new Map<string, BkashPayment>();
  grants = 0;
  refreshes = 0;
  tokenTtlSeconds = 3600;
  /** Delay of the execute answer; bKash still completes the payment (the answer is just late). */
  executeDelayMs = 0;
  private tokens = new Set<string>();

  constructor() {
    super();
    this.setHandler((req) => this.route(req));
  }

  env(): Record<string, string> {
    const c = FakeBkash.credentials;
    return {
      BKASH_BASE_URL: this.url,
      BKASH_USERNAME: c.username,
      BKASH_PASSWORD: c.password,
      BKASH_APP_KEY: c.appKey,
      BKASH_APP_SECRET: c.appSecret,
    };
  }

  /** The user approves the payment at bKash (optionally paying another amount). */
  approve(paymentID: string, paidAmount?: string): void {
    const p = this.payments.get(paymentID)!;
    p.approved = true;
    p.paidAmount = paidAmount;
  }

  forInvoice(invoice: string): BkashPayment | undefined {
    return [...this.payments.values()].find((p) => p.merchantInvoiceNumber === invoice);
  }

  calls(path: string): RecordedRequest[] {
    return this.requests.filter((r) => pathOf(r).path.endsWith(path));
  }

  /** Forgets every token: the next call with an old one gets a 401. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  private route(req: RecordedRequest): Reply {
    const { path } = pathOf(req);
    const body = (req.body ?? {}) as Record<string, string>;
    const c = FakeBkash.credentials;
    if (path === '/tokenized/checkout/token/grant' || path === '/tokenized/checkout/token/refresh') {
      if (
        req.headers.username !== c.username ||
        req.headers.password !== c.password ||
        body.app_key !== c.appKey ||
        body.app_secret !== c.appSecret
      ) {
        return { status: 401, body: { statusCode: '2001', statusMessage: 'Invalid App Key' } };
      }
      if (path.endsWith('grant')) this.grants += 1;
      else this.refreshes += 1;
      const token = `id-token-${randomBytes(6).toString('hex')}`;
      this.tokens.add(token);
      return {
        body: {
          statusCode: '0000',
          statusMessage: 'Successful',
          id_token: token,
          token_type: 'Bearer',
          expires_in: this.tokenTtlSeconds,
          refresh_token: `refresh-${token}`,
        },
      };
    }
    if (!this.tokens.has(String(req.headers.authorization)) || req.headers['x-app-key'] !== c.appKey) {
      return { status: 401, body: { message: 'Unauthorized' } };
    }
    if (path === '/tokenized/checkout/create') {
      if (
        body.mode !== '0011' ||
        body.currency !== 'BDT' ||
        body.intent !== 'sale' ||
        !body.callbackURL ||
        !body.merchantInvoiceNumber
      ) {
        return { body: { statusCode: '2065', statusMessage: 'Invalid request body' } };
      }
      const paymentID = nextId('TR0011');
      this.payments.set(paymentID, {
        paymentID,
        amount: body.amount,
        merchantInvoiceNumber: body.merchantInvoiceNumber,
        payerReference: body.payerReference,
        callbackURL: body.callbackURL,
        transactionStatus: 'Initiated',
        approved: false,
      });
      return {
        body: {
          statusCode: '0000',
          statusMessage: 'Successful',
          paymentID,
          bkashURL: `https://sandbox.payment.bkash.test/?paymentId=${paymentID}`,
          callbackURL: body.callbackURL,
          successCallbackURL: `${body.callbackURL}?paymentID=${paymentID}&status=success`,
          failureCallbackURL: `${body.callbackURL}?paymentID=${paymentID}&status=failure`,
          cancelledCallbackURL: `${body.callbackURL}?paymentID=${paymentID}&status=cancel`,
          amount: body.amount,
          intent: 'sale',
          currency: 'BDT',
          transactionStatus: 'Initiated',
          merchantInvoiceNumber: body.merchantInvoiceNumber,
        },
      };
    }
    const p = this.payments.get(body.paymentID);
    if (!p) return { body: { statusCode: '2056', statusMessage: 'Invalid Payment State' } };
    if (path === '/tokenized/checkout/execute') {
      if (p.transactionStatus === 'Completed')
        return { body: { statusCode: '2117', statusMessage: 'Payment execution already been called before' } };
      if (!p.approved) return { body: { statusCode: '2056', statusMessage: 'Invalid Payment State' } };
      p.transactionStatus = 'Completed';
      p.trxID = nextId('TRX');
      return { body: this.view(p), delayMs: this.executeDelayMs };
    }
    if (path === '/tokenized/checkout/payment/status') return { body: this.view(p) };
    if (path === '/tokenized/checkout/payment/refund') {
      if (p.transactionStatus !== 'Completed' || body.trxID !== p.trxID)
        return { body: { statusCode: '2071', statusMessage: 'Original transaction not found' } };
      p.refundTrxID = nextId('RFD');
      return {
        body: {
          completedTime: new Date().toISOString(),
          transactionStatus: 'Completed',
          originalTrxID: p.trxID,
          refundTrxID: p.refundTrxID,
          amount: body.amount,
          currency: 'BDT',
          charge: '0.00',
        },
      };
    }
    return { status: 404, body: { message: 'no such endpoint' } };
  }

  private view(p: BkashPayment): Record<string, string> {
    return {
      statusCode: '0000',
      statusMessage: 'Successful',
      paymentID: p.paymentID,
      ...(p.trxID ? { trxID: p.trxID } : {}),
      transactionStatus: p.transactionStatus,
      amount: p.paidAmount ?? p.amount,
      currency: 'BDT',
      intent: 'sale',
      merchantInvoiceNumber: p.merchantInvoiceNumber,
    };
  }
}

// --- Nagad ------------------------------------------------------------------------------------
export interface NagadPayment {
  paymentRefId: string;
  orderId: string;
  challenge: string;
  amount?: string;
  status: 'OrderInitiated' | 'Ready' | 'Success' | 'Aborted' | 'Cancelled';
  issuerPaymentRefNo?: string;
}

function pem(key: KeyObject, type: 'spki' | 'pkcs8'): string {
  return key.export({ type, format: 'pem' }) as string;
}

/** PKCS#1 v1.5 decryption the long way (Node refuses the padding for private decryption). */
function rsaDecrypt(cipherB64: string, key: KeyObject): string {
  const block = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, Buffer.from(cipherB64, 'base64'));
  return block.subarray(block.indexOf(0, 2) + 1).toString('utf8');
}

export class FakeNagad extends FakeServer {
  readonly merchantId = '683002007104225';
  readonly payments = new Map<string, NagadPayment>();
  /** Nagad's own key pair and the merchant's; the merchant's public key is what Nagad encrypts answers with. */
  readonly nagadKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  readonly merchantKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  /** Sign answers with this key instead of Nagad's (to play a forger). */
  signWith?: KeyObject;
  readonly rejected: string[] = [];

  constructor() {
    super();
    this.setHandler((req) => this.route(req));
  }

  env(): Record<string, string> {
    return {
      NAGAD_BASE_URL: this.url,
      NAGAD_MERCHANT_ID: this.merchantId,
      NAGAD_MERCHANT_NUMBER: '01711428036',
      // Nagad hands out bare base64 DER; the merchant key here is PEM with escaped newlines, as an env file holds it.
      NAGAD_PUBLIC_KEY: (this.nagadKeys.publicKey.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64'),
      NAGAD_MERCHANT_PRIVATE_KEY: pem(this.merchantKeys.privateKey, 'pkcs8').replace(/\n/g, '\\n'),
      NAGAD_CLIENT_IP: '203.0.113.7',
    };
  }

  pay(paymentRefId: string): void {
    const p = this.payments.get(paymentRefId)!;
    p.status = 'Success';
    p.issuerPaymentRefNo = nextId('NGD');
  }

  forOrder(orderId: string): NagadPayment | undefined {
    return [...this.payments.values()].find((p) => p.orderId === orderId);
  }

  private seal(data: Record<string, unknown>): { sensitiveData: string; signature: string } {
    const plain = JSON.stringify(data);
    return {
      sensitiveData: publicEncrypt(
        { key: this.merchantKeys.publicKey, padding: constants.RSA_PKCS1_PADDING },
        Buffer.from(plain),
      ).toString('base64'),
      signature: createSign('sha256')
        .update(plain)
        .sign(this.signWith ?? this.nagadKeys.privateKey, 'base64'),
    };
  }

  /** Decrypts a request's sensitive data and checks the merchant signed it. */
  private unseal(cipher: string, signature: string): Record<string, string> | undefined {
    const plain = rsaDecrypt(cipher, this.nagadKeys.privateKey);
    if (!createVerify('sha256').update(plain).verify(this.merchantKeys.publicKey, signature, 'base64')) return undefined;
    return JSON.parse(plain) as Record<string, string>;
  }

  private route(req: RecordedRequest): Reply {
    const { path, query } = pathOf(req);
    const body = (req.body ?? {}) as Record<string, string>;
    if (req.headers['x-km-api-version'] !== 'v-0.2.0' || !req.headers['x-km-ip-v4'] || !req.headers['x-km-client-type']) {
      return { status: 400, body: { reason: 'InvalidApiRequest', message: 'Missing headers' } };
    }
    let m = /^\/check-out\/initialize\/([^/]+)\/([^/]+)$/.exec(path);
    if (m) {
      const data = this.unseal(body.sensitiveData, body.signature);
      if (
        !data ||
        data.merchantId !== this.merchantId ||
        m[1] !== this.merchantId ||
        data.orderId !== m[2] ||
        !/^\d{14}$/.test(body.dateTime)
      ) {
        this.rejected.push('initialize');
        return { status: 400, body: { reason: 'SignatureVerificationFailed', message: 'Invalid request' } };
      }
      const paymentRefId = nextId('MDA');
      const challenge = randomBytes(10).toString('hex');
      this.payments.set(paymentRefId, { paymentRefId, orderId: m[2], challenge, status: 'OrderInitiated' });
      return { body: this.seal({ paymentReferenceId: paymentRefId, challenge, acceptDateTime: body.dateTime }) };
    }
    m = /^\/check-out\/complete\/([^/]+)$/.exec(path);
    if (m) {
      const p = this.payments.get(m[1]);
      const data = this.unseal(body.sensitiveData, body.signature);
      if (!p || !data || data.challenge !== p.challenge || data.currencyCode !== '050' || !body.merchantCallbackURL) {
        this.rejected.push('complete');
        return { status: 400, body: { reason: 'InvalidPurchaseInformation', message: 'Invalid purchase' } };
      }
      p.amount = data.amount;
      p.status = 'Ready';
      return { body: { status: 'Success', callBackUrl: `https://sandbox.mynagad.test/check-out/${p.paymentRefId}` } };
    }
    m = /^\/verify\/payment\/([^/]+)$/.exec(path);
    if (m) {
      const p = this.payments.get(m[1]);
      if (!p) return { body: { reason: 'InvalidReferenceId', message: 'Invalid payment reference' } };
      return {
        body: {
          merchantId: this.merchantId,
          orderId: p.orderId,
          paymentRefId: p.paymentRefId,
          amount: p.amount,
          clientMobileNo: '017****1111',
          merchantMobileNo: '01711428036',
          orderDateTime: null,
          issuerPaymentDateTime: p.status === 'Success' ? '2026-01-01 10:00:00' : null,
          issuerPaymentRefNo: p.issuerPaymentRefNo ?? null,
          additionalMerchantInfo: null,
          status: p.status,
          statusCode: p.status === 'Success' ? '000' : '001',
        },
      };
    }
    if (path === '/purchase/cancel') {
      const p = this.payments.get(query.get('paymentRefId') ?? '');
      const data = this.unseal(body.sensitiveDataCancelRequest, body.signature);
      if (!p || !data || p.status !== 'Success')
        return { status: 400, body: { reason: 'InvalidRequest', message: 'Cannot cancel' } };
      return {
        body: this.seal({
          status: 'Success',
          originalAmount: data.originalAmount,
          cancelAmount: data.cancelAmount,
          cancelTrxId: nextId('CXL'),
        }),
      };
    }
    return { status: 404, body: { reason: 'NotFound', message: 'no such endpoint' } };
  }
}

// --- SSLCommerz -------------------------------------------------------------------------------
export interface SslTransaction {
  tran_id: string;
  sessionkey: string;
  amount: string;
  multi_card_name: string;
  value_a: string;
  status: 'PENDING' | 'VALID' | 'FAILED' | 'CANCELLED';
  val_id?: string;
  bank_tran_id?: string;
  paidAmount?: string;
}

export class FakeSslCommerz extends FakeServer {
  readonly storeId = 'testbox';
  readonly storePassword = 'qwerty-secret';
  readonly transactions = new Map<string, SslTransaction>();

  constructor() {
    super();
    this.setHandler((req) => this.route(req));
  }

  env(): Record<string, string> {
    return { SSLCOMMERZ_BASE_URL: this.url, SSLCOMMERZ_STORE_ID: this.storeId, SSLCOMMERZ_STORE_PASSWORD: this.storePassword };
  }

  /** The user pays; returns the val_id SSLCommerz would post back. */
  pay(tranId: string, paidAmount?: string): string {
    const t = this.transactions.get(tranId)!;
    t.status = 'VALID';
    t.val_id = nextId('VAL');
    t.bank_tran_id = nextId('BNK');
    t.paidAmount = paidAmount;
    return t.val_id;
  }

  fail(tranId: string): void {
    this.transactions.get(tranId)!.status = 'FAILED';
  }

  private view(t: SslTransaction): Record<string, string> {
    return {
      status: t.status,
      tran_date: '2026-01-01 10:00:00',
      tran_id: t.tran_id,
      val_id: t.val_id ?? '',
      amount: t.paidAmount ?? t.amount,
      store_amount: t.paidAmount ?? t.amount,
      currency: 'BDT',
      bank_tran_id: t.bank_tran_id ?? '',
      card_type: t.multi_card_name === 'upay' ? 'UPAY-Upay' : 'DBBLMOBILEB-Dbbl Mobile Banking',
      value_a: t.value_a,
    };
  }

  private route(req: RecordedRequest): Reply {
    const { path, query } = pathOf(req);
    if (path === '/gwprocess/v4/api.php') {
      const form = req.body as Record<string, string>;
      if (form.store_id !== this.storeId || form.store_passwd !== this.storePassword) {
        return { body: { status: 'FAILED', failedreason: 'Store Credential Error Or Store is De-active' } };
      }
      for (const field of [
        'total_amount',
        'currency',
        'tran_id',
        'success_url',
        'fail_url',
        'cancel_url',
        'cus_name',
        'cus_email',
        'cus_add1',
        'cus_city',
        'cus_country',
        'cus_phone',
        'shipping_method',
        'product_name',
        'product_category',
        'product_profile',
      ]) {
        if (!form[field]) return { body: { status: 'FAILED', failedreason: `'${field}' is missing` } };
      }
      const sessionkey = nextId('SESS');
      this.transactions.set(form.tran_id, {
        tran_id: form.tran_id,
        sessionkey,
        amount: form.total_amount,
        multi_card_name: form.multi_card_name,
        value_a: form.value_a,
        status: 'PENDING',
      });
      return {
        body: {
          status: 'SUCCESS',
          failedreason: '',
          sessionkey,
          gw: { mobilebanking: 'dbblmobilebanking,upay,bkash' },
          GatewayPageURL: `https://sandbox.sslcommerz.test/EasyCheckOut/${sessionkey}`,
          storeBanner: 'https://sandbox.sslcommerz.test/banner.png',
          desc: [{ name: 'Upay', type: 'mobilebanking' }],
        },
      };
    }
    if (
      query.get('store_id') !== this.storeId ||
      query.get('store_passwd') !== this.storePassword ||
      query.get('format') !== 'json'
    ) {
      return { body: { APIConnect: 'INVALID_REQUEST' } };
    }
    if (path === '/validator/api/validationserverAPI.php') {
      const t = [...this.transactions.values()].find((x) => x.val_id && x.val_id === query.get('val_id'));
      if (!t) return { body: { status: 'INVALID_TRANSACTION' } };
      return { body: { ...this.view(t), APIConnect: 'DONE', validated_on: '2026-01-01 10:00:01' } };
    }
    if (path === '/validator/api/merchantTransIDvalidationAPI.php') {
      if (query.get('bank_tran_id')) {
        const t = [...this.transactions.values()].find((x) => x.bank_tran_id === query.get('bank_tran_id'));
        if (!t || t.status !== 'VALID' || !query.get('refund_amount') || !query.get('refund_remarks')) {
          return { body: { APIConnect: 'DONE', status: 'failed', errorReason: 'Invalid bank transaction' } };
        }
        return {
          body: {
            APIConnect: 'DONE',
            bank_tran_id: t.bank_tran_id,
            trans_id: t.tran_id,
            refund_ref_id: nextId('REF'),
            status: 'success',
            errorReason: '',
          },
        };
      }
      const t = this.transactions.get(query.get('tran_id') ?? '');
      const element = t && t.status !== 'PENDING' ? [this.view(t)] : [];
      return { body: { APIConnect: 'DONE', no_of_trans_found: element.length, element } };
    }
    return { status: 404, body: { status: 'FAILED' } };
  }
}

export interface FakeGateways {
  bkash: FakeBkash;
  nagad: FakeNagad;
  ssl: FakeSslCommerz;
  env(): Record<string, string>;
  stop(): Promise<void>;
}

/** All three fakes started, with the environment that points the app at them. */
export async function startFakeGateways(): Promise<FakeGateways> {
  const bkash = new FakeBkash();
  const nagad = new FakeNagad();
  const ssl = new FakeSslCommerz();
  await Promise.all([bkash.start(), nagad.start(), ssl.start()]);
  return {
    bkash,
    nagad,
    ssl,
    env: () => ({ ...bkash.env(), ...nagad.env(), ...ssl.env() }),
    stop: async () => {
      await Promise.all([bkash.stop(), nagad.stop(), ssl.stop()]);
    },
  };
}

export { pem };
