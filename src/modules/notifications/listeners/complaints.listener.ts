import { Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../../../common/events/domain-event.js';
import { toIso } from '../../../common/time/dhaka-time.js';
import type { UnitOfWork } from '../../../database/unit-of-work.js';
import { STATUS_RESOLVED } from '../../complaints/complaint.choices.js';
import { statusLabelEn } from '../../complaints/complaint.rules.js';
import { ComplaintAssigned, ComplaintStatusChanged } from '../../complaints/complaints.events.js';
import { RealtimePublisher } from '../../realtime/realtime.publisher.js';
import { User } from '../../users/user.entity.js';
import { NotificationsService } from '../notifications.service.js';
import { render } from '../templates.js';

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
    const owner = await uow.manager.findOne(User, { where: { id: event.ownerId }, select: { id: true, language: true } });
    if (!owner) return;
    const text = render('complaintStatusChanged', owner.language, {
      trackingNumber: event.trackingNumber,
      statusBn: event.toStatus,
      statusEn: statusLabelEn(event.toStatus),
      resolved: event.toStatus === STATUS_RESOLVED,
    });
    await this.notifications.notify(uow, {
      userId: owner.id,
      category: 'complaint',
      title: text.title,
      body: text.body,
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
    uow.afterCommit(() => this.realtime.toUser(owner.id, COMPLAINT_STATUS_EVENT, payload));
  }

  /** The assignee gets an in-app notification and a push. */
  @OnDomainEvent(ComplaintAssigned.eventName)
  async onComplaintAssigned(event: ComplaintAssigned, uow: UnitOfWork): Promise<void> {
    const assignee = await uow.manager.findOne(User, { where: { id: event.assigneeId }, select: { id: true, language: true } });
    if (!assignee) return;
    const text = render('complaintAssigned', assignee.language, { trackingNumber: event.trackingNumber, title: event.title });
    await this.notifications.notify(uow, {
      userId: assignee.id,
      category: 'complaint',
      title: text.title,
      body: text.body,
      data: { complaint_id: event.complaintId, tracking_number: event.trackingNumber },
      push: true,
    });
  }
}
