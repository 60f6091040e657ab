import { Logger } from '@nestjs/common';
import type { BkashConfig } from '../../../config/payments.config.js';
import type { Payment } from '../payment.entity.js';
import { gatewayAmount, gatewayRequest, str, type GatewayHttpResponse } from './gateway-http.js';
import {
  GatewayError,
  PaymentGateway,
  type CallbackParams,
  type CallbackReference,
  type ConfirmedStatus,
  type GatewayConfirmation,
  type GatewayCreateResult,
  type GatewayCustomer,
  type GatewayRefundResult,
} from './payment-gateway.js';

interface Token {
  idToken: string;
  refreshToken: string;
  /** Epoch ms after which the id token is not used any more. */
  expiresAt: number;
}

/** Refresh this long before bKash's expiry, so a token never dies mid-request. */
const EXPIRY_MARGIN_MS = 60_000;

/** bKash transactionStatus → ours. Anything else is treated as still pending. */
const STATUS: Record<string, ConfirmedStatus> = {
  Completed: 'completed',
  Initiated: 'pending',
  Inprogress: 'pending',
  'Pending Authorized': 'pending',
  Authorized: 'pending',
  Cancelled: 'cancelled',
  Failed: 'failed',
  Declined: 'failed',
  Expired: 'cancelled',
};

/**
 * bKash Tokenized Checkout (v1.2.0-beta): grant a token with the merchant's
 * username/password headers and app key/secret (cached until shortly before
 * it expires, refreshed with the refresh token), create with mode 0011 and
 * our callback URL and invoice number, execute after the user approved, and
 * query the payment status whenever execute fails or does not answer.
 */
export class BkashGateway extends PaymentGateway {
  readonly name = 'bkash';
  private readonly logger = new Logger('BkashGateway');
  private token?: Token;
  private pendingToken?: Promise<Token>;

  constructor(
    private readonly config: BkashConfig,
    private readonly callbackUrl: string,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  async create(payment: Payment, _customer: GatewayCustomer): Promise<GatewayCreateResult> {
    const { body } = await this.call('create', '/tokenized/checkout/create', {
      mode: '0011',
      payerReference: payment.phoneNumber,
      callbackURL: this.callbackUrl,
      amount: payment.amount,
      currency: 'BDT',
      intent: 'sale',
      merchantInvoiceNumber: payment.invoiceNumber,
    });
    if (str(body, 'statusCode') !== '0000' || !str(body, 'paymentID') || !str(body, 'bkashURL')) {
      throw new GatewayError(`bkash create: ${message(body)}`, 'rejected', body);
    }
    return { gatewayPaymentId: str(body, 'paymentID'), redirectUrl: str(body, 'bkashURL'), raw: body };
  }

  /**
   * A `status=success` callback means the user approved: execute. Whatever
   * execute says short of success — an error code, a timeout, a dropped
   * connection — the payment status query decides. Other callbacks go straight
   * to the query: the callback's own status is never believed, so a forged
   * callback can neither complete nor fail a payment; one bKash still shows
   * unfinished stays pending (the stale sweep ends it).
   */
  async confirm(payment: Payment, params: CallbackParams): Promise<GatewayConfirmation> {
    if (!payment.gatewayPaymentId) {
      return { status: 'cancelled', raw: {}, reason: 'The payment was never created at bKash.' };
    }
    let execute: Record<string, unknown> | undefined;
    if (params.status === 'success') {
      try {
        const { body } = await this.call('execute', '/tokenized/checkout/execute', { paymentID: payment.gatewayPaymentId });
        if (str(body, 'statusCode') === '0000' && str(body, 'transactionStatus') === 'Completed') {
          return this.toConfirmation(body);
        }
        execute = body;
      } catch (err) {
        if (!(err instanceof GatewayError)) throw err;
        this.logger.warn(`${err.message}; querying the payment status`);
      }
    }
    const { body } = await this.call('query', '/tokenized/checkout/payment/status', { paymentID: payment.gatewayPaymentId });
    if (!str(body, 'transactionStatus')) throw new GatewayError(`bkash query: ${message(body)}`, 'rejected', body);
    const result = this.toConfirmation(body);
    return execute ? { ...result, raw: { ...body, execute } } : result;
  }

  async refund(payment: Payment, amount: string, reason: string): Promise<GatewayRefundResult> {
    const { body } = await this.call('refund', '/tokenized/checkout/payment/refund', {
      paymentID: payment.gatewayPaymentId,
      amount,
      trxID: payment.transactionId,
      sku: payment.invoiceNumber,
      reason: reason.slice(0, 255),
    });
    if (!str(body, 'refundTrxID') || str(body, 'transactionStatus') !== 'Completed') {
      throw new GatewayError(`bkash refund: ${message(body)}`, 'rejected', body);
    }
    return { refundTransactionId: str(body, 'refundTrxID'), raw: body };
  }

  callbackReference(params: CallbackParams): CallbackReference | undefined {
    return params.paymentID ? { gatewayPaymentId: params.paymentID } : undefined;
  }

  private toConfirmation(body: Record<string, unknown>): GatewayConfirmation {
    const transactionStatus = str(body, 'transactionStatus');
    const status = STATUS[transactionStatus] ?? 'pending';
    return {
      status,
      transactionId: str(body, 'trxID') || undefined,
      amount: gatewayAmount(body.amount),
      invoice: str(body, 'merchantInvoiceNumber') || undefined,
      raw: body,
      reason: status === 'failed' || status === 'cancelled' ? `bKash reports the payment ${transactionStatus}.` : undefined,
    };
  }

  /** A call with the id token; a 401 drops the cached token and tries once more with a fresh one. */
  private async call(step: string, path: string, json: unknown): Promise<GatewayHttpResponse> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.idToken();
      const res = await gatewayRequest('bkash', step, `${this.config.baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization: token, 'x-app-key': this.config.appKey },
        json,
        timeoutMs: this.timeoutMs,
      });
      if (res.status === 401 && attempt === 0) {
        this.token = undefined;
        continue;
      }
      if (res.status >= 500) throw new GatewayError(`bkash ${step}: answered HTTP ${res.status}`, 'http');
      return res;
    }
  }

  /** The cached id token, refreshed or granted anew when it is about to expire; one request at a time. */
  private async idToken(): Promise<string> {
    if (this.token && Date.now() < this.token.expiresAt) return this.token.idToken;
    this.pendingToken ??= this.fetchToken().finally(() => (this.pendingToken = undefined));
    this.token = await this.pendingToken;
    return this.token.idToken;
  }

  private async fetchToken(): Promise<Token> {
    const headers = { username: this.config.username, password: this.config.password };
    const credentials = { app_key: this.config.appKey, app_secret: this.config.appSecret };
    if (this.token?.refreshToken) {
      try {
        return await this.tokenCall('refresh', '/tokenized/checkout/token/refresh', headers, {
          ...credentials,
          refresh_token: this.token.refreshToken,
        });
      } catch (err) {
        if (!(err instanceof GatewayError)) throw err;
        this.logger.warn(`${err.message}; granting a new token`);
      }
    }
    return this.tokenCall('grant', '/tokenized/checkout/token/grant', headers, credentials);
  }

  private async tokenCall(step: string, path: string, headers: Record<string, string>, json: unknown): Promise<Token> {
    const { status, body } = await gatewayRequest('bkash', `token ${step}`, `${this.config.baseUrl}${path}`, {
      method: 'POST',
      headers,
      json,
      timeoutMs: this.timeoutMs,
    });
    const idToken = str(body, 'id_token');
    if (status >= 400 || !idToken) {
      // The body never goes into the error: it could echo a credential.
      throw new GatewayError(
        `bkash token ${step}: refused (HTTP ${status}, ${str(body, 'statusCode') || 'no status code'})`,
        'rejected',
      );
    }
    const expiresIn = Number(body.expires_in) > 0 ? Number(body.expires_in) : 3600;
    return {
      idToken,
      refreshToken: str(body, 'refresh_token'),
      expiresAt: Date.now() + expiresIn * 1000 - EXPIRY_MARGIN_MS,
    };
  }
}

/** bKash's error wording: statusCode/statusMessage, or errorCode/errorMessage on older endpoints. */
function message(body: Record<string, unknown>): string {
  const code = str(body, 'statusCode') || str(body, 'errorCode');
  const text = str(body, 'statusMessage') || str(body, 'errorMessage') || 'no message';
  return code ? `${text} (${code})` : text;
}
