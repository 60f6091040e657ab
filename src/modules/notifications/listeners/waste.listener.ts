import { Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../../../common/events/domain-event.js';
import type { UnitOfWork } from '../../../database/unit-of-work.js';
import { OutboxService } from '../../queue/outbox.service.js';
import { UserDirectory } from '../../users/user-directory.js';
import { PickupRequested, PickupStatusChanged, WasteScheduleChanged } from '../../waste-management/waste.events.js';
import { NotificationsService } from '../notifications.service.js';
import { render } from '../templates.js';

/**
 * Waste-management notifications. A schedule change becomes ONE queue job
 * that notifies the ward's citizens in batches (never inside the admin's
 * request); pickups tell the assigned staff member and, on each status change,
 * the citizen (in-app + SMS).
 */
@Injectable()
export class WasteListener {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly outbox: OutboxService,
  ) {}

  @OnDomainEvent(WasteScheduleChanged.eventName)
  async onScheduleChanged(event: WasteScheduleChanged, uow: UnitOfWork): Promise<void> {
    const c = event.change;
    await this.outbox.enqueue(uow, 'notifyWardSchedule', c, {
      jobId: `ward-schedule-${c.scheduleId}-${c.version}-${c.wardId}`,
    });
  }

  @OnDomainEvent(PickupRequested.eventName)
  async onPickupRequested(event: PickupRequested, uow: UnitOfWork): Promise<void> {
    const r = event.request;
    if (!r.assigned_to) return;
    const language = await UserDirectory.languageOf(uow.manager, r.assigned_to);
    await this.notifications.notify(uow, {
      userId: r.assigned_to,
      category: 'waste',
      ...render('pickupAssigned', language, { wasteType: r.waste_type, address: r.address, preferredDate: r.preferred_date }),
      data: { pickup_request_id: r.id },
      push: true,
    });
  }

  @OnDomainEvent(PickupStatusChanged.eventName)
  async onPickupStatusChanged(event: PickupStatusChanged, uow: UnitOfWork): Promise<void> {
    const r = event.request;
    const data = { pickup_request_id: r.id };
    if (event.actorId === r.user) {
      // The citizen cancelled: the crew should not come.
      if (!r.assigned_to) return;
      const language = await UserDirectory.languageOf(uow.manager, r.assigned_to);
      const text = render('pickupCancelledByRequester', language, { wasteType: r.waste_type, address: r.address });
      await this.notifications.notify(uow, { userId: r.assigned_to, category: 'waste', ...text, data, push: true });
      return;
    }
    const language = await UserDirectory.languageOf(uow.manager, r.user);
    const text = render('pickupStatusChanged', language, {
      wasteType: r.waste_type,
      status: r.status,
      date: r.status === 'scheduled' ? r.scheduled_date : null,
    });
    await this.notifications.notify(uow, { userId: r.user, category: 'waste', ...text, data, push: true, sms: true });
  }
}
