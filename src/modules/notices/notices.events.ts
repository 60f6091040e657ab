import { DomainEvent } from '../../common/events/domain-event.js';

/**
 * An urgent notice was created, or became urgent or got a new publication
 * time, and has not been pushed yet. Its target users are to be notified at
 * `publishedAt` (now, or later for a scheduled notice).
 */
export class UrgentNoticePublished extends DomainEvent {
  static readonly eventName = 'notices.urgent_published';
  readonly eventName = UrgentNoticePublished.eventName;

  constructor(
    readonly noticeId: string,
    readonly publishedAt: Date,
  ) {
    super();
  }
}
