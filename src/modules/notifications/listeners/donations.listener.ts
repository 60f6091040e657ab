import { Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../../../common/events/domain-event.js';
import type { UnitOfWork } from '../../../database/unit-of-work.js';
import { earnsThankYou } from '../../donations/dto/donations.dto.js';
import { DonationCompleted } from '../../donations/donations.events.js';
import { NotificationsService } from '../notifications.service.js';

/** A thank-you (in-app and push) for a completed donation strictly above 10,000 taka. */
@Injectable()
export class DonationsListener {
  constructor(private readonly notifications: NotificationsService) {}

  @OnDomainEvent(DonationCompleted.eventName)
  async onDonationCompleted(event: DonationCompleted, uow: UnitOfWork): Promise<void> {
    if (!earnsThankYou(event.amount)) return;
    await this.notifications.notify(uow, {
      userId: event.userId,
      category: 'donation',
      template: {
        name: 'donationThanks',
        params: { campaign: event.campaignTitle, amount: event.amount, receipt: event.receiptNumber },
      },
      data: { donation_id: event.donationId, receipt_number: event.receiptNumber },
      push: true,
    });
  }
}
