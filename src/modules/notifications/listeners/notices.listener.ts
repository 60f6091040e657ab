import { Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../../../common/events/domain-event.js';
import type { UnitOfWork } from '../../../database/unit-of-work.js';
import { UrgentNoticePublished } from '../../notices/notices.events.js';
import { OutboxService } from '../../queue/outbox.service.js';

/** Turns notice events into queue work: one fan-out job per urgent publication, due at its publication time. */
@Injectable()
export class NoticesListener {
  constructor(private readonly outbox: OutboxService) {}

  @OnDomainEvent(UrgentNoticePublished.eventName)
  async onUrgentNoticePublished(event: UrgentNoticePublished, uow: UnitOfWork): Promise<void> {
    const delayMs = Math.max(0, event.publishedAt.getTime() - Date.now());
    await this.outbox.enqueue(uow, 'pushUrgentNotice', { noticeId: event.noticeId }, { delayMs });
  }
}
