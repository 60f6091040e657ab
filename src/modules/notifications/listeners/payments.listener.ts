import { Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../../../common/events/domain-event.js';
import type { UnitOfWork } from '../../../database/unit-of-work.js';
import { PAYMENT_STATUSES } from '../../payments/payment.choices.js';
import { PaymentCompleted, PaymentFailed, PaymentRefunded } from '../../payments/payments.events.js';
import { User } from '../../users/user.entity.js';
import { NotificationsService } from '../notifications.service.js';
import { render } from '../templates.js';

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
    const language = await this.language(uow, event.payment.userId);
    const text = render('paymentRefunded', language, { amount: event.refundedAmount });
    await this.notifications.notify(uow, {
      userId: event.payment.userId,
      category: 'payment',
      ...text,
      data: { payment_id: event.payment.paymentId, status: 'refunded' },
      sms: true,
      push: true,
    });
  }

  private async notifyStatus(uow: UnitOfWork, userId: string, paymentId: string, status: string, amount: string): Promise<void> {
    const choice = PAYMENT_STATUSES.find((s) => s.value === status)!;
    const text = render('paymentStatus', await this.language(uow, userId), {
      statusBn: choice.label_bn,
      statusEn: choice.label_en,
      amount,
    });
    await this.notifications.notify(uow, {
      userId,
      category: 'payment',
      ...text,
      data: { payment_id: paymentId, status },
      sms: true,
      push: true,
    });
  }

  private async language(uow: UnitOfWork, userId: string): Promise<User['language'] | undefined> {
    const user = await uow.manager.findOne(User, { where: { id: userId }, select: { id: true, language: true } });
    return user?.language;
  }
}
