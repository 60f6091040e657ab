import { toIso } from '../../common/time/dhaka-time.js';
import type { PaymentResponse } from './dto/payments.response.js';
import type { Payment } from './payment.entity.js';

export function mapPayment(p: Payment): PaymentResponse {
  return {
    id: p.id,
    user: p.userId,
    service_type: p.serviceType,
    amount: p.amount, // numeric(10,2) comes back from pg as the canonical "150.00"
    payment_method: p.paymentMethod,
    phone_number: p.phoneNumber,
    transaction_id: p.transactionId,
    status: p.status,
    gateway_response: (p.gatewayResponse as Record<string, unknown> | null) ?? null,
    invoice_number: p.invoiceNumber,
    gateway_payment_id: p.gatewayPaymentId,
    redirect_url: p.redirectUrl,
    completed_at: toIso(p.completedAt),
    failure_reason: p.failureReason,
    refunded_amount: p.refundedAmount,
    refunded_at: toIso(p.refundedAt),
    refund_reason: p.refundReason,
    created_at: toIso(p.createdAt),
    updated_at: toIso(p.updatedAt),
  };
}
