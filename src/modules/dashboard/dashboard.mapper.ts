import { toIso } from '../../common/time/dhaka-time.js';
import type { DashboardStats } from './dashboard-stats.repository.js';
import type { DashboardReport } from './dashboard-report.entity.js';
import type { AdminDashboardResponse, DashboardReportResponse } from './dto/dashboard.response.js';

export function mapAdminDashboard(s: DashboardStats): AdminDashboardResponse {
  const c = s.complaints;
  return {
    from: s.range.from,
    to: s.range.to,
    wards: s.wardIds,
    generated_at: toIso(s.generatedAt),
    complaints: {
      total: c.total,
      by_status: c.byStatus.map((r) => ({ status: r.key, count: r.count })),
      by_category: c.byCategory.map((r) => ({ category: r.key, count: r.count })),
      by_priority: c.byPriority.map((r) => ({ priority: r.key, count: r.count })),
      by_ward: c.byWard.map((w) => ({ ward: w.ward, number: w.number, name: w.name, name_bn: w.nameBn, count: w.count })),
      last_60_minutes: c.lastHour,
      resolution: {
        resolved: c.resolution.resolved,
        mean_hours: c.resolution.meanHours,
        median_hours: c.resolution.medianHours,
      },
      satisfaction: { count: c.satisfaction.count, mean_rating: c.satisfaction.meanRating },
      overdue: {
        total: c.overdue.total,
        by_priority: c.overdue.byPriority.map((r) => ({ priority: r.priority, sla_hours: r.slaHours, count: r.count })),
      },
    },
    payments: {
      count: s.payments.count,
      total: s.payments.total,
      by_method: s.payments.byMethod.map((r) => ({ payment_method: r.method, count: r.count, total: r.total })),
      by_day: s.payments.byDay.map((r) => ({ date: r.date, count: r.count, total: r.total })),
    },
    donations: {
      count: s.donations.count,
      total: s.donations.total,
      by_campaign: s.donations.byCampaign.map((r) => ({ campaign: r.campaign, title: r.title, count: r.count, total: r.total })),
    },
    emergencies: { open: s.emergencies.open, escalated: s.emergencies.escalated },
    users: { total: s.users.total, by_role: s.users.byRole.map((r) => ({ role: r.key, count: r.count })) },
  };
}

/** `downloadUrl` builds the report's absolute download link (given only once it is done). */
export function mapDashboardReport(r: DashboardReport, downloadUrl: (id: string) => string): DashboardReportResponse {
  return {
    id: r.id,
    period: r.period,
    format: r.format,
    status: r.status,
    from: r.rangeFrom,
    to: r.rangeTo,
    wards: r.wardIds,
    download_url: r.status === 'done' ? downloadUrl(r.id) : null,
    file_size: r.status === 'done' ? r.fileSize : null,
    error: r.error,
    created_at: toIso(r.createdAt),
    started_at: toIso(r.startedAt),
    completed_at: toIso(r.completedAt),
  };
}
