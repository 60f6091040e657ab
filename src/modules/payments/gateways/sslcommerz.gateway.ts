import type { SslCommerzConfig } from '../../../config/payments.config.js';
import type { Payment } from '../payment.entity.js';
import { gatewayAmount, gatewayRequest, str } from './gateway-http.js';
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

/** SSLCommerz's `multi_card_name` for each wallet it carries for us. */
const CARD_NAME = { rocket: 'dbblmobilebanking', upay: 'upay' } as const;
export type SslCommerzMethod = keyof typeof CARD_NAME;

/** Transaction status in the validation and transaction-query APIs → ours. */
const STATUS: Record<string, ConfirmedStatus> = {
  VALID: 'completed',
  VALIDATED: 'completed',
  PENDING: 'pending',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  UNATTEMPTED: 'pending',
  EXPIRED: 'cancelled',
};

/** Fields of the session answer worth keeping (the rest is the gateway's menu of banks). */
const SESSION_FIELDS = ['status', 'failedreason', 'sessionkey', 'GatewayPageURL', 'directPaymentURL'];

/**
 * Rocket and Upay through SSLCommerz (API v4): a hosted-checkout session
 * limited to the wallet (multi_card_name), the validation API for the
 * `val_id` a callback or IPN carries, and the transaction query by our
 * tran_id (= invoice number) when there is no usable val_id. Refunds use the
 * refund API on the bank transaction id. Store credentials travel only to
 * SSLCommerz, in the request; they are never stored or logged.
 */
export class SslCommerzGateway extends PaymentGateway {
  readonly name = 'sslcommerz';

  constructor(
    private readonly config: SslCommerzConfig,
    private readonly method: SslCommerzMethod,
    private readonly callbackUrl: string,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  async create(payment: Payment, customer: GatewayCustomer): Promise<GatewayCreateResult> {
    const form = new URLSearchParams({
      store_id: this.config.storeId,
      store_passwd: this.config.storePassword,
      total_amount: payment.amount,
      currency: 'BDT',
      tran_id: payment.invoiceNumber,
      success_url: this.callbackUrl,
      fail_url: this.callbackUrl,
      cancel_url: this.callbackUrl,
      ipn_url: this.callbackUrl,
      multi_card_name: CARD_NAME[this.method],
      cus_name: customer.name || 'Clean Care citizen',
      cus_email: customer.email ?? 'noreply@example.com',
      cus_add1: 'Dhaka',
      cus_city: 'Dhaka',
      cus_country: 'Bangladesh',
      cus_phone: payment.phoneNumber,
      shipping_method: 'NO',
      product_name: payment.serviceType,
      product_category: 'city-service',
      product_profile: 'non-physical-goods',
      value_a: payment.id,
    });
    const { status, body } = await gatewayRequest('sslcommerz', 'session', `${this.config.baseUrl}/gwprocess/v4/api.php`, {
      method: 'POST',
      form,
      timeoutMs: this.timeoutMs,
    });
    if (status >= 500) throw new GatewayError(`sslcommerz session: answered HTTP ${status}`, 'http');
    const raw = Object.fromEntries(SESSION_FIELDS.filter((k) => k in body).map((k) => [k, body[k]]));
    if (str(body, 'status') !== 'SUCCESS' || !str(body, 'sessionkey') || !str(body, 'GatewayPageURL')) {
      throw new GatewayError(`sslcommerz session: ${str(body, 'failedreason') || 'refused'}`, 'rejected', raw);
    }
    return { gatewayPaymentId: str(body, 'sessionkey'), redirectUrl: str(body, 'GatewayPageURL'), raw };
  }

  /**
   * A val_id from the callback is checked with the validation API and used
   * only when SSLCommerz says it belongs to this payment's tran_id; otherwise
   * (none, unknown, someone else's) the transaction query by tran_id decides.
   */
  async confirm(payment: Payment, params: CallbackParams): Promise<GatewayConfirmation> {
    if (params.val_id) {
      const { status: http, body } = await gatewayRequest(
        'sslcommerz',
        'validate',
        this.url('/validator/api/validationserverAPI.php', { val_id: params.val_id, v: '1' }),
        { method: 'GET', timeoutMs: this.timeoutMs },
      );
      if (http >= 500) throw new GatewayError(`sslcommerz validate: answered HTTP ${http}`, 'http');
      if (STATUS[str(body, 'status')] === 'completed' && str(body, 'tran_id') === payment.invoiceNumber) {
        return this.toConfirmation(body);
      }
    }
    const { status: http, body } = await gatewayRequest(
      'sslcommerz',
      'query',
      this.url('/validator/api/merchantTransIDvalidationAPI.php', { tran_id: payment.invoiceNumber }),
      { method: 'GET', timeoutMs: this.timeoutMs },
    );
    if (http >= 500) throw new GatewayError(`sslcommerz query: answered HTTP ${http}`, 'http');
    if (str(body, 'APIConnect') && str(body, 'APIConnect') !== 'DONE') {
      throw new GatewayError(`sslcommerz query: ${str(body, 'APIConnect')}`, 'rejected');
    }
    const elements = (Array.isArray(body.element) ? body.element : []).filter(
      (e): e is Record<string, unknown> =>
        typeof e === 'object' && e !== null && str(e as Record<string, unknown>, 'tran_id') === payment.invoiceNumber,
    );
    const ranked = (['completed', 'pending', 'failed', 'cancelled'] as const)
      .map((s) => elements.find((e) => (STATUS[str(e, 'status')] ?? 'pending') === s))
      .find(Boolean);
    if (!ranked) return { status: 'pending', raw: { APIConnect: str(body, 'APIConnect'), no_of_trans_found: 0 } };
    return this.toConfirmation(ranked);
  }

  async refund(payment: Payment, amount: string, reason: string): Promise<GatewayRefundResult> {
    if (!payment.transactionId) throw new GatewayError('sslcommerz refund: the payment has no bank transaction id', 'rejected');
    const { status: http, body } = await gatewayRequest(
      'sslcommerz',
      'refund',
      this.url('/validator/api/merchantTransIDvalidationAPI.php', {
        bank_tran_id: payment.transactionId,
        refund_trans_id: `R${payment.invoiceNumber}`,
        refund_amount: amount,
        refund_remarks: reason.slice(0, 255),
      }),
      { method: 'GET', timeoutMs: this.timeoutMs },
    );
    if (http >= 500) throw new GatewayError(`sslcommerz refund: answered HTTP ${http}`, 'http');
    if (str(body, 'APIConnect') !== 'DONE' || str(body, 'status') !== 'success') {
      throw new GatewayError(
        `sslcommerz refund: ${str(body, 'errorReason') || str(body, 'status') || 'refused'}`,
        'rejected',
        body,
      );
    }
    return { refundTransactionId: str(body, 'refund_ref_id') || null, raw: body };
  }

  callbackReference(params: CallbackParams): CallbackReference | undefined {
    return params.tran_id ? { invoiceNumber: params.tran_id } : undefined;
  }

  private toConfirmation(body: Record<string, unknown>): GatewayConfirmation {
    const sslStatus = str(body, 'status');
    let status = STATUS[sslStatus] ?? 'pending';
    let reason = status === 'failed' || status === 'cancelled' ? `SSLCommerz reports the payment ${sslStatus}.` : undefined;
    if (status === 'completed' && (str(body, 'currency') || 'BDT') !== 'BDT') {
      status = 'failed';
      reason = `SSLCommerz reports the payment in ${str(body, 'currency')}, not BDT.`;
    }
    return {
      status,
      transactionId: str(body, 'bank_tran_id') || undefined,
      amount: gatewayAmount(body.amount),
      invoice: str(body, 'tran_id') || undefined,
      raw: body,
      reason,
    };
  }

  private url(path: string, params: Record<string, string>): string {
    const query = new URLSearchParams({
      ...params,
      store_id: this.config.storeId,
      store_passwd: this.config.storePassword,
      format: 'json',
    });
    return `${this.config.baseUrl}${path}?${query.toString()}`;
  }
}
