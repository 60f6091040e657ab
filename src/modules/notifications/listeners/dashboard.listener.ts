import { Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../../../common/events/domain-event.js';
import type { UnitOfWork } from '../../../database/unit-of-work.js';
import { DashboardReportFinished } from '../../dashboard/dashboard.events.js';
import { NotificationsService } from '../notifications.service.js';

/** Tells a report's requester (in-app and push) that it is ready to download, or that it failed. */
@Injectable()
export class DashboardListener {
  constructor(private readonly notifications: NotificationsService) {}

  @OnDomainEvent(DashboardReportFinished.eventName)
  async onReportFinished(event: DashboardReportFinished, uow: UnitOfWork): Promise<void> {
    await this.notifications.notify(uow, {
      userId: event.requestedById,
      category: 'system',
      template: {
        name: 'dashboardReport',
        params: { ok: event.status === 'done', period: event.period, format: event.format, from: event.from, to: event.to },
      },
      data: { report_id: event.reportId, status: event.status },
      push: true,
    });
  }
}
