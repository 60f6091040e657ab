import { DomainEvent } from '../../common/events/domain-event.js';
import type { ReportFormat, ReportPeriod } from './dashboard.choices.js';

/** A report finished building (`done`), or failed for good (`failed`): its requester is told. */
export class DashboardReportFinished extends DomainEvent {
  static readonly eventName = 'dashboard.report_finished';
  readonly eventName = DashboardReportFinished.eventName;

  constructor(
    readonly reportId: string,
    readonly requestedById: string,
    readonly status: 'done' | 'failed',
    readonly period: ReportPeriod,
    readonly format: ReportFormat,
    readonly from: string,
    readonly to: string,
  ) {
    super();
  }
}
