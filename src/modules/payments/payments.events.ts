import { DomainEvent } from '../../common/events/domain-event.js';
import type { PaymentMethod } from './payment.choices.js';

interface PaymentFacts {
  paymentId: string;
  userId: string;
  /** Canonical money string. */
  amount: string;
  paymentMethod: PaymentMethod;
  serviceType: string;
}

/** The gateway confirmed the payment (published once, in the transaction that completed it). */
export class PaymentCompleted extends DomainEvent {
  static readonly eventName = 'payments.completed';
  readonly eventName = PaymentCompleted.eventName;

  constructor(readonly payment: PaymentFacts) {
    super();
  }
}

/** The payment ended without money moving: declined, cancelled, mismatched or expired. */
export class PaymentFailed extends DomainEvent {
  static readonly eventName = 'payments.failed';
  readonly eventName = PaymentFailed.eventName;

  constructor(
    readonly payment: PaymentFacts,
    readonly status: 'failed' | 'cancelled',
    readonly reason: string | null,
  ) {
    super();
  }
}

/** An admin refunded a completed payment (all of it or part). */
export class PaymentRefunded extends DomainEvent {
  static readonly eventName = 'payments.refunded';
  readonly eventName = PaymentRefunded.eventName;

  constructor(
    readonly payment: PaymentFacts,
    readonly refundedAmount: string,
  ) {
    super();
  }
}
