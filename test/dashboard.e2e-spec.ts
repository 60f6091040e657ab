import { randomUUID } from 'node:crypto';
import { dhakaDate } from '../src/common/time/dhaka-time.js';
import { addDays, type DayRange } from '../src/modules/dashboard/report-periods.js';
import {
  expectedAdminDashboard,
  expectRounded,
  money,
  person,
  roleUserPeople,
  seedDashboardData,
  STATUSES,
  type Fixture,
} from './helpers/dashboard-fixtures.js';
import { createRoleUsers, createUser, seedGeography, type Geography, type RoleUsers, type TestUser } from './helpers/fixtures.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const HOUR = 3_600_000;

describe('dashboard', () => {
  let t: TestApp;
  let geo: Geography;
  let u: RoleUsers;
  let homeless: TestUser;
  let cityWideStaff: TestUser;
  let f: Fixture;
  let range: DayRange;
  let seededAt: Date;

  /** Compares a dashboard answer with the figures computed from the fixture. */
  function expectDashboard(body: Record<string, any>, wardIds: string[] | null, r: DayRange): void {
    const expected = expectedAdminDashboard(f, wardIds, r, seededAt);
    const { generated_at: generatedAt, ...rest } = body;
    expect(generatedAt).toMatch(/\+06:00$/);
    const { mean_hours: meanHours, median_hours: medianHours, ...resolution } = rest.complaints.resolution;
    const { mean_rating: meanRating, ...satisfaction } = rest.complaints.satisfaction;
    expect({ ...rest, complaints: { ...rest.complaints, resolution, satisfaction } }).toEqual(expected.exact);
    expectRounded(meanHours, expected.meanHours);
    expectRounded(medianHours, expected.medianHours);
    expectRounded(meanRating, expected.meanRating);
  }

  beforeAll(async () => {
    t = await startTestApp({ env: { DASHBOARD_CACHE_TTL_SECONDS: '0' } });
    geo = await seedGeography(t);
    u = await createRoleUsers(t, geo);
    homeless = await createUser(t, { role: 'citizen', name: 'No home ward' });
    cityWideStaff = await createUser(t, { role: 'staff', name: 'City-wide staff' });
    const inactive = await createUser(t, { role: 'citizen', wardId: geo.wardIds[0], name: 'Gone' });
    await t.db.query('UPDATE users SET is_active = false WHERE id = $1', [inactive.id]);

    const people = [
      ...roleUserPeople(u, geo),
      person(homeless, null),
      person(cityWideStaff, null),
      person(inactive, geo.wardIds[0], [], false),
    ];
    const today = dhakaDate();
    range = { from: addDays(today, -20), to: addDays(today, -10) };
    seededAt = new Date();
    f = await seedDashboardData(t, {
      geo,
      people,
      owners: [people[0], people[1], people[5]],
      range,
      now: seededAt,
    });
  });
  afterAll(() => t?.close());

  describe('GET dashboard/admin', () => {
    const query = (r: DayRange, extra = '') => `/dashboard/admin?from=${r.from}&to=${r.to}${extra}`;

    it('gives an admin every figure city-wide, equal to the counts computed from the data', async () => {
      const res = await t.http.get(query(range), { token: u.admin.token });
      expect(res.status).toBe(200);
      expectDashboard(res.body, null, range);
      // The data really exercises every figure.
      expect(res.body.complaints.total).toBeGreaterThan(40);
      expect(res.body.complaints.by_ward.at(-1)).toMatchObject({ ward: null });
      expect(res.body.complaints.overdue.total).toBeGreaterThan(0);
      expect(res.body.complaints.last_60_minutes).toBe(3);
      expect(res.body.payments.count).toBeGreaterThan(5);
      expect(res.body.donations.by_campaign.length).toBe(2);
      expect(res.body.emergencies.open).toBeGreaterThan(0);
      expect(res.body.users.by_role).toEqual([
        { role: 'citizen', count: 3 },
        { role: 'staff', count: 3 },
        { role: 'admin', count: 1 },
      ]);
    });

    it('counts Dhaka days: a day includes its first and last millisecond and nothing either side', async () => {
      // The range's first and last days have complaints and payments at their edges; the third day payments a minute either side of midnight.
      for (const day of [range.from, range.to, addDays(range.from, 2)]) {
        const oneDay = { from: day, to: day };
        const res = await t.http.get(query(oneDay), { token: u.admin.token });
        expect(res.status).toBe(200);
        expectDashboard(res.body, null, oneDay);
        expect(res.body.payments.by_day).toHaveLength(1);
        expect(res.body.payments.by_day[0].count).toBeGreaterThan(0);
      }
    });

    it('defaults to the last 30 days up to today', async () => {
      const res = await t.http.get('/dashboard/admin', { token: u.admin.token });
      expect(res.status).toBe(200);
      const today = dhakaDate();
      const last30 = { from: addDays(today, -29), to: today };
      expectDashboard(res.body, null, last30);
      expect(res.body.payments.by_day).toHaveLength(30);
    });

    it('narrows an admin to one ward with ?ward=', async () => {
      const res = await t.http.get(query(range, `&ward=${geo.wardIds[1]}`), { token: u.admin.token });
      expect(res.status).toBe(200);
      expectDashboard(res.body, [geo.wardIds[1]], range);
      expect(res.body.complaints.by_ward.map((w: { ward: string }) => w.ward)).toEqual([geo.wardIds[1]]);
    });

    it('shows staff only their wards, and refuses another ward', async () => {
      const res = await t.http.get(query(range), { token: u.staff.token });
      expect(res.status).toBe(200);
      expectDashboard(res.body, [geo.wardIds[0]], range);
      expect(res.body.wards).toEqual([geo.wardIds[0]]);
      expect(res.body.users.by_role).toEqual([
        { role: 'citizen', count: 1 },
        { role: 'staff', count: 1 },
        { role: 'admin', count: 0 },
      ]);

      const own = await t.http.get(query(range, `&ward=${geo.wardIds[0]}`), { token: u.staff.token });
      expect(own.status).toBe(200);
      expectDashboard(own.body, [geo.wardIds[0]], range);

      const other = await t.http.get(query(range, `&ward=${geo.wardIds[1]}`), { token: u.staff.token });
      expect(other.status).toBe(403);
      expect(other.body).toEqual({ detail: 'You do not work in this ward.' });
    });

    it('shows staff without wards every ward', async () => {
      const res = await t.http.get(query(range), { token: cityWideStaff.token });
      expect(res.status).toBe(200);
      expectDashboard(res.body, null, range);
      const one = await t.http.get(query(range, `&ward=${geo.wardIds[1]}`), { token: cityWideStaff.token });
      expect(one.status).toBe(200);
      expectDashboard(one.body, [geo.wardIds[1]], range);
    });

    it('is for staff and admins only', async () => {
      expect((await t.http.get('/dashboard/admin', { token: u.citizen.token })).status).toBe(403);
      expect((await t.http.get('/dashboard/admin')).status).toBe(401);
    });

    it.each([
      ['from=2026-02-30', 'from'],
      ['to=yesterday', 'to'],
      ['ward=not-a-uuid', 'ward'],
      ['colour=blue', 'colour'],
    ])('refuses %s with a field error', async (qs, field) => {
      const res = await t.http.get(`/dashboard/admin?${qs}`, { token: u.admin.token });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body)).toEqual([field]);
    });

    it('refuses a range that ends before it starts, or spans more than 366 days, and an unknown ward', async () => {
      const backwards = await t.http.get('/dashboard/admin?from=2026-03-02&to=2026-03-01', { token: u.admin.token });
      expect(backwards.status).toBe(400);
      expect(backwards.body).toEqual({ from: ['Must not be later than to.'] });

      const long = await t.http.get('/dashboard/admin?from=2024-01-01&to=2025-01-01', { token: u.admin.token });
      expect(long.status).toBe(400);
      expect(long.body).toEqual({ non_field_errors: ['The range may cover at most 366 days.'] });
      const leapYear = await t.http.get('/dashboard/admin?from=2024-01-01&to=2024-12-31', { token: u.admin.token });
      expect(leapYear.status).toBe(200);

      const unknown = randomUUID();
      const res = await t.http.get(`/dashboard/admin?ward=${unknown}`, { token: u.admin.token });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ ward: [`Invalid pk "${unknown}" - object does not exist.`] });
    });
  });

  describe('GET dashboard (citizen)', () => {
    it("counts only the caller's own complaints, payments and donations", async () => {
      for (const user of [u.citizen, u.otherCitizen, homeless]) {
        const res = await t.http.get('/dashboard', { token: user.token });
        expect(res.status).toBe(200);
        const mine = f.complaints.filter((c) => c.userId === user.id);
        const completed = f.payments.filter((p) => p.userId === user.id && p.status === 'completed');
        const donated = f.donations.filter((d) => d.userId === user.id && d.receiptNumber && !d.refundedAt);
        expect(res.body.complaints).toEqual({
          total: mine.length,
          by_status: STATUSES.map((status) => ({ status, count: mine.filter((c) => c.status === status).length })),
        });
        expect(res.body.payments).toEqual({
          completed_count: completed.length,
          completed_total: money(completed.reduce((sum, p) => sum + p.paisa, 0)),
          pending_count: f.payments.filter((p) => p.userId === user.id && p.status === 'pending').length,
        });
        expect(res.body.donations).toEqual({
          count: donated.length,
          total: money(donated.reduce((sum, d) => sum + d.paisa, 0)),
        });
        expect(mine.length).toBeGreaterThan(0);
        expect(completed.length).toBeGreaterThan(0);
      }
    });

    it('gives a new user zeros', async () => {
      const fresh = await createUser(t, { role: 'citizen', wardId: geo.wardIds[0] });
      const res = await t.http.get('/dashboard', { token: fresh.token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        complaints: { total: 0 },
        payments: { completed_count: 0, completed_total: '0.00', pending_count: 0 },
        donations: { count: 0, total: '0.00' },
        unread_notifications: 0,
      });
      expect(res.body.complaints.by_status.every((s: { count: number }) => s.count === 0)).toBe(true);
    });

    it('counts unread notices and notifications meant for the caller', async () => {
      const citizen = await createUser(t, { role: 'citizen', wardId: geo.wardIds[0] });
      const now = Date.now();
      const notice = async (allWards: boolean, wards: string[], publishedAgoH: number, expiresInH: number | null) => {
        const { rows } = await t.db.query(
          `INSERT INTO notices (title, content, category, all_wards, published_at, expires_at)
           VALUES ('N', 'Body', 'general', $1, $2, $3) RETURNING id`,
          [allWards, new Date(now - publishedAgoH * HOUR), expiresInH === null ? null : new Date(now + expiresInH * HOUR)],
        );
        for (const w of wards) await t.db.query('INSERT INTO notice_wards (notice_id, ward_id) VALUES ($1, $2)', [rows[0].id, w]);
        return rows[0].id as string;
      };
      const before = (await t.http.get('/dashboard', { token: citizen.token })).body.unread_notices as number;
      await notice(true, [], 1, null); // for everyone: unread
      await notice(false, [geo.wardIds[0]], 1, 24); // for the citizen's ward: unread
      const read = await notice(true, [], 1, null);
      await t.db.query('INSERT INTO notice_views (notice_id, user_id) VALUES ($1, $2)', [read, citizen.id]);
      await notice(false, [geo.wardIds[1]], 1, null); // another ward
      await notice(true, [], 48, -1); // expired
      await notice(true, [], -5, null); // not yet published
      for (const [userId, readAt] of [
        [citizen.id, null],
        [citizen.id, null],
        [citizen.id, new Date()],
        [u.otherCitizen.id, null],
      ] as const) {
        await t.db.query(
          `INSERT INTO notifications (user_id, category, title, body, read_at) VALUES ($1, 'system', 'T', 'B', $2)`,
          [userId, readAt],
        );
      }
      const res = await t.http.get('/dashboard', { token: citizen.token });
      expect(res.status).toBe(200);
      expect(res.body.unread_notices).toBe(before + 2);
      expect(res.body.unread_notifications).toBe(2);
    });

    it("lists the next five events of the caller's ward and city-wide ones, soonest first", async () => {
      const now = Date.now();
      const event = async (title: string, ward: string | null, startH: number, endH: number) => {
        const { rows } = await t.db.query(
          `INSERT INTO calendar_events (title, event_type, start_at, end_at, ward_id) VALUES ($1, 'special_event', $2, $3, $4) RETURNING id`,
          [title, new Date(now + startH * HOUR), new Date(now + endH * HOUR), ward],
        );
        return rows[0].id as string;
      };
      const ongoing = await event('ongoing city-wide', null, -2, 2);
      await event('over', null, -5, -1);
      await event('other ward', geo.wardIds[1], 1, 2);
      const e1 = await event('ward soon', geo.wardIds[0], 3, 4);
      const e2 = await event('city later', null, 10, 11);
      const e3 = await event('instant', null, 20, 20);
      const e4 = await event('ward later', geo.wardIds[0], 30, 31);
      await event('sixth', null, 40, 41);
      const res = await t.http.get('/dashboard', { token: u.citizen.token });
      expect(res.status).toBe(200);
      expect(res.body.upcoming_events.map((e: { id: string }) => e.id)).toEqual([ongoing, e1, e2, e3, e4]);
      expect(res.body.upcoming_events[1]).toMatchObject({
        title: 'ward soon',
        ward: geo.wardIds[0],
        event_type: 'special_event',
      });
      const other = await t.http.get('/dashboard', { token: u.otherCitizen.token });
      expect(other.body.upcoming_events.map((e: { title: string }) => e.title)).toEqual([
        'ongoing city-wide',
        'other ward',
        'city later',
        'instant',
        'sixth',
      ]);
    });

    it('needs a token', async () => {
      expect((await t.http.get('/dashboard')).status).toBe(401);
    });
  });
});

describe('dashboard cache and SLA settings', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ env: { DASHBOARD_CACHE_TTL_SECONDS: '30', COMPLAINT_SLA_HOURS_HIGH: '2' } });
    const geo = await seedGeography(t);
    admin = (await createRoleUsers(t, geo)).admin;
  });
  afterAll(() => t?.close());

  const complaint = (priority: string, ageHours: number) =>
    t.db.query(
      `INSERT INTO complaints (tracking_number, user_id, title, description, category, priority, status, location, created_at)
       VALUES ('C' || floor(random() * 1e12)::text, $1, 'x', 'y', 'অন্যান্য', $2, 'জমা দেওয়া হয়েছে', 'z', now() - $3 * interval '1 hour')`,
      [admin.id, priority, ageHours],
    );

  it('counts a high-priority complaint overdue after COMPLAINT_SLA_HOURS_HIGH, and reuses an answer for the same range', async () => {
    await complaint('উচ্চ', 3); // past the 2-hour SLA
    await complaint('উচ্চ', 1);
    await complaint('মধ্যম', 3); // within the default 72 hours
    const first = await t.http.get('/dashboard/admin', { token: admin.token });
    expect(first.status).toBe(200);
    expect(first.body.complaints.overdue.by_priority[0]).toEqual({ priority: 'উচ্চ', sla_hours: 2, count: 1 });
    expect(first.body.complaints.overdue.total).toBe(1);
    expect(first.body.complaints.total).toBe(3);

    await complaint('উচ্চ', 5);
    const cached = await t.http.get('/dashboard/admin', { token: admin.token });
    expect(cached.body).toEqual(first.body);

    // Another range is another entry, computed afresh.
    const today = dhakaDate();
    const fresh = await t.http.get(`/dashboard/admin?from=${addDays(today, -6)}&to=${today}`, { token: admin.token });
    expect(fresh.body.complaints.total).toBe(4);
    expect(fresh.body.complaints.overdue.total).toBe(2);
  });
});
