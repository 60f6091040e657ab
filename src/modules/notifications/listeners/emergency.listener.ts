import { Inject, Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../../../common/events/domain-event.js';
import { cityServicesConfig, type CityServicesConfig } from '../../../config/city-services.config.js';
import type { UnitOfWork } from '../../../database/unit-of-work.js';
import { EMERGENCY_CANCELLED, EMERGENCY_IN_PROGRESS, EMERGENCY_RESOLVED } from '../../emergency/emergency.choices.js';
import { EmergencyEscalated, EmergencyRequested, EmergencyRequestStatusChanged } from '../../emergency/emergency.events.js';
import { RealtimePublisher } from '../../realtime/realtime.publisher.js';
import { UserDirectory } from '../../users/user-directory.js';
import { NotificationsService } from '../notifications.service.js';
import { render } from '../templates.js';

/**
 * Emergency alerts. A new request reaches every staff member covering its
 * ward (in-app + push, and the `emergency_request` socket event); the
 * requester hears when it is accepted, resolved or cancelled by an admin; an
 * escalation reaches every admin by in-app, push and SMS.
 */
@Injectable()
export class EmergencyListener {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly realtime: RealtimePublisher,
    @Inject(cityServicesConfig.KEY) private readonly config: CityServicesConfig,
  ) {}

  @OnDomainEvent(EmergencyRequested.eventName)
  async onRequested(event: EmergencyRequested, uow: UnitOfWork): Promise<void> {
    const r = event.request;
    const staff = (await UserDirectory.staffCoveringWard(uow.manager, r.ward)).filter((s) => s.id !== r.user);
    await this.notifications.notifyMany(
      uow,
      staff.map((s) => ({
        userId: s.id,
        category: 'emergency' as const,
        ...render('emergencyRequested', s.language, { type: r.emergency_type, location: r.location, description: r.description }),
        data: { emergency_request_id: r.id },
        push: true,
      })),
    );
    const ids = staff.map((s) => s.id);
    uow.afterCommit(() => this.realtime.toUsers(ids, 'emergency_request', r));
  }

  @OnDomainEvent(EmergencyRequestStatusChanged.eventName)
  async onStatusChanged(event: EmergencyRequestStatusChanged, uow: UnitOfWork): Promise<void> {
    const r = event.request;
    const data = { emergency_request_id: r.id };
    if (event.actorId !== r.user) {
      const language = await UserDirectory.languageOf(uow.manager, r.user);
      if (r.status === EMERGENCY_IN_PROGRESS) {
        const text = render('emergencyAccepted', language, { type: r.emergency_type, responder: r.assigned_to_name ?? '' });
        await this.notifications.notify(uow, { userId: r.user, category: 'emergency', ...text, data, push: true, sms: true });
      } else if (r.status === EMERGENCY_RESOLVED) {
        const text = render('emergencyResolved', language, { type: r.emergency_type });
        await this.notifications.notify(uow, { userId: r.user, category: 'emergency', ...text, data, push: true });
      } else if (r.status === EMERGENCY_CANCELLED) {
        const text = render('emergencyCancelled', language, { type: r.emergency_type });
        await this.notifications.notify(uow, { userId: r.user, category: 'emergency', ...text, data, push: true });
      }
    }
    // Every screen showing the request (the requester's, the alerted staff's) refreshes.
    const staff = await UserDirectory.staffCoveringWard(uow.manager, r.ward);
    const ids = [...new Set([r.user, ...staff.map((s) => s.id), ...(r.assigned_to ? [r.assigned_to] : [])])];
    uow.afterCommit(() => this.realtime.toUsers(ids, 'emergency_request_updated', r));
  }

  @OnDomainEvent(EmergencyEscalated.eventName)
  async onEscalated(event: EmergencyEscalated, uow: UnitOfWork): Promise<void> {
    const r = event.request;
    const admins = await UserDirectory.admins(uow.manager);
    const minutes = Math.max(1, Math.round(this.config.emergencyEscalationDelayMs / 60_000));
    await this.notifications.notifyMany(
      uow,
      admins.map((a) => ({
        userId: a.id,
        category: 'emergency' as const,
        ...render('emergencyEscalated', a.language, { type: r.emergency_type, location: r.location, minutes }),
        data: { emergency_request_id: r.id },
        push: true,
        sms: true,
      })),
    );
    const ids = admins.map((a) => a.id);
    uow.afterCommit(() => this.realtime.toUsers(ids, 'emergency_escalated', r));
  }
}
