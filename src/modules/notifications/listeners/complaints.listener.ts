import { Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../../../common/events/domain-event.js';
import { toIso } from '../../../common/time/dhaka-time.js';
import type { UnitOfWork } from '../../../database/unit-of-work.js';
import { STATUS_RESOLVED } from '../../complaints/complaint.choices.js';
import { statusLabelEn } from '../../complaints/complaint.rules.js';
import { ComplaintAssigned, ComplaintStatusChanged } from '../../complaints/complaints.events.js';
import { RealtimePublisher } from '../../realtime/realtime.publisher.js';
import { NotificationsService } from '../notifications.service.js';

/** Socket event the owner's app receives when a complaint changes status. */
export const COMPLAINT_STATUS_EVENT = 'complaint_status';

/**
 * Turns complaint events into messages, inside the transaction that caused
 * them: the in-app row and the SMS/push outbox jobs commit with the change;
 * the socket push follows the commit.
 */
@Injectable()
export class ComplaintsListener {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly realtime: RealtimePublisher,
  ) {}

  /** The owner gets an in-app notification, an SMS and a push in their language, and a socket event. */
  @OnDomainEvent(ComplaintStatusChanged.eventName)
  async onComplaintStatusChanged(event: ComplaintStatusChanged, uow: UnitOfWork): Promise<void> {
    await this.notifications.notify(uow, {
      userId: event.ownerId,
      category: 'complaint',
      template: {
        name: 'complaintStatusChanged',
        params: {
          trackingNumber: event.trackingNumber,
          statusBn: event.toStatus,
          statusEn: statusLabelEn(event.toStatus),
          resolved: event.toStatus === STATUS_RESOLVED,
        },
      },
      data: { complaint_id: event.complaintId, tracking_number: event.trackingNumber, status: event.toStatus },
      sms: true,
      push: true,
    });
    const payload = {
      complaint_id: event.complaintId,
      tracking_number: event.trackingNumber,
      from_status: event.fromStatus,
      status: event.toStatus,
      note: event.note,
      resolved_at: toIso(event.resolvedAt),
      changed_at: toIso(event.changedAt),
    };
    uow.afterCommit(() => this.realtime.toUser(event.ownerId, COMPLAINT_STATUS_EVENT, payload));
  }

  /** The assignee gets an in-app notification and a push. */
  @OnDomainEvent(ComplaintAssigned.eventName)
  async onComplaintAssigned(event: ComplaintAssigned, uow: UnitOfWork): Promise<void> {
    await this.notifications.notify(uow, {
      userId: event.assigneeId,
      category: 'complaint',
      template: { name: 'complaintAssigned', params: { trackingNumber: event.trackingNumber, title: event.title } },
      data: { complaint_id: event.complaintId, tracking_number: event.trackingNumber },
      push: true,
    });
  }
}
