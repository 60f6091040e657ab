import { DomainEvent } from '../../common/events/domain-event.js';

/** A donation's payment completed: it has its receipt number and the campaign's raised amount moved. */
export class DonationCompleted extends DomainEvent {
  static readonly eventName = 'donations.completed';
  readonly eventName = DonationCompleted.eventName;

  constructor(
    readonly donationId: string,
    readonly userId: string,
    readonly campaignTitle: string,
    readonly amount: string,
    readonly receiptNumber: string,
  ) {
    super();
  }
}
