import { DomainEvent } from '../../common/events/domain-event.js';
import type { NotifyWardScheduleJob } from '../queue/jobs.js';
import type { PickupRequestResponse } from './dto/waste.response.js';
import type { PickupStatus } from './waste.choices.js';

/**
 * A change to a ward's collection schedules that its citizens can see: a new
 * or re-activated schedule (`created`), a changed one (`updated`), one that
 * was deleted, deactivated or moved to another ward (`deleted`).
 */
export class WasteScheduleChanged extends DomainEvent {
  static readonly eventName = 'waste.schedule_changed';
  readonly eventName = WasteScheduleChanged.eventName;

  constructor(readonly change: NotifyWardScheduleJob) {
    super();
  }
}

/** A citizen asked for a special pickup; `request.assigned_to` is who should handle it. */
export class PickupRequested extends DomainEvent {
  static readonly eventName = 'waste.pickup_requested';
  readonly eventName = PickupRequested.eventName;

  constructor(readonly request: PickupRequestResponse) {
    super();
  }
}

export class PickupStatusChanged extends DomainEvent {
  static readonly eventName = 'waste.pickup_status_changed';
  readonly eventName = PickupStatusChanged.eventName;

  constructor(
    readonly request: PickupRequestResponse,
    readonly from: PickupStatus,
    readonly actorId: string,
  ) {
    super();
  }
}
