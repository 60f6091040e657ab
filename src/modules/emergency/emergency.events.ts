import { DomainEvent } from '../../common/events/domain-event.js';
import type { EmergencyRequestResponse } from './dto/emergency.response.js';
import type { EmergencyStatus } from './emergency.choices.js';

/** Someone asked for help: the staff covering the ward are alerted at once. */
export class EmergencyRequested extends DomainEvent {
  static readonly eventName = 'emergency.requested';
  readonly eventName = EmergencyRequested.eventName;

  constructor(readonly request: EmergencyRequestResponse) {
    super();
  }
}

/** A request was accepted, resolved or cancelled. */
export class EmergencyRequestStatusChanged extends DomainEvent {
  static readonly eventName = 'emergency.status_changed';
  readonly eventName = EmergencyRequestStatusChanged.eventName;

  constructor(
    readonly request: EmergencyRequestResponse,
    readonly from: EmergencyStatus,
    /** Who made the change. */
    readonly actorId: string,
  ) {
    super();
  }
}

/** Nobody accepted a request in time: every admin is told. */
export class EmergencyEscalated extends DomainEvent {
  static readonly eventName = 'emergency.escalated';
  readonly eventName = EmergencyEscalated.eventName;

  constructor(readonly request: EmergencyRequestResponse) {
    super();
  }
}
