import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { staffWardScope, type AuthUser } from '../../common/auth/auth-user.js';
import { choiceValues } from '../../common/choices.js';
import { FieldValidationException, NON_FIELD_ERRORS, PermissionDeniedException } from '../../common/http/api-errors.js';
import { dhakaDate } from '../../common/time/dhaka-time.js';
import { CalendarEvent } from '../calendar-events/calendar-event.entity.js';
import { mapCalendarEvent } from '../calendar-events/calendar-events.mapper.js';
import { COMPLAINT_STATUSES } from '../complaints/complaint.choices.js';
import { GeographyService } from '../geography/geography.service.js';
import { NoticesService } from '../notices/notices.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { DashboardCache } from './dashboard-cache.js';
import { DashboardStatsRepository, type StatsScope } from './dashboard-stats.repository.js';
import { mapAdminDashboard } from './dashboard.mapper.js';
import type { AdminDashboardQuery } from './dto/dashboard.query.js';
import type { AdminDashboardResponse, CitizenDashboardResponse } from './dto/dashboard.response.js';
import { addDays, daysBetween, type DayRange } from './report-periods.js';

/** The admin dashboard's default range: the last 30 days, today included. */
export const DEFAULT_RANGE_DAYS = 30;
/** The longest range one dashboard (or report) covers: a leap year. */
export const MAX_RANGE_DAYS = 366;
const UPCOMING_EVENTS = 5;

/**
 * The citizen's own summary, and the staff/admin dashboard over a ward scope
 * and a range of Dhaka days (figures: DashboardStatsRepository).
 *
 * Who sees which wards: admins every ward, or the one given as `?ward=`;
 * staff their wards (every ward when they have none), or one of them as
 * `?ward=` — another ward is a 403 (wards are public, so there is nothing to
 * hide behind a 404); a ward that does not exist is a 400.
 */
@Injectable()
export class DashboardService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(CalendarEvent) private readonly events: Repository<CalendarEvent>,
    private readonly stats: DashboardStatsRepository,
    private readonly cache: DashboardCache,
    private readonly geography: GeographyService,
    private readonly notices: NoticesService,
    private readonly notifications: NotificationsService,
  ) {}

  /** The caller's own complaints, payments, donations, unread counts and upcoming events. */
  async citizen(user: AuthUser): Promise<CitizenDashboardResponse> {
    const now = new Date();
    const [statuses, [payments], [donations], unreadNotices, unreadNotifications, events] = await Promise.all([
      this.db.query<Array<{ status: string; n: number }>>(
        'SELECT c.status, count(*)::int AS n FROM complaints c WHERE c.user_id = $1 GROUP BY c.status',
        [user.id],
      ),
      this.db.query<Array<{ completed_count: number; completed_total: string; pending_count: number }>>(
        `SELECT count(*) FILTER (WHERE p.status = 'completed')::int AS completed_count,
                COALESCE(SUM(p.amount) FILTER (WHERE p.status = 'completed'), 0)::numeric(14,2)::text AS completed_total,
                count(*) FILTER (WHERE p.status = 'pending')::int AS pending_count
           FROM payments p WHERE p.user_id = $1`,
        [user.id],
      ),
      this.db.query<Array<{ count: number; total: string }>>(
        `SELECT count(*)::int AS count, COALESCE(SUM(d.amount), 0)::numeric(14,2)::text AS total
           FROM donations d WHERE d.user_id = $1 AND d.receipt_number IS NOT NULL AND d.refunded_at IS NULL`,
        [user.id],
      ),
      this.notices.unreadCount(user),
      this.notifications.unreadCount(user.id),
      this.upcomingEvents(user.id, now),
    ]);
    const byStatus = new Map(statuses.map((r) => [r.status, r.n]));
    return {
      complaints: {
        total: statuses.reduce((sum, r) => sum + r.n, 0),
        by_status: choiceValues(COMPLAINT_STATUSES).map((status) => ({ status, count: byStatus.get(status) ?? 0 })),
      },
      payments,
      donations,
      unread_notices: unreadNotices,
      unread_notifications: unreadNotifications,
      upcoming_events: events.map(mapCalendarEvent),
    };
  }

  /** The staff/admin dashboard; reused from the cache for up to DASHBOARD_CACHE_TTL_SECONDS. */
  async admin(user: AuthUser, query: AdminDashboardQuery): Promise<AdminDashboardResponse> {
    const range = dashboardRange(query);
    const scope = await this.resolveScope(user, query.ward);
    const key = DashboardCache.key('admin', 'v1', scope.wardIds?.toSorted().join(',') ?? '*', range.from, range.to);
    return this.cache.getOrCompute(key, async () => mapAdminDashboard(await this.stats.compute(scope, range)));
  }

  /** The wards a staff member or admin may count, narrowed to `ward` when given (see the class comment). */
  async resolveScope(user: AuthUser, ward: string | undefined): Promise<StatsScope> {
    const own = staffWardScope(user);
    if (!ward) return { wardIds: own ?? null };
    await this.geography.assertWardsExist('ward', [ward]);
    if (own && !own.includes(ward)) throw new PermissionDeniedException('You do not work in this ward.');
    return { wardIds: [ward] };
  }

  /** Events not ended yet, of the user's home ward or city-wide, soonest first. */
  private upcomingEvents(userId: string, now: Date): Promise<CalendarEvent[]> {
    return this.events
      .createQueryBuilder('e')
      .where('(e.endAt > :now OR e.startAt >= :now)', { now })
      .andWhere('(e.wardId IS NULL OR e.wardId = (SELECT u.ward_id FROM users u WHERE u.id = :userId))', { userId })
      .orderBy('e.startAt', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .limit(UPCOMING_EVENTS)
      .getMany();
  }
}

/** The query's range: `to` defaults to today, `from` to 29 days before `to`; at most 366 days, `from` not after `to`. */
export function dashboardRange(query: { from?: string; to?: string }): DayRange {
  const to = query.to ?? dhakaDate();
  const from = query.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  if (from > to) throw FieldValidationException.of('from', 'Must not be later than to.');
  if (daysBetween({ from, to }) > MAX_RANGE_DAYS) {
    throw FieldValidationException.of(NON_FIELD_ERRORS, `The range may cover at most ${MAX_RANGE_DAYS} days.`);
  }
  return { from, to };
}
