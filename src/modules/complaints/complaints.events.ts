import { DomainEvent } from '../../common/events/domain-event.js';
import type { ComplaintStatus } from './complaint.choices.js';

/** A complaint's status changed (by update_status, or by a first assignment). The owner is told. */
export class ComplaintStatusChanged extends DomainEvent {
  static readonly eventName = 'complaints.status_changed';
  readonly eventName = ComplaintStatusChanged.eventName;

  constructor(
    readonly complaintId: string,
    readonly trackingNumber: string,
    readonly ownerId: string,
    readonly fromStatus: ComplaintStatus,
    readonly toStatus: ComplaintStatus,
    /** Staff member or admin who made the change. */
    readonly changedById: string,
    readonly note: string | null,
    readonly changedAt: Date,
    readonly resolvedAt: Date | null,
  ) {
    super();
  }
}

/** A staff member was made responsible for a complaint. The assignee is told. */
export class ComplaintAssigned extends DomainEvent {
  static readonly eventName = 'complaints.assigned';
  readonly eventName = ComplaintAssigned.eventName;

  constructor(
    readonly complaintId: string,
    readonly trackingNumber: string,
    readonly title: string,
    readonly assigneeId: string,
    readonly assignedById: string,
  ) {
    super();
  }
}

/**
 * A complaint is being deleted (published in the deleting transaction, before
 * the rows go): modules holding things of the complaint elsewhere — its chat
 * thread's files — remove them once the deletion commits.
 */
export class ComplaintDeleted extends DomainEvent {
  static readonly eventName = 'complaints.deleted';
  readonly eventName = ComplaintDeleted.eventName;

  constructor(readonly complaintId: string) {
    super();
  }
}
