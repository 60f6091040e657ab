import { Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../../common/events/domain-event.js';
import type { UnitOfWork } from '../../database/unit-of-work.js';
import { PaymentCompleted, PaymentRefunded } from '../payments/payments.events.js';
import { DonationsService } from './donations.service.js';

/** Donations follow their payments, inside the transaction that settled the payment. */
@Injectable()
export class DonationsPaymentListener {
  constructor(private readonly donations: DonationsService) {}

  @OnDomainEvent(PaymentCompleted.eventName)
  async onPaymentCompleted(event: PaymentCompleted, uow: UnitOfWork): Promise<void> {
    if (event.payment.serviceType === 'donation') await this.donations.completeForPayment(uow, event.payment.paymentId);
  }

  @OnDomainEvent(PaymentRefunded.eventName)
  async onPaymentRefunded(event: PaymentRefunded, uow: UnitOfWork): Promise<void> {
    if (event.payment.serviceType === 'donation')
      await this.donations.refundForPayment(uow, event.payment.paymentId, event.refundedAmount);
  }
}
