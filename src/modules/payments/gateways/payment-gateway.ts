import type { PaymentMethod } from '../payment.choices.js';
import type { Payment } from '../payment.entity.js';

/** Who pays, for gateways that want customer details (SSLCommerz). */
export interface GatewayCustomer {
  name: string;
  phone: string;
  email: string | null;
}

export interface GatewayCreateResult {
  /** The gateway's id of the payment (stored, unique per gateway). */
  gatewayPaymentId: string;
  /** Where the user pays. */
  redirectUrl: string;
  /** The gateway's answer, minus secrets. */
  raw: Record<string, unknown>;
}

export type ConfirmedStatus = 'completed' | 'failed' | 'cancelled' | 'pending';

/** What the gateway says about a payment when asked server-side. */
export interface GatewayConfirmation {
  status: ConfirmedStatus;
  /** The gateway's transaction id (when completed). */
  transactionId?: string;
  /** The amount the gateway says was paid, canonical ("150.00"). */
  amount?: string;
  /** Our invoice number as the gateway echoes it. */
  invoice?: string;
  raw: Record<string, unknown>;
  /** Why it failed or was cancelled, in words an admin can read. */
  reason?: string;
}

export interface GatewayRefundResult {
  refundTransactionId: string | null;
  raw: Record<string, unknown>;
}

/** Which of our payments a callback is about, as far as its parameters say (a hint, never proof). */
export interface CallbackReference {
  gatewayPaymentId?: string;
  invoiceNumber?: string;
}

/** Callback parameters: the query string and form/JSON body fields, as strings. */
export type CallbackParams = Record<string, string>;

/**
 * One payment provider behind one interface (port). Adapters speak each
 * provider's documented API; the status of a payment always comes from a
 * server-side call (execute, verify, validate, query), never from callback
 * parameters, which only say which payment to look at.
 *
 * Methods throw `GatewayError` when the gateway cannot be reached or gives an
 * answer that is not a decision; a decision the gateway made (declined,
 * cancelled) is a result, not an error.
 */
export abstract class PaymentGateway {
  /** The gateway's name in logs and errors (bkash, nagad, sslcommerz). */
  abstract readonly name: string;

  abstract create(payment: Payment, customer: GatewayCustomer): Promise<GatewayCreateResult>;

  abstract confirm(payment: Payment, callbackParams: CallbackParams): Promise<GatewayConfirmation>;

  abstract refund(payment: Payment, amount: string, reason: string): Promise<GatewayRefundResult>;

  abstract callbackReference(params: CallbackParams): CallbackReference | undefined;
}

export type GatewayErrorKind = 'timeout' | 'network' | 'http' | 'protocol' | 'rejected';

/**
 * The gateway could not be reached, timed out, or refused the request. The
 * message names the gateway and the step, never a credential.
 */
export class GatewayError extends Error {
  constructor(
    message: string,
    readonly kind: GatewayErrorKind,
    readonly raw?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

/** The configured adapters, by payment method. */
export abstract class PaymentGateways {
  abstract forMethod(method: PaymentMethod): PaymentGateway | undefined;
  abstract configuredMethods(): PaymentMethod[];
}
