import { randomUUID } from 'node:crypto';
import { addDays, type DayRange } from '../../src/modules/dashboard/report-periods.js';
import { dhakaDayStart } from '../../src/common/time/dhaka-time.js';
import type { Geography, RoleUsers } from './fixtures.js';
import type { TestApp } from './test-app.js';

/**
 * A known dataset for the dashboard and report tests, written straight to the
 * database, and the figures it must produce — computed here, in plain
 * TypeScript over the rows as written, independently of the SQL under test.
 */

export const STATUSES = ['জমা দেওয়া হয়েছে', 'প্রক্রিয়াধীন', 'সমাধান হয়েছে', 'বাতিল'];
export const CATEGORIES = ['পরিচ্ছন্নতা', 'বর্জ্য ব্যবস্থাপনা', 'পানি সরবরাহ', 'রাস্তাঘাট', 'বিদ্যুৎ', 'অন্যান্য'];
export const PRIORITIES = ['উচ্চ', 'মধ্যম', 'নিম্ন'];
export const METHODS = ['bkash', 'nagad', 'rocket', 'upay'];
export const ROLES = ['citizen', 'staff', 'admin'];
const OPEN = new Set(['জমা দেওয়া হয়েছে', 'প্রক্রিয়াধীন']);
const RESOLVED = 'সমাধান হয়েছে';
const SLA_HOURS: Record<string, number> = { উচ্চ: 24, মধ্যম: 72, নিম্ন: 168 };
const HOUR = 3_600_000;

export interface Person {
  id: string;
  role: string;
  homeWard: string | null;
  staffWards: string[];
  active: boolean;
}

export const person = (
  user: { id: string; role: string },
  homeWard: string | null,
  staffWards: string[] = [],
  active = true,
): Person => ({ id: user.id, role: user.role, homeWard, staffWards, active });

/** The users of `createRoleUsers` with their home and staff wards. */
export const roleUserPeople = (u: RoleUsers, geo: Geography): Person[] => [
  person(u.citizen, geo.wardIds[0]),
  person(u.otherCitizen, geo.wardIds[1]),
  person(u.staff, null, [geo.wardIds[0]]),
  person(u.otherStaff, null, [geo.wardIds[1]]),
  person(u.admin, null),
];

export interface ComplaintRow {
  id: string;
  userId: string;
  wardId: string | null;
  category: string;
  priority: string;
  status: string;
  createdAt: Date;
  resolvedAt: Date | null;
}

export interface ReviewRow {
  complaintId: string;
  userId: string;
  wardId: string | null;
  rating: number;
  createdAt: Date;
}

export interface PaymentRow {
  id: string;
  userId: string;
  method: string;
  status: string;
  /** In paisa, to sum exactly. */
  paisa: number;
  createdAt: Date;
  completedAt: Date | null;
  serviceType: string;
}

export interface DonationRow {
  id: string;
  userId: string;
  campaignId: string;
  paymentId: string;
  paisa: number;
  receiptNumber: string | null;
  completedAt: Date | null;
  refundedAt: Date | null;
}

export interface EmergencyRow {
  id: string;
  userId: string;
  wardId: string | null;
  status: string;
  escalatedAt: Date | null;
  createdAt: Date;
}

export interface Fixture {
  wards: Array<{ id: string; number: number; name: string; nameBn: string }>;
  people: Person[];
  complaints: ComplaintRow[];
  reviews: ReviewRow[];
  payments: PaymentRow[];
  donations: DonationRow[];
  campaigns: Array<{ id: string; title: string }>;
  emergencies: EmergencyRow[];
}

/** mulberry32: the same "random" data on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const money = (paisa: number): string => `${Math.trunc(paisa / 100)}.${String(paisa % 100).padStart(2, '0')}`;

/** The instant of a Dhaka wall-clock time on a Dhaka day. */
export const dhakaTime = (day: string, hours: number, minutes = 0): Date =>
  new Date(dhakaDayStart(day).getTime() + hours * HOUR + minutes * 60_000);

/**
 * Writes the dataset: about 150 complaints filed around `range` (its edges to
 * the millisecond included), reviews, payments and donations (some just
 * either side of a Dhaka midnight), emergencies, and recent complaints for
 * the as-of-now figures (overdue, last 60 minutes) — over the wards and
 * owners given. `people` are every user of the database.
 */
export async function seedDashboardData(
  t: TestApp,
  options: { geo: Geography; people: Person[]; owners: Person[]; range: DayRange; now: Date },
): Promise<Fixture> {
  const { range, now, owners } = options;
  // As seedGeography names them.
  const wards = [
    { id: options.geo.wardIds[0], number: 1, name: 'Ward 1', nameBn: 'ওয়ার্ড ১' },
    { id: options.geo.wardIds[1], number: 2, name: 'Ward 2', nameBn: 'ওয়ার্ড ২' },
  ];
  const random = prng(20261125);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const wardChoices = [...wards.map((w) => w.id), null];
  const start = dhakaDayStart(addDays(range.from, -3)).getTime();
  const end = dhakaDayStart(addDays(range.to, 4)).getTime();
  const randomInstant = () => new Date(start + Math.floor(random() * (end - start)));

  // --- complaints ---------------------------------------------------------------
  const complaints: ComplaintRow[] = [];
  const complaint = (c: Partial<ComplaintRow> & { createdAt: Date }): ComplaintRow => {
    const status = c.status ?? pick(STATUSES);
    const row: ComplaintRow = {
      id: randomUUID(),
      userId: c.userId ?? pick(owners).id,
      wardId: c.wardId === undefined ? pick(wardChoices) : c.wardId,
      category: c.category ?? pick(CATEGORIES),
      priority: c.priority ?? pick(PRIORITIES),
      status,
      createdAt: c.createdAt,
      resolvedAt:
        c.resolvedAt !== undefined
          ? c.resolvedAt
          : status === RESOLVED
            ? new Date(c.createdAt.getTime() + (1 + Math.floor(random() * 200)) * 30 * 60_000)
            : null,
    };
    complaints.push(row);
    return row;
  };
  for (let i = 0; i < 140; i++) complaint({ createdAt: randomInstant() });
  // The range's edges, to the millisecond (Dhaka days, not UTC days).
  const first = dhakaDayStart(range.from).getTime();
  const afterLast = dhakaDayStart(addDays(range.to, 1)).getTime();
  for (const ms of [first - 1, first, afterLast - 1, afterLast]) complaint({ createdAt: new Date(ms), status: 'বাতিল' });
  // Resolved exactly inside and just outside the range.
  complaint({ createdAt: new Date(first - 10 * HOUR), status: RESOLVED, resolvedAt: new Date(first) });
  complaint({ createdAt: new Date(afterLast - 5 * HOUR), status: RESOLVED, resolvedAt: new Date(afterLast) });
  // As of now: around each SLA (an hour's margin either way), and around the last 60 minutes.
  for (const priority of PRIORITIES) {
    for (const hours of [SLA_HOURS[priority] + 1, SLA_HOURS[priority] - 1]) {
      complaint({ createdAt: new Date(now.getTime() - hours * HOUR), priority, status: 'জমা দেওয়া হয়েছে' });
      complaint({ createdAt: new Date(now.getTime() - hours * HOUR), priority, status: 'প্রক্রিয়াধীন' });
    }
    complaint({ createdAt: new Date(now.getTime() - 500 * HOUR), priority, status: RESOLVED });
  }
  for (const minutes of [5, 40, 50, 75, 120]) complaint({ createdAt: new Date(now.getTime() - minutes * 60_000) });

  const reviews: ReviewRow[] = complaints
    .filter((c) => c.status === RESOLVED && random() < 0.7)
    .map((c) => ({
      complaintId: c.id,
      userId: c.userId,
      wardId: c.wardId,
      rating: 1 + Math.floor(random() * 5),
      createdAt: new Date(c.resolvedAt!.getTime() + Math.floor(random() * 48) * HOUR),
    }));

  // --- payments and donations ---------------------------------------------------
  const payments: PaymentRow[] = [];
  const payment = (p: Partial<PaymentRow> & { completedAt?: Date | null }): PaymentRow => {
    const status = p.status ?? pick(['completed', 'completed', 'completed', 'pending', 'failed', 'cancelled', 'refunded']);
    const createdAt = p.createdAt ?? randomInstant();
    const row: PaymentRow = {
      id: randomUUID(),
      userId: p.userId ?? pick(owners).id,
      method: p.method ?? pick(METHODS),
      status,
      paisa: p.paisa ?? 100 + Math.floor(random() * 5_000_000),
      createdAt,
      completedAt:
        p.completedAt !== undefined
          ? p.completedAt
          : status === 'completed' || status === 'refunded'
            ? new Date(createdAt.getTime() + 2 * 60_000)
            : null,
      serviceType: p.serviceType ?? pick(['holding_tax', 'trade_license', 'water_bill']),
    };
    payments.push(row);
    return row;
  };
  for (let i = 0; i < 70; i++) payment({});
  // Either side of a Dhaka midnight inside the range, and of the range's edges.
  const midDay = addDays(range.from, 2);
  payment({ status: 'completed', createdAt: dhakaTime(midDay, -1), completedAt: dhakaTime(midDay, 0, -1) });
  payment({ status: 'completed', createdAt: dhakaTime(midDay, -1), completedAt: dhakaTime(midDay, 0, 1) });
  payment({ status: 'completed', createdAt: new Date(first - HOUR), completedAt: new Date(first - 1) });
  payment({ status: 'completed', createdAt: new Date(afterLast - HOUR), completedAt: new Date(afterLast - 1) });

  const campaigns = [
    { id: randomUUID(), title: 'খাল পরিষ্কার Canal cleanup' },
    { id: randomUUID(), title: 'Tree planting' },
    { id: randomUUID(), title: 'Nothing in range' },
  ];
  const donations: DonationRow[] = [];
  for (let i = 0; i < 30; i++) {
    const status = pick(['completed', 'completed', 'pending', 'refunded']);
    const p = payment({ status, serviceType: 'donation' });
    donations.push({
      id: randomUUID(),
      userId: p.userId,
      campaignId: pick(campaigns.slice(0, 2)).id,
      paymentId: p.id,
      paisa: p.paisa,
      receiptNumber: status === 'pending' ? null : `CCDTEST${String(i).padStart(6, '0')}`,
      completedAt: p.completedAt,
      refundedAt: status === 'refunded' ? new Date(p.completedAt!.getTime() + HOUR) : null,
    });
  }
  // A donation to the third campaign, completed well before the range.
  const early = payment({ status: 'completed', serviceType: 'donation', createdAt: new Date(start - 30 * 24 * HOUR) });
  donations.push({
    id: randomUUID(),
    userId: early.userId,
    campaignId: campaigns[2].id,
    paymentId: early.id,
    paisa: early.paisa,
    receiptNumber: 'CCDTESTEARLY',
    completedAt: early.completedAt,
    refundedAt: null,
  });

  // --- emergencies --------------------------------------------------------------
  const emergencies: EmergencyRow[] = [];
  for (let i = 0; i < 24; i++) {
    const createdAt = randomInstant();
    emergencies.push({
      id: randomUUID(),
      userId: pick(owners).id,
      wardId: pick(wardChoices),
      status: pick(STATUSES),
      escalatedAt: random() < 0.5 ? new Date(createdAt.getTime() + 5 * 60_000) : null,
      createdAt,
    });
  }

  // --- write it all ---------------------------------------------------------------
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  await t.db.query(
    `INSERT INTO complaints (id, tracking_number, user_id, title, description, category, priority, status, location,
                             ward_id, resolved_at, created_at, updated_at)
     SELECT x.id, 'T' || lpad(x.n::text, 10, '0'), x.user_id, 'Dashboard fixture', 'Seeded for the dashboard test',
            x.category, x.priority, x.status, 'Somewhere', x.ward_id, x.resolved_at, x.created_at, x.created_at
       FROM json_to_recordset($1) AS x(id uuid, n int, user_id uuid, category text, priority text, status text,
                                       ward_id uuid, resolved_at timestamptz, created_at timestamptz)`,
    [
      JSON.stringify(
        complaints.map((c, n) => ({
          id: c.id,
          n,
          user_id: c.userId,
          category: c.category,
          priority: c.priority,
          status: c.status,
          ward_id: c.wardId,
          resolved_at: iso(c.resolvedAt),
          created_at: iso(c.createdAt),
        })),
      ),
    ],
  );
  await t.db.query(
    `INSERT INTO complaint_reviews (complaint_id, user_id, rating, created_at)
     SELECT x.complaint_id, x.user_id, x.rating, x.created_at
       FROM json_to_recordset($1) AS x(complaint_id uuid, user_id uuid, rating int, created_at timestamptz)`,
    [
      JSON.stringify(
        reviews.map((r) => ({ complaint_id: r.complaintId, user_id: r.userId, rating: r.rating, created_at: iso(r.createdAt) })),
      ),
    ],
  );
  await t.db.query(
    `INSERT INTO payments (id, user_id, service_type, amount, payment_method, phone_number, status, invoice_number,
                           completed_at, created_at, updated_at)
     SELECT x.id, x.user_id, x.service_type, x.amount, x.method, '01711111111', x.status, 'INV-' || x.id,
            x.completed_at, x.created_at, x.created_at
       FROM json_to_recordset($1) AS x(id uuid, user_id uuid, service_type text, amount numeric, method text, status text,
                                       completed_at timestamptz, created_at timestamptz)`,
    [
      JSON.stringify(
        payments.map((p) => ({
          id: p.id,
          user_id: p.userId,
          service_type: p.serviceType,
          amount: money(p.paisa),
          method: p.method,
          status: p.status,
          completed_at: iso(p.completedAt),
          created_at: iso(p.createdAt),
        })),
      ),
    ],
  );
  for (const c of campaigns) {
    await t.db.query(`INSERT INTO donation_campaigns (id, title, goal, starts_at) VALUES ($1, $2, 1000000, $3)`, [
      c.id,
      c.title,
      new Date(start - 60 * 24 * HOUR),
    ]);
  }
  await t.db.query(
    `INSERT INTO donations (id, user_id, campaign_id, payment_id, amount, receipt_number, completed_at, refunded_at)
     SELECT x.id, x.user_id, x.campaign_id, x.payment_id, x.amount, x.receipt_number, x.completed_at, x.refunded_at
       FROM json_to_recordset($1) AS x(id uuid, user_id uuid, campaign_id uuid, payment_id uuid, amount numeric,
                                       receipt_number text, completed_at timestamptz, refunded_at timestamptz)`,
    [
      JSON.stringify(
        donations.map((d) => ({
          id: d.id,
          user_id: d.userId,
          campaign_id: d.campaignId,
          payment_id: d.paymentId,
          amount: money(d.paisa),
          receipt_number: d.receiptNumber,
          completed_at: iso(d.completedAt),
          refunded_at: iso(d.refundedAt),
        })),
      ),
    ],
  );
  await t.db.query(
    `INSERT INTO emergency_requests (id, user_id, emergency_type, status, description, location, ward_id, escalated_at, created_at, updated_at)
     SELECT x.id, x.user_id, 'অগ্নিকাণ্ড', x.status, 'Fixture', 'Somewhere', x.ward_id, x.escalated_at, x.created_at, x.created_at
       FROM json_to_recordset($1) AS x(id uuid, user_id uuid, status text, ward_id uuid, escalated_at timestamptz, created_at timestamptz)`,
    [
      JSON.stringify(
        emergencies.map((e) => ({
          id: e.id,
          user_id: e.userId,
          status: e.status,
          ward_id: e.wardId,
          escalated_at: iso(e.escalatedAt),
          created_at: iso(e.createdAt),
        })),
      ),
    ],
  );
  return { wards, people: options.people, complaints, reviews, payments, donations, campaigns, emergencies };
}

// --- the expected figures ----------------------------------------------------------------
const inRange = (d: Date | null, range: DayRange): boolean =>
  d !== null && d >= dhakaDayStart(range.from) && d < dhakaDayStart(addDays(range.to, 1));
/** The Dhaka day of an instant, computed with Intl rather than the app's offset arithmetic. */
const dhakaDay = (d: Date): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Dhaka' }).format(d);
const countBy = <T>(rows: T[], key: (row: T) => string | null, keys: Array<string | null>) =>
  keys.map((k) => ({ key: k, count: rows.filter((r) => key(r) === k).length }));
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
const moneyTotals = (rows: Array<{ paisa: number }>) => ({
  count: rows.length,
  total: money(rows.reduce((sum, r) => sum + r.paisa, 0)),
});

export interface ExpectedDashboard {
  /** The response without `generated_at` and the three rounded means (compared with a tolerance). */
  exact: Record<string, unknown>;
  meanHours: number | null;
  medianHours: number | null;
  meanRating: number | null;
}

/** The admin dashboard for `wardIds` (null = city-wide) over `range`, as of `now`. */
export function expectedAdminDashboard(f: Fixture, wardIds: string[] | null, range: DayRange, now: Date): ExpectedDashboard {
  const inScope = (ward: string | null) => wardIds === null || (ward !== null && wardIds.includes(ward));
  const homeWard = new Map(f.people.map((p) => [p.id, p.homeWard]));
  const payerInScope = (userId: string) => inScope(homeWard.get(userId) ?? null);

  const filed = f.complaints.filter((c) => inScope(c.wardId) && inRange(c.createdAt, range));
  const resolved = f.complaints.filter((c) => inScope(c.wardId) && c.status === RESOLVED && inRange(c.resolvedAt, range));
  const hours = resolved.map((c) => (c.resolvedAt!.getTime() - c.createdAt.getTime()) / HOUR);
  const reviews = f.reviews.filter((r) => inScope(r.wardId) && inRange(r.createdAt, range));
  const open = f.complaints.filter((c) => inScope(c.wardId) && OPEN.has(c.status));
  const overdue = PRIORITIES.map((priority) => ({
    priority,
    sla_hours: SLA_HOURS[priority],
    count: open.filter((c) => c.priority === priority && now.getTime() - c.createdAt.getTime() > SLA_HOURS[priority] * HOUR)
      .length,
  }));
  const scopedWards = f.wards.filter((w) => wardIds === null || wardIds.includes(w.id)).sort((a, b) => a.number - b.number);
  const byWard = scopedWards.map((w) => ({
    ward: w.id,
    number: w.number,
    name: w.name,
    name_bn: w.nameBn,
    count: filed.filter((c) => c.wardId === w.id).length,
  }));
  const noWard = filed.filter((c) => c.wardId === null).length;
  if (wardIds === null && noWard > 0)
    byWard.push({ ward: null as never, number: null as never, name: null as never, name_bn: null as never, count: noWard });

  const paid = f.payments.filter((p) => p.status === 'completed' && inRange(p.completedAt, range) && payerInScope(p.userId));
  const days: string[] = [];
  for (let d = range.from; d <= range.to; d = addDays(d, 1)) days.push(d);
  const donated = f.donations.filter(
    (d) => d.receiptNumber !== null && d.refundedAt === null && inRange(d.completedAt, range) && payerInScope(d.userId),
  );
  const byCampaign = f.campaigns
    .map((c) => ({ campaign: c.id, title: c.title, ...moneyTotals(donated.filter((d) => d.campaignId === c.id)) }))
    .filter((c) => c.count > 0)
    .sort((a, b) => Number(b.total) - Number(a.total));
  const openEmergencies = f.emergencies.filter((e) => inScope(e.wardId) && OPEN.has(e.status));
  const users = f.people.filter(
    (p) => p.active && (wardIds === null || inScope(p.homeWard) || p.staffWards.some((w) => wardIds.includes(w))),
  );

  return {
    exact: {
      from: range.from,
      to: range.to,
      wards: wardIds,
      complaints: {
        total: filed.length,
        by_status: countBy(filed, (c) => c.status, STATUSES).map((r) => ({ status: r.key, count: r.count })),
        by_category: countBy(filed, (c) => c.category, CATEGORIES).map((r) => ({ category: r.key, count: r.count })),
        by_priority: countBy(filed, (c) => c.priority, PRIORITIES).map((r) => ({ priority: r.key, count: r.count })),
        by_ward: byWard,
        last_60_minutes: f.complaints.filter((c) => inScope(c.wardId) && now.getTime() - c.createdAt.getTime() <= HOUR).length,
        resolution: { resolved: resolved.length },
        satisfaction: { count: reviews.length },
        overdue: { total: overdue.reduce((sum, r) => sum + r.count, 0), by_priority: overdue },
      },
      payments: {
        ...moneyTotals(paid),
        by_method: METHODS.map((m) => ({ payment_method: m, ...moneyTotals(paid.filter((p) => p.method === m)) })),
        by_day: days.map((date) => ({ date, ...moneyTotals(paid.filter((p) => dhakaDay(p.completedAt!) === date)) })),
      },
      donations: { ...moneyTotals(donated), by_campaign: byCampaign },
      emergencies: { open: openEmergencies.length, escalated: openEmergencies.filter((e) => e.escalatedAt !== null).length },
      users: {
        total: users.length,
        by_role: ROLES.map((role) => ({ role, count: users.filter((u) => u.role === role).length })),
      },
    },
    meanHours: hours.length ? mean(hours) : null,
    medianHours: hours.length ? median(hours) : null,
    meanRating: reviews.length ? mean(reviews.map((r) => r.rating)) : null,
  };
}

/** A figure rounded to two places by the server matches the exact one. */
export function expectRounded(actual: number | null, exact: number | null): void {
  if (exact === null) {
    expect(actual).toBeNull();
    return;
  }
  expect(typeof actual).toBe('number');
  expect(Math.abs((actual as number) - exact)).toBeLessThanOrEqual(0.005 + 1e-9);
}
