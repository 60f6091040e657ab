import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ROLES, type Role } from '../../common/auth/roles.js';
import { choiceValues } from '../../common/choices.js';
import { dhakaDayStart } from '../../common/time/dhaka-time.js';
import { dashboardConfig, type DashboardConfig } from '../../config/dashboard.config.js';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_PRIORITIES,
  COMPLAINT_STATUSES,
  STATUS_IN_PROGRESS,
  STATUS_RESOLVED,
  STATUS_SUBMITTED,
} from '../complaints/complaint.choices.js';
import { EMERGENCY_IN_PROGRESS, EMERGENCY_SUBMITTED } from '../emergency/emergency.choices.js';
import { PAYMENT_METHODS } from '../payments/payment.choices.js';
import { addDays, eachDay, type DayRange } from './report-periods.js';

/** The wards counted: null = every ward (and records with no ward). */
export interface StatsScope {
  wardIds: string[] | null;
}

export interface CountOf<K extends string> {
  key: K;
  count: number;
}

export interface MoneyRow {
  count: number;
  /** Canonical decimal string, "0.00" when nothing. */
  total: string;
}

export interface WardCount {
  /** null: complaints filed without a ward (only in a city-wide scope). */
  ward: string | null;
  number: number | null;
  name: string | null;
  nameBn: string | null;
  count: number;
}

export interface DashboardStats {
  range: DayRange;
  wardIds: string[] | null;
  generatedAt: Date;
  complaints: {
    total: number;
    byStatus: Array<CountOf<string>>;
    byCategory: Array<CountOf<string>>;
    byPriority: Array<CountOf<string>>;
    byWard: WardCount[];
    lastHour: number;
    resolution: { resolved: number; meanHours: number | null; medianHours: number | null };
    satisfaction: { count: number; meanRating: number | null };
    overdue: { total: number; byPriority: Array<{ priority: string; slaHours: number; count: number }> };
  };
  payments: MoneyRow & {
    byMethod: Array<MoneyRow & { method: string }>;
    byDay: Array<MoneyRow & { date: string }>;
  };
  donations: MoneyRow & { byCampaign: Array<MoneyRow & { campaign: string; title: string }> };
  emergencies: { open: number; escalated: number };
  users: { total: number; byRole: Array<CountOf<Role>> };
}

/** A code constant as an SQL literal (never user input). */
const lit = (value: string): string => `'${value.replace(/'/g, "''")}'`;
const OPEN_COMPLAINT = `(${lit(STATUS_SUBMITTED)}, ${lit(STATUS_IN_PROGRESS)})`;
const OPEN_EMERGENCY = `(${lit(EMERGENCY_SUBMITTED)}, ${lit(EMERGENCY_IN_PROGRESS)})`;
const [HIGH, MEDIUM, LOW] = choiceValues(COMPLAINT_PRIORITIES);
const SUM = (column: string): string => `COALESCE(SUM(${column}), 0)::numeric(14,2)::text`;
/** The Dhaka calendar day of a timestamptz (formatted only in the output, not per row). */
const DHAKA_DAY = (column: string): string => `(${column} AT TIME ZONE 'Asia/Dhaka')::date`;

/**
 * The dashboard's aggregates, each one SQL statement on an index, run in
 * parallel on the pool. Shared by the admin dashboard and the reports.
 *
 * What the date range (inclusive Dhaka days) applies to:
 * - complaints by status, category, priority and ward: filed in the range
 *   (`created_at`), counted by their current status;
 * - resolution hours (mean, median): complaints resolved in the range
 *   (`resolved_at`), from filing to resolution;
 * - satisfaction: reviews written in the range;
 * - payments: completed in the range (`completed_at`; refunded ones are not
 *   counted), by method and by Dhaka day — donation payments included;
 * - donations: completed and not refunded, completed in the range, by campaign.
 * As of now, whatever the range: overdue complaints (open — submitted or in
 * progress — for longer than their priority's SLA), complaints filed in the
 * last 60 minutes, open and escalated emergencies, active users by role.
 *
 * Ward scope: complaints and emergencies by their ward; payments and
 * donations by the payer's home ward; users by home ward, plus staff who work
 * in a scoped ward. The city-wide scope also counts records without a ward.
 */
@Injectable()
export class DashboardStatsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(dashboardConfig.KEY) private readonly config: DashboardConfig,
  ) {}

  async compute(scope: StatsScope, range: DayRange, now = new Date()): Promise<DashboardStats> {
    const start = dhakaDayStart(range.from);
    const end = dhakaDayStart(addDays(range.to, 1));
    const [breakdown, wards, resolution, satisfaction, overdue, lastHour, payments, donations, emergencies, users] =
      await Promise.all([
        this.complaintBreakdown(scope, start, end),
        this.wards(scope),
        this.resolution(scope, start, end),
        this.satisfaction(scope, start, end),
        this.overdue(scope, now),
        this.lastHour(scope, now),
        this.payments(scope, start, end),
        this.donations(scope, start, end),
        this.emergencies(scope),
        this.users(scope),
      ]);

    const counts = (grouping: number, column: 'status' | 'category' | 'priority', values: string[]) => {
      const found = new Map(breakdown.filter((r) => r.g === grouping).map((r) => [r[column], r.n]));
      return values.map((key) => ({ key, count: found.get(key) ?? 0 }));
    };
    const byWardId = new Map(breakdown.filter((r) => r.g === GROUP_WARD).map((r) => [r.ward_id, r.n]));
    const byWard: WardCount[] = wards.map((w) => ({
      ward: w.id,
      number: w.number,
      name: w.name,
      nameBn: w.name_bn,
      count: byWardId.get(w.id) ?? 0,
    }));
    const withoutWard = byWardId.get(null) ?? 0;
    if (scope.wardIds === null && withoutWard > 0) {
      byWard.push({ ward: null, number: null, name: null, nameBn: null, count: withoutWard });
    }

    const sla = this.slaHours();
    const overdueByPriority = [HIGH, MEDIUM, LOW].map((priority) => ({
      priority,
      slaHours: sla[priority],
      count: overdue.find((r) => r.priority === priority)?.n ?? 0,
    }));

    const paymentTotal = payments.find((r) => r.g === GROUP_ALL_PAYMENTS);
    const methodRows = new Map(payments.filter((r) => r.g === GROUP_METHOD).map((r) => [r.payment_method, r]));
    const dayRows = new Map(payments.filter((r) => r.g === GROUP_DAY).map((r) => [r.day, r]));
    const donationTotal = donations.find((r) => r.g === GROUP_ALL_DONATIONS);

    const roleCounts = new Map(users.map((r) => [r.role, r.n]));
    return {
      range,
      wardIds: scope.wardIds,
      generatedAt: now,
      complaints: {
        total: breakdown.find((r) => r.g === GROUP_ALL_COMPLAINTS)?.n ?? 0,
        byStatus: counts(GROUP_STATUS, 'status', choiceValues(COMPLAINT_STATUSES)),
        byCategory: counts(GROUP_CATEGORY, 'category', choiceValues(COMPLAINT_CATEGORIES)),
        byPriority: counts(GROUP_PRIORITY, 'priority', choiceValues(COMPLAINT_PRIORITIES)),
        byWard,
        lastHour,
        resolution: { resolved: resolution.n, meanHours: resolution.mean_hours, medianHours: resolution.median_hours },
        satisfaction: { count: satisfaction.n, meanRating: satisfaction.mean_rating },
        overdue: { total: overdueByPriority.reduce((sum, r) => sum + r.count, 0), byPriority: overdueByPriority },
      },
      payments: {
        count: paymentTotal?.n ?? 0,
        total: paymentTotal?.total ?? '0.00',
        byMethod: choiceValues(PAYMENT_METHODS).map((method) => ({
          method,
          count: methodRows.get(method)?.n ?? 0,
          total: methodRows.get(method)?.total ?? '0.00',
        })),
        byDay: eachDay(range).map((date) => ({
          date,
          count: dayRows.get(date)?.n ?? 0,
          total: dayRows.get(date)?.total ?? '0.00',
        })),
      },
      donations: {
        count: donationTotal?.n ?? 0,
        total: donationTotal?.total ?? '0.00',
        byCampaign: donations
          .filter((r) => r.g === GROUP_CAMPAIGN)
          .map((r) => ({ campaign: r.campaign_id!, title: r.title!, count: r.n, total: r.total })),
      },
      emergencies,
      users: {
        total: users.reduce((sum, r) => sum + r.n, 0),
        byRole: ROLES.map((role) => ({ key: role, count: roleCounts.get(role) ?? 0 })),
      },
    };
  }

  /** SLA hours by priority value. */
  private slaHours(): Record<string, number> {
    return { [HIGH]: this.config.slaHours.high, [MEDIUM]: this.config.slaHours.medium, [LOW]: this.config.slaHours.low };
  }

  // --- the statements -------------------------------------------------------------
  /** Complaints filed in the range: by status, category, priority and ward, and in all — one scan. */
  private complaintBreakdown(scope: StatsScope, start: Date, end: Date) {
    const params: unknown[] = [start, end];
    return this.db.query<
      Array<{ status: string; category: string; priority: string; ward_id: string | null; g: number; n: number }>
    >(
      `SELECT c.status, c.category, c.priority, c.ward_id,
              GROUPING(c.status, c.category, c.priority, c.ward_id)::int AS g, count(*)::int AS n
         FROM complaints c
        WHERE c.created_at >= $1 AND c.created_at < $2${wardFilter('c.ward_id', scope, params)}
        GROUP BY GROUPING SETS ((c.status), (c.category), (c.priority), (c.ward_id), ())`,
      params,
    );
  }

  /** The wards in scope, for naming (and zero-filling) the per-ward counts. */
  private wards(scope: StatsScope) {
    const params: unknown[] = [];
    const where = scope.wardIds === null ? '' : ` WHERE w.id = ANY(${param(params, scope.wardIds)}::uuid[])`;
    return this.db.query<Array<{ id: string; number: number; name: string; name_bn: string }>>(
      `SELECT w.id, w.number, w.name, w.name_bn FROM wards w${where} ORDER BY w.number, w.name, w.id`,
      params,
    );
  }

  /** Complaints resolved in the range: mean and median hours from filing to resolution. */
  private async resolution(scope: StatsScope, start: Date, end: Date) {
    const params: unknown[] = [start, end];
    const hours = `EXTRACT(EPOCH FROM c.resolved_at - c.created_at) / 3600`;
    const [row] = await this.db.query<Array<{ n: number; mean_hours: number | null; median_hours: number | null }>>(
      `SELECT count(*)::int AS n,
              round(avg(${hours})::numeric, 2)::float8 AS mean_hours,
              round((percentile_cont(0.5) WITHIN GROUP (ORDER BY ${hours}))::numeric, 2)::float8 AS median_hours
         FROM complaints c
        WHERE c.status = ${lit(STATUS_RESOLVED)} AND c.resolved_at >= $1 AND c.resolved_at < $2${wardFilter('c.ward_id', scope, params)}`,
      params,
    );
    return row;
  }

  /** Reviews written in the range: how many, and the mean rating. */
  private async satisfaction(scope: StatsScope, start: Date, end: Date) {
    const params: unknown[] = [start, end];
    const join = scope.wardIds === null ? '' : ' JOIN complaints c ON c.id = r.complaint_id';
    const [row] = await this.db.query<Array<{ n: number; mean_rating: number | null }>>(
      `SELECT count(*)::int AS n, round(avg(r.rating), 2)::float8 AS mean_rating
         FROM complaint_reviews r${join}
        WHERE r.created_at >= $1 AND r.created_at < $2${wardFilter('c.ward_id', scope, params)}`,
      params,
    );
    return row;
  }

  /** Open complaints older than their priority's SLA, now. */
  private overdue(scope: StatsScope, now: Date) {
    const sla = this.config.slaHours;
    const before = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
    const params: unknown[] = [before(sla.high), before(sla.medium), before(sla.low)];
    return this.db.query<Array<{ priority: string; n: number }>>(
      `SELECT c.priority, count(*)::int AS n
         FROM complaints c
        WHERE c.status IN ${OPEN_COMPLAINT}
          AND ((c.priority = ${lit(HIGH)} AND c.created_at < $1)
            OR (c.priority = ${lit(MEDIUM)} AND c.created_at < $2)
            OR (c.priority = ${lit(LOW)} AND c.created_at < $3))${wardFilter('c.ward_id', scope, params)}
        GROUP BY c.priority`,
      params,
    );
  }

  /** Complaints filed in the last 60 minutes. */
  private async lastHour(scope: StatsScope, now: Date): Promise<number> {
    const params: unknown[] = [new Date(now.getTime() - 3_600_000)];
    const [row] = await this.db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM complaints c WHERE c.created_at >= $1${wardFilter('c.ward_id', scope, params)}`,
      params,
    );
    return row.n;
  }

  /** Payments completed in the range: by method, by Dhaka day, and in all — one scan. */
  private payments(scope: StatsScope, start: Date, end: Date) {
    const params: unknown[] = [start, end];
    return this.db.query<Array<{ payment_method: string | null; day: string | null; g: number; n: number; total: string }>>(
      `SELECT p.payment_method, to_char(${DHAKA_DAY('p.completed_at')}, 'YYYY-MM-DD') AS day,
              GROUPING(p.payment_method, ${DHAKA_DAY('p.completed_at')})::int AS g,
              count(*)::int AS n, ${SUM('p.amount')} AS total
         FROM payments p${homeWardJoin('p.user_id', scope, params)}
        WHERE p.status = 'completed' AND p.completed_at >= $1 AND p.completed_at < $2
        GROUP BY GROUPING SETS ((p.payment_method), (${DHAKA_DAY('p.completed_at')}), ())`,
      params,
    );
  }

  /** Donations completed (and not refunded) in the range: by campaign, largest total first, and in all. */
  private donations(scope: StatsScope, start: Date, end: Date) {
    const params: unknown[] = [start, end];
    return this.db.query<Array<{ campaign_id: string | null; title: string | null; g: number; n: number; total: string }>>(
      `SELECT d.campaign_id, dc.title, GROUPING(d.campaign_id, dc.title)::int AS g, count(*)::int AS n, ${SUM('d.amount')} AS total
         FROM donations d
         JOIN donation_campaigns dc ON dc.id = d.campaign_id${homeWardJoin('d.user_id', scope, params)}
        WHERE d.receipt_number IS NOT NULL AND d.refunded_at IS NULL AND d.completed_at >= $1 AND d.completed_at < $2
        GROUP BY GROUPING SETS ((d.campaign_id, dc.title), ())
        ORDER BY SUM(d.amount) DESC, dc.title, d.campaign_id`,
      params,
    );
  }

  /** Emergency requests open now, and how many of those went to the admins. */
  private async emergencies(scope: StatsScope): Promise<{ open: number; escalated: number }> {
    const params: unknown[] = [];
    const [row] = await this.db.query<Array<{ open: number; escalated: number }>>(
      `SELECT count(*)::int AS open, count(*) FILTER (WHERE e.escalated_at IS NOT NULL)::int AS escalated
         FROM emergency_requests e
        WHERE e.status IN ${OPEN_EMERGENCY}${wardFilter('e.ward_id', scope, params)}`,
      params,
    );
    return row;
  }

  /** Active accounts by role: living in a scoped ward, or working in one. */
  private users(scope: StatsScope) {
    const params: unknown[] = [];
    let where = '';
    if (scope.wardIds !== null) {
      const wards = param(params, scope.wardIds);
      where = ` AND (u.ward_id = ANY(${wards}::uuid[])
                 OR EXISTS (SELECT 1 FROM staff_wards sw WHERE sw.user_id = u.id AND sw.ward_id = ANY(${wards}::uuid[])))`;
    }
    return this.db.query<Array<{ role: Role; n: number }>>(
      `SELECT u.role, count(*)::int AS n FROM users u WHERE u.is_active${where} GROUP BY u.role`,
      params,
    );
  }
}

// GROUPING() bit masks: a 1 bit is a column rolled up in that row.
const GROUP_STATUS = 0b0111;
const GROUP_CATEGORY = 0b1011;
const GROUP_PRIORITY = 0b1101;
const GROUP_WARD = 0b1110;
const GROUP_ALL_COMPLAINTS = 0b1111;
const GROUP_METHOD = 0b01;
const GROUP_DAY = 0b10;
const GROUP_ALL_PAYMENTS = 0b11;
const GROUP_CAMPAIGN = 0b00;
const GROUP_ALL_DONATIONS = 0b11;

/** Appends a parameter and returns its placeholder. */
function param(params: unknown[], value: unknown): string {
  params.push(value);
  return `$${params.length}`;
}

/** ` AND <column> = ANY($n)` for a ward-scoped query; nothing city-wide. */
function wardFilter(column: string, scope: StatsScope, params: unknown[]): string {
  return scope.wardIds === null ? '' : ` AND ${column} = ANY(${param(params, scope.wardIds)}::uuid[])`;
}

/** Joins the payer's home ward for a ward-scoped query; nothing city-wide. */
function homeWardJoin(userColumn: string, scope: StatsScope, params: unknown[]): string {
  return scope.wardIds === null
    ? ''
    : ` JOIN users payer ON payer.id = ${userColumn} AND payer.ward_id = ANY(${param(params, scope.wardIds)}::uuid[])`;
}
