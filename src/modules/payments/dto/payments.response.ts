import type { PaymentMethod, PaymentStatus } from '../payment.choices.js';

export class PaymentResponse {
  id: string;
  /** The paying user's id. */
  user: string;
  service_type: string;
  /** "150.00" */
  amount: string;
  payment_method: PaymentMethod;
  phone_number: string;
  /** The gateway's transaction id once completed. */
  transaction_id: string | null;
  status: PaymentStatus;
  /** What the gateway answered at each step (create, confirm, refund), minus secrets. */
  gateway_response: Record<string, unknown> | null;
  /** Our merchant invoice number, as the gateway knows it. */
  invoice_number: string;
  gateway_payment_id: string | null;
  /** Where the app sends the user to pay (while pending). */
  redirect_url: string | null;
  completed_at: string | null;
  failure_reason: string | null;
  refunded_amount: string | null;
  refunded_at: string | null;
  refund_reason: string | null;
  created_at: string;
  updated_at: string;
}
