import { CalendarEventResponse } from '../../calendar-events/dto/calendar-events.response.js';

// --- shared pieces ------------------------------------------------------------------
export class StatusCount {
  /** A complaint status (Bengali value of the complaint_status choice set). */
  status: string;
  count: number;
}

export class CategoryCount {
  /** complaint_category value */
  category: string;
  count: number;
}

export class PriorityCount {
  /** complaint_priority value */
  priority: string;
  count: number;
}

export class WardCount {
  /** Ward id; null for complaints filed without a ward (city-wide scope only). */
  ward: string | null;
  number: number | null;
  name: string | null;
  name_bn: string | null;
  count: number;
}

export class MoneyTotal {
  count: number;
  /** Sum as a decimal string, "1500.00". */
  total: string;
}

// --- citizen -----------------------------------------------------------------------
export class CitizenComplaintStats {
  total: number;
  /** Every status, zero included. */
  by_status: StatusCount[];
}

export class CitizenPaymentStats {
  /** Completed payments. */
  completed_count: number;
  /** Their sum, "1500.00". */
  completed_total: string;
  /** Payments still waiting for the gateway. */
  pending_count: number;
}

export class CitizenDashboardResponse {
  complaints: CitizenComplaintStats;
  payments: CitizenPaymentStats;
  /** Completed, not refunded donations. */
  donations: MoneyTotal;
  /** Active notices meant for the caller that they have not opened. */
  unread_notices: number;
  unread_notifications: number;
  /** The next events (not ended yet) of the caller's home ward and city-wide ones, soonest first (at most 5). */
  upcoming_events: CalendarEventResponse[];
}

// --- admin -------------------------------------------------------------------------
export class ResolutionStats {
  /** Complaints resolved in the range. */
  resolved: number;
  /** Hours from filing to resolution, two decimals; null when none was resolved. */
  mean_hours: number | null;
  median_hours: number | null;
}

export class SatisfactionStats {
  /** Reviews written in the range. */
  count: number;
  /** Mean rating 1–5, two decimals; null without reviews. */
  mean_rating: number | null;
}

export class OverduePriority {
  priority: string;
  /** The SLA of this priority (COMPLAINT_SLA_HOURS_*). */
  sla_hours: number;
  count: number;
}

export class OverdueStats {
  /** Open complaints (submitted or in progress) older than their priority's SLA, now. */
  total: number;
  by_priority: OverduePriority[];
}

export class AdminComplaintStats {
  /** Complaints filed in the range. */
  total: number;
  /** By current status; every status, zero included. */
  by_status: StatusCount[];
  by_category: CategoryCount[];
  by_priority: PriorityCount[];
  /** Every ward in scope (by number), then complaints without a ward. */
  by_ward: WardCount[];
  /** Filed in the last 60 minutes (whatever the range). */
  last_60_minutes: number;
  resolution: ResolutionStats;
  satisfaction: SatisfactionStats;
  overdue: OverdueStats;
}

export class MethodTotal {
  /** bkash | nagad | rocket | upay */
  payment_method: string;
  count: number;
  total: string;
}

export class DayTotal {
  /** A Dhaka calendar day, YYYY-MM-DD. */
  date: string;
  count: number;
  total: string;
}

export class AdminPaymentStats {
  /** Payments completed in the range (donation payments included; refunded ones not). */
  count: number;
  total: string;
  /** Every method, zero included. */
  by_method: MethodTotal[];
  /** Every Dhaka day of the range, zero included. */
  by_day: DayTotal[];
}

export class CampaignTotal {
  campaign: string;
  title: string;
  count: number;
  total: string;
}

export class AdminDonationStats {
  /** Donations completed in the range and not refunded. */
  count: number;
  total: string;
  /** Campaigns with donations in the range, largest total first. */
  by_campaign: CampaignTotal[];
}

export class EmergencyStats {
  /** Requests submitted or in progress, now. */
  open: number;
  /** Of those, the ones escalated to the admins. */
  escalated: number;
}

export class RoleCount {
  /** citizen | staff | admin */
  role: string;
  count: number;
}

export class UserStats {
  /** Active accounts (in scope: living in a scoped ward, or staff working in one). */
  total: number;
  by_role: RoleCount[];
}

export class AdminDashboardResponse {
  /** First Dhaka day of the range (YYYY-MM-DD). */
  from: string;
  /** Last Dhaka day of the range, inclusive. */
  to: string;
  /** The wards counted; null = every ward. */
  wards: string[] | null;
  /** When these figures were computed (they may be reused for up to DASHBOARD_CACHE_TTL_SECONDS). */
  generated_at: string;
  complaints: AdminComplaintStats;
  payments: AdminPaymentStats;
  donations: AdminDonationStats;
  emergencies: EmergencyStats;
  users: UserStats;
}

// --- reports -----------------------------------------------------------------------
export class DashboardReportResponse {
  id: string;
  /** daily | weekly | monthly | quarterly | yearly */
  period: string;
  /** pdf | xlsx */
  format: string;
  /** queued | running | done | failed */
  status: string;
  /** First Dhaka day covered. */
  from: string;
  /** Last Dhaka day covered, inclusive. */
  to: string;
  /** The wards counted; null = every ward. */
  wards: string[] | null;
  /** Where the requester downloads the file (with their token), once done. */
  download_url: string | null;
  /** Size of the file in bytes, once done. */
  file_size: number | null;
  /** Why it failed. */
  error: string | null;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
}
