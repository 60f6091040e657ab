import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import sharp from 'sharp';
import { dhakaDate } from '../src/common/time/dhaka-time.js';
import { createRoleUsers, createUser, seedGeography, type Geography, type RoleUsers, type TestUser } from './helpers/fixtures.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait.js';

const MISSING = '00000000-0000-4000-8000-000000000000';
const day = (offset: number): string => dhakaDate(new Date(Date.now() + offset * 86_400_000));

describe('waste management', () => {
  let t: TestApp;
  let geo: Geography;
  let u: RoleUsers;
  /** Active citizens of ward 1, besides u.citizen. */
  let ward1Citizens: TestUser[];
  let inactiveCitizen: TestUser;
  let homeless: TestUser;
  let queue: Queue;

  /** How many `waste` notifications about schedule `id` each user has. */
  async function scheduleNotices(users: TestUser[], id: string): Promise<number[]> {
    const res = await t.db.query(
      `SELECT u.id, count(n.id)::int AS n FROM users u
         LEFT JOIN notifications n ON n.user_id = u.id AND n.category = 'waste' AND n.data->>'schedule_id' = $2
        WHERE u.id = ANY($1::uuid[]) GROUP BY u.id`,
      [users.map((x) => x.id), id],
    );
    const byId = new Map(res.rows.map((r: { id: string; n: number }) => [r.id, r.n]));
    return users.map((x) => byId.get(x.id) ?? 0);
  }

  beforeAll(async () => {
    // Batches of two, so a ward of four citizens takes several transactions.
    t = await startTestApp({ env: { WASTE_NOTIFY_BATCH_SIZE: '2' } });
    geo = await seedGeography(t);
    u = await createRoleUsers(t, geo);
    ward1Citizens = [];
    for (let i = 0; i < 3; i++) ward1Citizens.push(await createUser(t, { wardId: geo.wardIds[0], name: `Ward 1 citizen ${i}` }));
    inactiveCitizen = await createUser(t, { wardId: geo.wardIds[0], name: 'Gone' });
    await t.db.query('UPDATE users SET is_active = false WHERE id = $1', [inactiveCitizen.id]);
    homeless = await createUser(t, { name: 'No ward' });
    queue = t.app.get<Queue>(getQueueToken('waste-management'), { strict: false });
  });
  afterAll(() => t?.close());

  describe('schedules', () => {
    const schedule = (overrides: Record<string, unknown> = {}) => ({
      ward: geo.wardIds[0],
      waste_types: ['household', 'organic'],
      weekdays: [3, 0],
      start_time: '07:00',
      end_time: '09:30',
      notes: 'Keep bins at the gate',
      ...overrides,
    });

    it('refuses writes by non-admins and invalid schedules field by field', async () => {
      expect((await t.http.post('/waste-management/schedules', schedule())).status).toBe(401);
      expect((await t.http.post('/waste-management/schedules', schedule(), { token: u.citizen.token })).status).toBe(403);
      expect((await t.http.post('/waste-management/schedules', schedule(), { token: u.staff.token })).status).toBe(403);

      const bad = await t.http.post(
        '/waste-management/schedules',
        schedule({ ward: MISSING.slice(1), waste_types: ['household', 'gold'], weekdays: [0, 7], start_time: '7am' }),
        { token: u.admin.token },
      );
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({
        ward: ['Must be a valid UUID.'],
        waste_types: ['"gold" is not a valid choice.'],
        weekdays: ['Each weekday must be a whole number from 0 (Sunday) to 6 (Saturday).'],
        start_time: ['Time has wrong format. Use HH:MM (24-hour).'],
      });

      const empty = await t.http.post('/waste-management/schedules', schedule({ waste_types: [], weekdays: [] }), {
        token: u.admin.token,
      });
      expect(empty.status).toBe(400);
      expect(Object.keys(empty.body).sort()).toEqual(['waste_types', 'weekdays']);

      const backwards = await t.http.post('/waste-management/schedules', schedule({ start_time: '10:00', end_time: '09:00' }), {
        token: u.admin.token,
      });
      expect(backwards.status).toBe(400);
      expect(backwards.body).toEqual({ end_time: ['The end time must be after the start time.'] });

      const ward = await t.http.post('/waste-management/schedules', schedule({ ward: MISSING }), { token: u.admin.token });
      expect(ward.status).toBe(400);
      expect(ward.body).toEqual({ ward: [`Invalid pk "${MISSING}" - object does not exist.`] });
    });

    it("notifies the ward's active citizens, in batches through the queue, and nobody else", async () => {
      const res = await t.http.post('/waste-management/schedules', schedule(), { token: u.admin.token });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        ward: geo.wardIds[0],
        waste_types: ['household', 'organic'],
        weekdays: [0, 3],
        start_time: '07:00',
        end_time: '09:30',
        is_active: true,
      });
      const id = res.body.id as string;
      const ward1 = [u.citizen, ...ward1Citizens];
      const outsiders = [u.otherCitizen, inactiveCitizen, homeless, u.staff, u.otherStaff, u.admin];

      await waitFor(async () => (await scheduleNotices(ward1, id)).every((n) => n === 1), { what: 'ward 1 notified' });
      const job = await queue.getJob(`ward-schedule-${id}-1-${geo.wardIds[0]}`);
      expect(await job!.finished()).toEqual({ sent: 4, total: 4 });
      expect(await scheduleNotices(outsiders, id)).toEqual(outsiders.map(() => 0));

      const inbox = await t.http.get('/notifications?category=waste', { token: ward1Citizens[0].token });
      expect(inbox.body.results[0]).toMatchObject({ title: 'বর্জ্য সংগ্রহের নতুন সময়সূচি' });
      expect(inbox.body.results[0].body).toContain('রবিবার, বুধবার 07:00–09:30');
      expect(inbox.body.results[0].data).toEqual({ schedule_id: id, ward_id: geo.wardIds[0], change: 'created' });

      const progress = await t.db.query('SELECT sent, completed_at FROM notification_fanouts WHERE key = $1', [
        `waste-schedule:${id}:1:${geo.wardIds[0]}`,
      ]);
      expect(progress.rows[0].sent).toBe(4);
      expect(progress.rows[0].completed_at).not.toBeNull();

      // The same job delivered again (Bull is at-least-once) notifies nobody twice.
      const again = await queue.add('notify-ward-schedule', job!.data, { jobId: `again-${id}` });
      expect(await again.finished()).toEqual({ sent: 0, total: 4 });
      expect(await scheduleNotices(ward1, id)).toEqual([1, 1, 1, 1]);
    });

    it('tells both wards when a schedule moves, and says nothing for a change that changes nothing', async () => {
      const created = await t.http.post('/waste-management/schedules', schedule({ weekdays: [5] }), { token: u.admin.token });
      const id = created.body.id as string;
      const ward1 = [u.citizen, ...ward1Citizens];
      await waitFor(async () => (await scheduleNotices(ward1, id)).every((n) => n === 1), { what: 'created notices' });

      const same = await t.http.patch(
        `/waste-management/schedules/${id}`,
        { weekdays: [5], start_time: '07:00' },
        { token: u.admin.token },
      );
      expect(same.status).toBe(200);

      const updated = await t.http.patch(`/waste-management/schedules/${id}`, { end_time: '11:00' }, { token: u.admin.token });
      expect(updated.status).toBe(200);
      expect(updated.body.end_time).toBe('11:00');
      await waitFor(async () => (await scheduleNotices(ward1, id)).every((n) => n === 2), { what: 'updated notices' });

      const tooEarly = await t.http.patch(`/waste-management/schedules/${id}`, { end_time: '06:00' }, { token: u.admin.token });
      expect(tooEarly.status).toBe(400);
      expect(tooEarly.body).toEqual({ end_time: ['The end time must be after the start time.'] });

      const moved = await t.http.patch(`/waste-management/schedules/${id}`, { ward: geo.wardIds[1] }, { token: u.admin.token });
      expect(moved.status).toBe(200);
      await waitFor(async () => (await scheduleNotices([u.otherCitizen], id))[0] === 1, { what: 'ward 2 told' });
      await waitFor(async () => (await scheduleNotices(ward1, id)).every((n) => n === 3), { what: 'ward 1 told it is gone' });
      const last = await t.db.query(
        `SELECT data->>'change' AS change FROM notifications WHERE user_id = $1 AND data->>'schedule_id' = $2 ORDER BY created_at DESC LIMIT 1`,
        [u.citizen.id, id],
      );
      expect(last.rows[0].change).toBe('deleted');
      // Nothing beyond those: the no-op PATCH and the refused one sent nothing.
      await new Promise((r) => setTimeout(r, 300));
      expect(await scheduleNotices(ward1, id)).toEqual([3, 3, 3, 3]);

      expect((await t.http.delete(`/waste-management/schedules/${id}`, { token: u.admin.token })).status).toBe(204);
      await waitFor(async () => (await scheduleNotices([u.otherCitizen], id))[0] === 2, { what: 'ward 2 told of the deletion' });
      expect((await t.http.get(`/waste-management/schedules/${id}`)).status).toBe(404);
    });

    it('lists active schedules publicly, filtered by ward, weekday and waste type', async () => {
      const inactive = await t.http.post('/waste-management/schedules', schedule({ weekdays: [6], is_active: false }), {
        token: u.admin.token,
      });
      expect(inactive.status).toBe(201);
      const ward2 = await t.http.post(
        '/waste-management/schedules',
        schedule({ ward: geo.wardIds[1], weekdays: [1], waste_types: ['recyclable'], start_time: '06:00', end_time: '07:00' }),
        { token: u.admin.token },
      );

      const publicList = await t.http.get('/waste-management/schedules?page_size=100');
      expect(publicList.status).toBe(200);
      const publicIds = publicList.body.results.map((s: { id: string }) => s.id);
      expect(publicIds).not.toContain(inactive.body.id);
      expect(publicIds).toContain(ward2.body.id);
      expect((await t.http.get(`/waste-management/schedules/${inactive.body.id}`)).status).toBe(404);
      expect((await t.http.get(`/waste-management/schedules/${inactive.body.id}`, { token: u.admin.token })).status).toBe(200);
      const adminInactive = await t.http.get('/waste-management/schedules?is_active=false', { token: u.admin.token });
      expect(adminInactive.body.results.map((s: { id: string }) => s.id)).toEqual([inactive.body.id]);

      const byWard = await t.http.get(`/waste-management/schedules?ward=${geo.wardIds[1]}`);
      expect(byWard.body.results.map((s: { id: string }) => s.id)).toEqual([ward2.body.id]);
      const monday = await t.http.get('/waste-management/schedules?weekday=1');
      expect(monday.body.results.map((s: { id: string }) => s.id)).toEqual([ward2.body.id]);
      const recyclable = await t.http.get('/waste-management/schedules?waste_type=recyclable');
      expect(recyclable.body.results.map((s: { id: string }) => s.id)).toEqual([ward2.body.id]);
      const starts = publicList.body.results.map((s: { start_time: string }) => s.start_time);
      expect(starts).toEqual([...starts].sort());

      const bad = await t.http.get('/waste-management/schedules?weekday=9&waste_type=x&ward=1');
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body).sort()).toEqual(['ward', 'waste_type', 'weekday']);
    });
  });

  describe('collection points', () => {
    const point = (overrides: Record<string, unknown> = {}) => ({
      name: 'Mirpur 10 STS',
      address: 'Mirpur 10 roundabout',
      ward: geo.wardIds[0],
      latitude: 23.8069,
      longitude: 90.3687,
      waste_types: ['household', 'recyclable'],
      ...overrides,
    });

    it('lets admins manage points with valid coordinates and lists them publicly', async () => {
      expect((await t.http.post('/waste-management/collection-points', point(), { token: u.citizen.token })).status).toBe(403);
      const bad = await t.http.post(
        '/waste-management/collection-points',
        point({ latitude: -100, longitude: '190', ward: MISSING }),
        { token: u.admin.token },
      );
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({
        latitude: ['Enter a latitude between -90 and 90.'],
        longitude: ['Enter a longitude between -180 and 180.'],
      });
      const noWard = await t.http.post('/waste-management/collection-points', point({ ward: MISSING }), { token: u.admin.token });
      expect(noWard.status).toBe(400);
      expect(Object.keys(noWard.body)).toEqual(['ward']);

      const a = await t.http.post('/waste-management/collection-points', point(), { token: u.admin.token });
      expect(a.status).toBe(201);
      expect(a.body).toMatchObject({ latitude: 23.8069, longitude: 90.3687, ward: geo.wardIds[0], is_active: true });
      const b = await t.http.post(
        '/waste-management/collection-points',
        point({ name: 'E-waste drop-off', ward: geo.wardIds[1], waste_types: ['electronic'] }),
        { token: u.admin.token },
      );
      const hidden = await t.http.post('/waste-management/collection-points', point({ name: 'Closed', is_active: false }), {
        token: u.admin.token,
      });

      const list = await t.http.get('/waste-management/collection-points');
      expect(list.body.results.map((p: { name: string }) => p.name)).toEqual(['E-waste drop-off', 'Mirpur 10 STS']);
      const ward1 = await t.http.get(`/waste-management/collection-points?ward=${geo.wardIds[0]}`);
      expect(ward1.body.results.map((p: { id: string }) => p.id)).toEqual([a.body.id]);
      const electronic = await t.http.get('/waste-management/collection-points?waste_type=electronic');
      expect(electronic.body.results.map((p: { id: string }) => p.id)).toEqual([b.body.id]);
      expect((await t.http.get(`/waste-management/collection-points/${hidden.body.id}`)).status).toBe(404);

      const nulled = await t.http.patch(
        `/waste-management/collection-points/${a.body.id}`,
        { latitude: null },
        { token: u.admin.token },
      );
      expect(nulled.status).toBe(400);
      expect(nulled.body).toEqual({ latitude: ['This field may not be null.'] });
      const moved = await t.http.patch(
        `/waste-management/collection-points/${a.body.id}`,
        { latitude: 23.81 },
        { token: u.admin.token },
      );
      expect(moved.body).toMatchObject({ latitude: 23.81, longitude: 90.3687 });

      expect((await t.http.delete(`/waste-management/collection-points/${b.body.id}`, { token: u.staff.token })).status).toBe(
        403,
      );
      expect((await t.http.delete(`/waste-management/collection-points/${b.body.id}`, { token: u.admin.token })).status).toBe(
        204,
      );
      expect((await t.http.get(`/waste-management/collection-points/${b.body.id}`)).status).toBe(404);
    });
  });

  describe('pickup requests', () => {
    let secondWardStaff: TestUser;
    const pickup = (overrides: Record<string, unknown> = {}) => ({
      waste_type: 'bulky',
      address: 'House 12, Road 5',
      preferred_date: day(2),
      ...overrides,
    });

    beforeAll(async () => {
      secondWardStaff = await createUser(t, { role: 'staff', staffWardIds: [geo.wardIds[0]], name: 'Staff Ward One B' });
    });

    it('validates the request: type, date today or later, a ward that exists', async () => {
      const bad = await t.http.post(
        '/waste-management/pickup-requests',
        pickup({ waste_type: 'car', preferred_date: day(-1), address: '  ' }),
        { token: u.citizen.token },
      );
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({
        waste_type: ['"car" is not a valid choice.'],
        preferred_date: ['The date cannot be in the past.'],
        address: [expect.any(String)],
      });
      const format = await t.http.post('/waste-management/pickup-requests', pickup({ preferred_date: '2030-02-30' }), {
        token: u.citizen.token,
      });
      expect(format.body).toEqual({ preferred_date: ['Date has wrong format. Use one of these formats instead: YYYY-MM-DD.'] });
      const ward = await t.http.post('/waste-management/pickup-requests', pickup({ ward: MISSING }), { token: u.citizen.token });
      expect(ward.body).toEqual({ ward: [`Invalid pk "${MISSING}" - object does not exist.`] });
      const noHome = await t.http.post('/waste-management/pickup-requests', pickup(), { token: homeless.token });
      expect(noHome.status).toBe(400);
      expect(Object.keys(noHome.body)).toEqual(['ward']);
      const today = await t.http.post('/waste-management/pickup-requests', pickup({ preferred_date: day(0) }), {
        token: u.citizen.token,
      });
      expect(today.status).toBe(201);
    });

    it('assigns each request to the ward staff member with the fewest open pickups and tells them', async () => {
      await t.db.query('DELETE FROM waste_pickup_requests');
      const first = await t.http.post('/waste-management/pickup-requests', pickup(), { token: u.citizen.token });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ status: 'pending', ward: geo.wardIds[0], waste_type: 'bulky', scheduled_date: null });
      const second = await t.http.post('/waste-management/pickup-requests', pickup(), { token: ward1Citizens[0].token });
      const third = await t.http.post('/waste-management/pickup-requests', pickup(), { token: ward1Citizens[1].token });
      const assignees = [first, second, third].map((r) => r.body.assigned_to);
      const firstTwo = new Set(assignees.slice(0, 2));
      expect(firstTwo).toEqual(new Set([u.staff.id, secondWardStaff.id]));
      expect([u.staff.id, secondWardStaff.id]).toContain(assignees[2]);

      const told = await t.db.query(
        `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND data->>'pickup_request_id' = $2`,
        [first.body.assigned_to, first.body.id],
      );
      expect(told.rows[0].n).toBe(1);

      // A ward without staff of its own falls back to staff with no wards (they cover the city).
      const cityWide = await createUser(t, { role: 'staff', name: 'City-wide staff' });
      const moveOtherStaff = (to: string) =>
        t.db.query('UPDATE staff_wards SET ward_id = $1 WHERE user_id = $2', [to, u.otherStaff.id]);
      await moveOtherStaff(geo.wardIds[0]);
      const ward2 = await t.http.post('/waste-management/pickup-requests', pickup(), { token: u.otherCitizen.token });
      await moveOtherStaff(geo.wardIds[1]);
      expect(ward2.body.assigned_to).toBe(cityWide.id);
    });

    it('shows citizens their own and staff their wards; another citizen gets 404', async () => {
      const mine = await t.http.post('/waste-management/pickup-requests', pickup(), { token: u.citizen.token });
      const id = mine.body.id as string;
      expect((await t.http.get(`/waste-management/pickup-requests/${id}`, { token: u.otherCitizen.token })).status).toBe(404);
      expect((await t.http.get(`/waste-management/pickup-requests/${id}`, { token: u.otherStaff.token })).status).toBe(404);
      expect((await t.http.get(`/waste-management/pickup-requests/${id}`, { token: u.staff.token })).status).toBe(200);
      const own = await t.http.get('/waste-management/pickup-requests?page_size=100', { token: u.citizen.token });
      expect(own.body.results.every((r: { user: string }) => r.user === u.citizen.id)).toBe(true);
      const ward2Staff = await t.http.get('/waste-management/pickup-requests?page_size=100', { token: u.otherStaff.token });
      expect(ward2Staff.body.results.every((r: { ward: string }) => r.ward === geo.wardIds[1])).toBe(true);
      const mineAssigned = await t.http.get(`/waste-management/pickup-requests?assigned_to=${u.staff.id}&status=pending`, {
        token: u.admin.token,
      });
      expect(mineAssigned.body.results.every((r: { assigned_to: string }) => r.assigned_to === u.staff.id)).toBe(true);
      const byDate = await t.http.get('/waste-management/pickup-requests?ordering=preferred_date&page_size=100', {
        token: u.admin.token,
      });
      const dates = byDate.body.results.map((r: { preferred_date: string }) => r.preferred_date);
      expect(dates).toEqual([...dates].sort());
    });

    it('moves through its own status flow, telling the citizen by in-app and SMS', async () => {
      const created = await t.http.post('/waste-management/pickup-requests', pickup({ waste_type: 'hazardous' }), {
        token: u.citizen.token,
      });
      const id = created.body.id as string;
      const status = (token: string, json: unknown) =>
        t.http.patch(`/waste-management/pickup-requests/${id}/status`, json, { token });

      expect((await status(u.citizen.token, { status: 'scheduled' })).status).toBe(403);
      expect((await status(u.otherStaff.token, { status: 'scheduled' })).status).toBe(404);
      const skip = await status(u.staff.token, { status: 'completed' });
      expect(skip.status).toBe(400);
      expect(skip.body).toEqual({ status: ['Cannot change the status from "pending" to "completed".'] });
      const unknown = await status(u.staff.token, { status: 'done' });
      expect(unknown.body).toEqual({ status: ['"done" is not a valid choice.'] });
      const past = await status(u.staff.token, { status: 'scheduled', scheduled_date: day(-3) });
      expect(past.body).toEqual({ scheduled_date: ['The date cannot be in the past.'] });

      const scheduled = await status(u.staff.token, { status: 'scheduled', scheduled_date: day(3), note: 'Crew comes at 10' });
      expect(scheduled.status).toBe(200);
      expect(scheduled.body).toMatchObject({ status: 'scheduled', scheduled_date: day(3), staff_note: 'Crew comes at 10' });
      const sms = await waitFor(() => t.sms.to(u.citizen.phone).find((m) => m.message.includes(day(3))), {
        what: 'scheduled SMS',
      });
      expect(sms.message).toContain('নির্ধারিত');

      const cancelScheduled = await t.http.patch(
        `/waste-management/pickup-requests/${id}/cancel`,
        {},
        { token: u.citizen.token },
      );
      expect(cancelScheduled.status).toBe(409);

      const done = await status(u.staff.token, { status: 'completed' });
      expect(done.status).toBe(200);
      expect(done.body.completed_at).not.toBeNull();
      expect((await status(u.admin.token, { status: 'cancelled' })).status).toBe(400);

      const inbox = await t.db.query(
        `SELECT title FROM notifications WHERE user_id = $1 AND data->>'pickup_request_id' = $2 ORDER BY created_at`,
        [u.citizen.id, id],
      );
      expect(inbox.rows.map((r: { title: string }) => r.title)).toEqual([
        'বিশেষ বর্জ্য সংগ্রহ: নির্ধারিত',
        'বিশেষ বর্জ্য সংগ্রহ: সম্পন্ন',
      ]);
      await waitFor(() => t.sms.to(u.citizen.phone).some((m) => m.message.includes('সম্পন্ন')), { what: 'completed SMS' });
    });

    it('lets the requester cancel a pending request, and only the requester', async () => {
      const created = await t.http.post('/waste-management/pickup-requests', pickup(), { token: u.citizen.token });
      const id = created.body.id as string;
      expect(
        (await t.http.patch(`/waste-management/pickup-requests/${id}/cancel`, {}, { token: u.otherCitizen.token })).status,
      ).toBe(404);
      expect((await t.http.patch(`/waste-management/pickup-requests/${id}/cancel`, {}, { token: u.staff.token })).status).toBe(
        403,
      );
      const cancelled = await t.http.patch(`/waste-management/pickup-requests/${id}/cancel`, undefined, {
        token: u.citizen.token,
      });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe('cancelled');
      const crew = await t.db.query(
        `SELECT title FROM notifications WHERE user_id = $1 AND data->>'pickup_request_id' = $2 ORDER BY created_at`,
        [created.body.assigned_to, id],
      );
      expect(crew.rows.map((r: { title: string }) => r.title)).toEqual([
        'নতুন বিশেষ বর্জ্য সংগ্রহের অনুরোধ',
        'বিশেষ বর্জ্য সংগ্রহের অনুরোধ বাতিল',
      ]);
    });
  });

  describe('guidelines', () => {
    it('lists published posts publicly; admins manage them and their image', async () => {
      const post = (json: Record<string, unknown>) => t.http.post('/waste-management/guidelines', json, { token: u.admin.token });
      const base = {
        title: 'How to separate kitchen waste',
        content: 'Use a green bin for food scraps.',
        category: 'segregation',
      };
      expect((await t.http.post('/waste-management/guidelines', base, { token: u.citizen.token })).status).toBe(403);
      const bad = await post({ ...base, category: 'gossip', title: '' });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body).sort()).toEqual(['category', 'title']);

      const a = await post(base);
      expect(a.status).toBe(201);
      expect(a.body).toMatchObject({ is_published: true, image_url: null, category: 'segregation' });
      const b = await post({
        title: 'Plastic bottles',
        content: 'Rinse and flatten them before recycling.',
        category: 'recycling',
      });
      const draft = await post({ ...base, title: 'Draft on composting', category: 'composting', is_published: false });

      const list = await t.http.get('/waste-management/guidelines');
      const ids = list.body.results.map((g: { id: string }) => g.id);
      expect(ids).toEqual([b.body.id, a.body.id]);
      expect((await t.http.get(`/waste-management/guidelines/${draft.body.id}`)).status).toBe(404);
      expect((await t.http.get(`/waste-management/guidelines/${draft.body.id}`, { token: u.admin.token })).status).toBe(200);
      const drafts = await t.http.get('/waste-management/guidelines?is_published=false', { token: u.admin.token });
      expect(drafts.body.results.map((g: { id: string }) => g.id)).toEqual([draft.body.id]);
      const search = await t.http.get('/waste-management/guidelines?search=FLATTEN');
      expect(search.body.results.map((g: { id: string }) => g.id)).toEqual([b.body.id]);
      const byCategory = await t.http.get('/waste-management/guidelines?category=segregation');
      expect(byCategory.body.results.map((g: { id: string }) => g.id)).toEqual([a.body.id]);

      const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#2a7' } })
        .png()
        .toBuffer();
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'bins.png');
      const uploaded = await t.http.request('POST', `/waste-management/guidelines/${a.body.id}/image`, {
        token: u.admin.token,
        body: form,
      });
      expect(uploaded.status).toBe(201);
      expect(uploaded.body.image_url).toMatch(/^http:\/\/media\.test\/media\/public\/waste-guidelines\/.+\.png$/);

      const text = new FormData();
      text.append('file', new Blob(['not an image'], { type: 'image/png' }), 'fake.png');
      const refused = await t.http.request('POST', `/waste-management/guidelines/${a.body.id}/image`, {
        token: u.admin.token,
        body: text,
      });
      expect(refused.status).toBe(415);

      const unpublished = await t.http.patch(
        `/waste-management/guidelines/${b.body.id}`,
        { is_published: false },
        { token: u.admin.token },
      );
      expect(unpublished.body.is_published).toBe(false);
      expect((await t.http.get('/waste-management/guidelines')).body.count).toBe(1);
      expect((await t.http.delete(`/waste-management/guidelines/${a.body.id}`, { token: u.admin.token })).status).toBe(204);
      expect((await t.http.get(`/waste-management/guidelines/${a.body.id}`, { token: u.admin.token })).status).toBe(404);
    });
  });

  it('lists the waste-management choice sets', async () => {
    const res = await t.http.get('/meta/choices');
    expect(res.body.pickup_status.map((c: { value: string }) => c.value)).toEqual([
      'pending',
      'scheduled',
      'completed',
      'cancelled',
    ]);
    expect(res.body.waste_type.map((c: { value: string }) => c.value)).toContain('household');
    expect(res.body.weekday[0]).toEqual({ value: '0', label_bn: 'রবিবার', label_en: 'Sunday' });
    expect(res.body.guideline_category.map((c: { value: string }) => c.value)).toContain('recycling');
  });
});
