import { Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../../../common/events/domain-event.js';
import type { UnitOfWork } from '../../../database/unit-of-work.js';
import { PAYMENT_STATUSES } from '../../payments/payment.choices.js';
import { PaymentCompleted, PaymentFailed, PaymentRefunded } from '../../payments/payments.events.js';
import { NotificationsService } from '../notifications.service.js';

/**
 * Tells the payer how a payment ended: the seed's SMS, an in-app
 * notification and a push, written in the transaction that settled the
 * payment (so exactly once per transition, and sent only after the commit).
 */
@Injectable()
export class PaymentsListener {
  constructor(private readonly notifications: NotificationsService) {}

  @OnDomainEvent(PaymentCompleted.eventName)
  async onPaymentCompleted(event: PaymentCompleted, uow: UnitOfWork): Promise<void> {
    await this.notifyStatus(uow, event.payment.userId, event.payment.paymentId, 'completed', event.payment.amount);
  }

  @OnDomainEvent(PaymentFailed.eventName)
  async onPaymentFailed(event: PaymentFailed, uow: UnitOfWork): Promise<void> {
    await this.notifyStatus(uow, event.payment.userId, event.payment.paymentId, event.status, event.payment.amount);
  }

  @OnDomainEvent(PaymentRefunded.eventName)
  async onPaymentRefunded(event: PaymentRefunded, uow: UnitOfWork): Promise<void> {
    await this.notifications.notify(uow, {
      userId: event.payment.userId,
      category: 'payment',
      template: { name: 'paymentRefunded', params: { amount: event.refundedAmount } },
      data: { payment_id: event.payment.paymentId, status: 'refunded' },
      sms: true,
      push: true,
    });
  }

  private async notifyStatus(uow: UnitOfWork, userId: string, paymentId: string, status: string, amount: string): Promise<void> {
    const choice = PAYMENT_STATUSES.find((s) => s.value === status)!;
    await this.notifications.notify(uow, {
      userId,
      category: 'payment',
      template: { name: 'paymentStatus', params: { statusBn: choice.label_bn, statusEn: choice.label_en, amount } },
      data: { payment_id: paymentId, status },
      sms: true,
      push: true,
    });
  }
}
