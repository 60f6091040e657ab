import { randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { NagadConfig } from '../../../config/payments.config.js';
import { DHAKA_OFFSET_MS } from '../../../common/time/dhaka-time.js';
import type { Payment } from '../payment.entity.js';
import { gatewayAmount, gatewayRequest, str, without } from './gateway-http.js';
import { decryptWithPrivateKey, encryptWithPublicKey, loadPrivateKey, loadPublicKey, sign, verify } from './nagad-crypto.js';
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

/** Nagad's verify `status` → ours. Unknown values keep the payment pending (never finalised on a guess). */
const STATUS: Record<string, ConfirmedStatus> = {
  Success: 'completed',
  OrderInitiated: 'pending',
  Ready: 'pending',
  InProgress: 'pending',
  TransactionInProgress: 'pending',
  OtpSent: 'pending',
  OtpVerified: 'pending',
  PinGiven: 'pending',
  Cancelled: 'cancelled',
  Aborted: 'cancelled',
  Failed: 'failed',
  UnKnownFailed: 'failed',
  InvalidRequest: 'failed',
  Fraud: 'failed',
};

/** Dhaka wall-clock time as Nagad wants it: yyyyMMddHHmmss. */
function nagadDateTime(at = new Date()): string {
  return new Date(at.getTime() + DHAKA_OFFSET_MS).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * Nagad online checkout (API v-0.2.0): initialize with the order's sensitive
 * data encrypted for Nagad and signed by the merchant, check the signature of
 * the answer and decrypt it, complete with the amount and Nagad's challenge,
 * and verify the payment by its reference id. Refunds use purchase/cancel.
 */
export class NagadGateway extends PaymentGateway {
  readonly name = 'nagad';
  private readonly nagadKey: KeyObject;
  private readonly merchantKey: KeyObject;

  constructor(
    private readonly config: NagadConfig,
    private readonly callbackUrl: string,
    private readonly timeoutMs: number,
  ) {
    super();
    this.nagadKey = loadPublicKey(config.nagadPublicKey);
    this.merchantKey = loadPrivateKey(config.merchantPrivateKey);
  }

  async create(payment: Payment, _customer: GatewayCustomer): Promise<GatewayCreateResult> {
    const { merchantId } = this.config;
    const orderId = payment.invoiceNumber;
    const dateTime = nagadDateTime();
    const initSensitive = JSON.stringify({ merchantId, datetime: dateTime, orderId, challenge: randomBytes(20).toString('hex') });
    const init = await this.post(
      'initialize',
      `/check-out/initialize/${encodeURIComponent(merchantId)}/${encodeURIComponent(orderId)}`,
      {
        accountNumber: this.config.merchantNumber,
        dateTime,
        sensitiveData: encryptWithPublicKey(initSensitive, this.nagadKey),
        signature: sign(initSensitive, this.merchantKey),
      },
    );
    const opened = this.open('initialize', init);
    const paymentReferenceId = str(opened, 'paymentReferenceId');
    const challenge = str(opened, 'challenge');
    if (!paymentReferenceId || !challenge)
      throw new GatewayError('nagad initialize: no payment reference in the answer', 'protocol');

    const orderSensitive = JSON.stringify({ merchantId, orderId, currencyCode: '050', amount: payment.amount, challenge });
    const complete = await this.post('complete', `/check-out/complete/${encodeURIComponent(paymentReferenceId)}`, {
      sensitiveData: encryptWithPublicKey(orderSensitive, this.nagadKey),
      signature: sign(orderSensitive, this.merchantKey),
      merchantCallbackURL: this.callbackUrl,
      additionalMerchantInfo: { serviceType: payment.serviceType, invoiceNumber: payment.invoiceNumber },
    });
    if (str(complete, 'status') !== 'Success' || !str(complete, 'callBackUrl')) {
      throw new GatewayError(`nagad complete: ${message(complete)}`, 'rejected', complete);
    }
    return {
      gatewayPaymentId: paymentReferenceId,
      redirectUrl: str(complete, 'callBackUrl'),
      raw: { initialize: without(opened, ['challenge']), complete },
    };
  }

  /** Nagad's verify API decides; the callback's `status` is ignored. */
  async confirm(payment: Payment, _params: CallbackParams): Promise<GatewayConfirmation> {
    if (!payment.gatewayPaymentId) {
      return { status: 'cancelled', raw: {}, reason: 'The payment was never created at Nagad.' };
    }
    const { status: http, body } = await gatewayRequest(
      'nagad',
      'verify',
      `${this.config.baseUrl}/verify/payment/${encodeURIComponent(payment.gatewayPaymentId)}`,
      { method: 'GET', headers: this.headers(), timeoutMs: this.timeoutMs },
    );
    if (http >= 500) throw new GatewayError(`nagad verify: answered HTTP ${http}`, 'http');
    const nagadStatus = str(body, 'status');
    if (!nagadStatus) throw new GatewayError(`nagad verify: ${message(body)}`, 'rejected', body);
    if (str(body, 'merchantId') && str(body, 'merchantId') !== this.config.merchantId) {
      return { status: 'failed', raw: body, reason: 'Nagad reports the payment for another merchant.' };
    }
    const status = STATUS[nagadStatus] ?? 'pending';
    return {
      status,
      transactionId: str(body, 'issuerPaymentRefNo') || undefined,
      amount: gatewayAmount(body.amount),
      invoice: str(body, 'orderId') || undefined,
      raw: body,
      reason: status === 'failed' || status === 'cancelled' ? `Nagad reports the payment ${nagadStatus}.` : undefined,
    };
  }

  async refund(payment: Payment, amount: string, reason: string): Promise<GatewayRefundResult> {
    const sensitive = JSON.stringify({
      merchantId: this.config.merchantId,
      originalRequestDate: nagadDateTime(payment.createdAt).slice(0, 8),
      originalAmount: payment.amount,
      cancelAmount: amount,
      referenceNo: `R${payment.invoiceNumber}`,
      referenceMessage: reason.slice(0, 100),
    });
    const query = new URLSearchParams({ paymentRefId: payment.gatewayPaymentId ?? '', orderId: payment.invoiceNumber });
    const answer = await this.post('refund', `/purchase/cancel?${query.toString()}`, {
      sensitiveDataCancelRequest: encryptWithPublicKey(sensitive, this.nagadKey),
      signature: sign(sensitive, this.merchantKey),
    });
    const opened = this.open('refund', answer);
    if (str(opened, 'status') !== 'Success') throw new GatewayError(`nagad refund: ${message(opened)}`, 'rejected', opened);
    return { refundTransactionId: str(opened, 'cancelTrxId') || null, raw: opened };
  }

  callbackReference(params: CallbackParams): CallbackReference | undefined {
    if (params.payment_ref_id) return { gatewayPaymentId: params.payment_ref_id };
    if (params.order_id) return { invoiceNumber: params.order_id };
    return undefined;
  }

  private headers(): Record<string, string> {
    return {
      'x-km-api-version': 'v-0.2.0',
      'x-km-ip-v4': this.config.clientIp,
      'x-km-client-type': 'MOBILE_WEB',
      'x-km-mc-id': this.config.merchantId,
    };
  }

  private async post(step: string, path: string, json: unknown): Promise<Record<string, unknown>> {
    const { status, body } = await gatewayRequest('nagad', step, `${this.config.baseUrl}${path}`, {
      method: 'POST',
      headers: this.headers(),
      json,
      timeoutMs: this.timeoutMs,
    });
    if (status >= 500) throw new GatewayError(`nagad ${step}: answered HTTP ${status}`, 'http');
    return body;
  }

  /** Decrypts an answer's sensitiveData and checks Nagad signed exactly that text. */
  private open(step: string, answer: Record<string, unknown>): Record<string, unknown> {
    const sensitive = str(answer, 'sensitiveData');
    const signature = str(answer, 'signature');
    if (!sensitive || !signature) throw new GatewayError(`nagad ${step}: ${message(answer)}`, 'rejected', answer);
    let plain: string;
    try {
      plain = decryptWithPrivateKey(sensitive, this.merchantKey);
    } catch {
      throw new GatewayError(`nagad ${step}: the answer could not be decrypted with the merchant key`, 'protocol');
    }
    if (!verify(plain, signature, this.nagadKey)) {
      throw new GatewayError(`nagad ${step}: the answer's signature is not Nagad's`, 'protocol');
    }
    try {
      const parsed: unknown = JSON.parse(plain);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // fall through
    }
    throw new GatewayError(`nagad ${step}: the decrypted answer is not a JSON object`, 'protocol');
  }
}

/** Nagad's error wording: {reason, message} or {status, message}. */
function message(body: Record<string, unknown>): string {
  const text = str(body, 'message') || str(body, 'status') || 'no message';
  const reason = str(body, 'reason') || str(body, 'statusCode');
  return reason ? `${text} (${reason})` : text;
}
