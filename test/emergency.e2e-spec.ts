import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import type { Socket } from 'socket.io-client';
import { createRoleUsers, createUser, seedGeography, type Geography, type RoleUsers, type TestUser } from './helpers/fixtures.js';
import { connectSocket, connected, nextEvent } from './helpers/sockets.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait.js';

const SUBMITTED = 'জমা দেওয়া হয়েছে';
const IN_PROGRESS = 'প্রক্রিয়াধীন';
const RESOLVED = 'সমাধান হয়েছে';
const CANCELLED = 'বাতিল';
const ESCALATION_DELAY_MS = 800;

describe('emergency', () => {
  let t: TestApp;
  let geo: Geography;
  let u: RoleUsers;
  let cityWideStaff: TestUser;
  let inactiveStaff: TestUser;
  let secondAdmin: TestUser;
  let homeless: TestUser;
  let queue: Queue;

  const body = (overrides: Record<string, unknown> = {}) => ({
    emergency_type: 'অগ্নিকাণ্ড',
    description: 'Kitchen fire on the third floor',
    location: 'House 12, Road 5, Mirpur',
    latitude: 23.8103,
    longitude: 90.4125,
    ...overrides,
  });

  /** The caller's in-app notifications about one emergency request. */
  async function alertsAbout(user: TestUser, requestId: string): Promise<Array<{ title: string; category: string }>> {
    const res = await t.http.get('/notifications?category=emergency&page_size=100', { token: user.token });
    expect(res.status).toBe(200);
    return res.body.results.filter((n: { data: Record<string, string> }) => n.data.emergency_request_id === requestId);
  }

  async function escalationJob(requestId: string) {
    return waitFor(() => queue.getJob(`escalate-emergency-${requestId}`), { what: 'escalation job in Bull' });
  }

  beforeAll(async () => {
    t = await startTestApp({ env: { EMERGENCY_ESCALATION_DELAY_MS: String(ESCALATION_DELAY_MS) } });
    geo = await seedGeography(t);
    u = await createRoleUsers(t, geo);
    cityWideStaff = await createUser(t, { role: 'staff', name: 'City-wide staff' });
    inactiveStaff = await createUser(t, { role: 'staff', staffWardIds: [geo.wardIds[0]], name: 'Inactive staff' });
    await t.db.query('UPDATE users SET is_active = false WHERE id = $1', [inactiveStaff.id]);
    secondAdmin = await createUser(t, { role: 'admin', name: 'Second admin' });
    homeless = await createUser(t, { role: 'citizen', name: 'No home ward' });
    queue = t.app.get<Queue>(getQueueToken('emergency'), { strict: false });
  });
  afterAll(() => t?.close());

  /** Connected sockets of `user`, recording every `event` they receive. */
  const sockets: Socket[] = [];
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  async function listen(user: TestUser, event: string): Promise<{ socket: Socket; received: Array<{ id: string }> }> {
    const socket = await connected(connectSocket(t.url, { token: user.token }));
    sockets.push(socket);
    const received: Array<{ id: string }> = [];
    socket.on(event, (payload: { id: string }) => received.push(payload));
    return { socket, received };
  }

  describe('contacts', () => {
    it('lists the seeded national hotlines publicly, 999 first', async () => {
      const res = await t.http.get('/emergency/contacts?page_size=100');
      expect(res.status).toBe(200);
      const phones = res.body.results.map((c: { phone: string }) => c.phone);
      expect(phones[0]).toBe('999');
      expect(phones).toEqual(expect.arrayContaining(['999', '102', '16263', '109', '1098', '333']));
      for (const c of res.body.results) expect(c.ward).toBeNull();
      const fire = res.body.results.find((c: { phone: string }) => c.phone === '102');
      expect(fire).toMatchObject({ contact_type: 'fire', ward: null });
    });

    it('lets admins manage them, shows a ward its own numbers beside the national ones', async () => {
      const own = await t.http.post(
        '/emergency/contacts',
        { contact_type: 'city_corporation', name: 'Ward 1 control room', phone: '+880 2-5505-1234', ward: geo.wardIds[0] },
        { token: u.admin.token },
      );
      expect(own.status).toBe(201);
      expect(own.body).toMatchObject({ phone: '+880255051234', ward: geo.wardIds[0], sort_order: 100, description: null });
      const other = await t.http.post(
        '/emergency/contacts',
        { contact_type: 'hospital', name: 'Ward 2 clinic', phone: '0171000000', ward: geo.wardIds[1] },
        { token: u.admin.token },
      );
      expect(other.status).toBe(201);

      const ward1 = await t.http.get(`/emergency/contacts?ward=${geo.wardIds[0]}&page_size=100`);
      const ids = ward1.body.results.map((c: { id: string }) => c.id);
      expect(ids).toContain(own.body.id);
      expect(ids).not.toContain(other.body.id);
      expect(ward1.body.results.some((c: { phone: string }) => c.phone === '999')).toBe(true);

      const byType = await t.http.get('/emergency/contacts?contact_type=hospital');
      expect(byType.body.results.map((c: { id: string }) => c.id)).toEqual([other.body.id]);

      const patched = await t.http.patch(
        `/emergency/contacts/${own.body.id}`,
        { ward: null, sort_order: 50 },
        { token: u.admin.token },
      );
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ ward: null, sort_order: 50 });

      expect((await t.http.delete(`/emergency/contacts/${other.body.id}`, { token: u.admin.token })).status).toBe(204);
      expect((await t.http.get(`/emergency/contacts/${other.body.id}`)).status).toBe(404);
    });

    it('refuses writes by citizens and staff, and invalid contacts field by field', async () => {
      const valid = { contact_type: 'police', name: 'Thana', phone: '01712345678' };
      expect((await t.http.post('/emergency/contacts', valid, { token: u.citizen.token })).status).toBe(403);
      expect((await t.http.post('/emergency/contacts', valid, { token: u.staff.token })).status).toBe(403);
      expect((await t.http.post('/emergency/contacts', valid)).status).toBe(401);

      const bad = await t.http.post(
        '/emergency/contacts',
        { contact_type: 'pizza', name: '', phone: 'call me', ward: 'nope' },
        { token: u.admin.token },
      );
      expect(bad.status).toBe(400);
      expect(bad.body.contact_type).toEqual(['"pizza" is not a valid choice.']);
      expect(Object.keys(bad.body).sort()).toEqual(['contact_type', 'name', 'phone', 'ward']);

      const missingWard = '00000000-0000-4000-8000-000000000000';
      const unknownWard = await t.http.post('/emergency/contacts', { ...valid, ward: missingWard }, { token: u.admin.token });
      expect(unknownWard.status).toBe(400);
      expect(unknownWard.body).toEqual({ ward: [`Invalid pk "${missingWard}" - object does not exist.`] });

      const created = await t.http.post('/emergency/contacts', valid, { token: u.admin.token });
      const nulled = await t.http.patch(`/emergency/contacts/${created.body.id}`, { name: null }, { token: u.admin.token });
      expect(nulled.status).toBe(400);
      expect(nulled.body).toEqual({ name: ['This field may not be null.'] });
    });
  });

  describe('requests', () => {
    it('validates every field of a new request', async () => {
      expect((await t.http.post('/emergency/requests', body())).status).toBe(401);

      const empty = await t.http.post('/emergency/requests', {}, { token: u.citizen.token });
      expect(empty.status).toBe(400);
      expect(empty.body).toEqual({
        emergency_type: ['This field is required.'],
        description: ['This field is required.'],
        location: ['This field is required.'],
      });

      const bad = await t.http.post('/emergency/requests', body({ emergency_type: 'fire', latitude: 91, longitude: -181 }), {
        token: u.citizen.token,
      });
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({
        emergency_type: ['"fire" is not a valid choice.'],
        latitude: ['Enter a latitude between -90 and 90.'],
        longitude: ['Enter a longitude between -180 and 180.'],
      });

      const half = await t.http.post('/emergency/requests', body({ longitude: undefined }), { token: u.citizen.token });
      expect(half.status).toBe(400);
      expect(half.body).toEqual({ longitude: ['This field is required.'] });

      const priority = await t.http.post('/emergency/requests', body({ priority: 'নিম্ন' }), { token: u.citizen.token });
      expect(priority.status).toBe(400);
      expect(priority.body).toEqual({ priority: ['This field is not allowed.'] });

      const missingWard = '00000000-0000-4000-8000-000000000000';
      const ward = await t.http.post('/emergency/requests', body({ ward: missingWard }), { token: u.citizen.token });
      expect(ward.status).toBe(400);
      expect(ward.body).toEqual({ ward: [`Invalid pk "${missingWard}" - object does not exist.`] });
    });

    it('records a high-priority request in the home ward and alerts only the staff covering it', async () => {
      const res = await t.http.post('/emergency/requests', body(), { token: u.citizen.token });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        user: u.citizen.id,
        user_name: 'Citizen One',
        user_phone: u.citizen.phone,
        emergency_type: 'অগ্নিকাণ্ড',
        priority: 'উচ্চ',
        status: SUBMITTED,
        ward: geo.wardIds[0],
        latitude: 23.8103,
        longitude: 90.4125,
        assigned_to: null,
        accepted_at: null,
        responded_at: null,
        escalated_at: null,
      });
      expect(res.body.created_at).toMatch(/\+06:00$/);
      const id = res.body.id as string;

      // The alerts are written in the request's own transaction: there when it answers.
      for (const alerted of [u.staff, cityWideStaff]) {
        const alerts = await alertsAbout(alerted, id);
        expect(alerts).toHaveLength(1);
        expect(alerts[0].title).toContain('অগ্নিকাণ্ড');
      }
      for (const notAlerted of [u.otherStaff, u.citizen, u.otherCitizen, u.admin]) {
        expect(await alertsAbout(notAlerted, id)).toHaveLength(0);
      }
      const inactive = await t.db.query(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1`, [inactiveStaff.id]);
      expect(inactive.rows[0].n).toBe(0);
    });

    it('pushes the emergency_request socket event to the staff covering the ward, and to no one else', async () => {
      const staff = await listen(u.staff, 'emergency_request');
      const outside = await listen(u.otherStaff, 'emergency_request');
      const requester = await listen(u.citizen, 'emergency_request');
      const got = nextEvent(staff.socket, 'emergency_request');
      const res = await t.http.post('/emergency/requests', body({ emergency_type: 'পুলিশ' }), { token: u.citizen.token });
      expect(res.status).toBe(201);
      expect(await got).toEqual(res.body);
      // Delivery to the other rooms would have arrived by now.
      await new Promise((r) => setTimeout(r, 300));
      expect(outside.received).toEqual([]);
      expect(requester.received).toEqual([]);
    });

    it('alerts every active staff member when no ward is known', async () => {
      const res = await t.http.post('/emergency/requests', body({ latitude: null, longitude: null }), { token: homeless.token });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ ward: null, latitude: null, longitude: null });
      for (const alerted of [u.staff, u.otherStaff, cityWideStaff])
        expect(await alertsAbout(alerted, res.body.id)).toHaveLength(1);
      // Staff of any ward were alerted, so any of them may see it.
      expect((await t.http.get(`/emergency/requests/${res.body.id}`, { token: u.otherStaff.token })).status).toBe(200);
    });

    it('shows citizens their own, staff their wards, admins everything', async () => {
      const mine = await t.http.post('/emergency/requests', body({ emergency_type: 'পুলিশ' }), { token: u.citizen.token });
      const theirs = await t.http.post('/emergency/requests', body({ emergency_type: 'চিকিৎসা জরুরি' }), {
        token: u.otherCitizen.token,
      });
      expect(theirs.body.ward).toBe(geo.wardIds[1]);

      expect((await t.http.get(`/emergency/requests/${mine.body.id}`, { token: u.otherCitizen.token })).status).toBe(404);
      expect((await t.http.get(`/emergency/requests/${mine.body.id}`, { token: u.otherStaff.token })).status).toBe(404);
      expect((await t.http.get(`/emergency/requests/${mine.body.id}`, { token: u.staff.token })).status).toBe(200);
      expect((await t.http.get(`/emergency/requests/${mine.body.id}`, { token: cityWideStaff.token })).status).toBe(200);
      expect((await t.http.get('/emergency/requests/not-a-uuid', { token: u.admin.token })).status).toBe(404);

      const citizenList = await t.http.get('/emergency/requests?page_size=100', { token: u.otherCitizen.token });
      expect(citizenList.body.results.map((r: { id: string }) => r.id)).toEqual([theirs.body.id]);

      const staffList = await t.http.get('/emergency/requests?page_size=100', { token: u.staff.token });
      const staffWards = new Set(staffList.body.results.map((r: { ward: string | null }) => r.ward));
      expect([...staffWards].every((w) => w === geo.wardIds[0] || w === null)).toBe(true);
      expect(staffList.body.results.map((r: { id: string }) => r.id)).not.toContain(theirs.body.id);

      const adminList = await t.http.get(`/emergency/requests?emergency_type=${encodeURIComponent('চিকিৎসা জরুরি')}`, {
        token: u.admin.token,
      });
      expect(adminList.body.results.map((r: { id: string }) => r.id)).toEqual([theirs.body.id]);
      const byWard = await t.http.get(`/emergency/requests?ward=${geo.wardIds[1]}`, { token: u.admin.token });
      expect(byWard.body.count).toBe(1);
      const oldestFirst = await t.http.get('/emergency/requests?ordering=created_at&page_size=100', { token: u.admin.token });
      const times = oldestFirst.body.results.map((r: { created_at: string }) => Date.parse(r.created_at));
      expect(times).toEqual([...times].sort((a, b) => a - b));

      const bad = await t.http.get('/emergency/requests?status=done&ordering=priority', { token: u.admin.token });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body).sort()).toEqual(['ordering', 'status']);
    });

    it('lets one staff member accept, tells the requester, and refuses a second taker with 409', async () => {
      const created = await t.http.post('/emergency/requests', body({ emergency_type: 'চিকিৎসা জরুরি' }), {
        token: u.citizen.token,
      });
      const id = created.body.id as string;

      expect((await t.http.patch(`/emergency/requests/${id}/accept`, {}, { token: u.citizen.token })).status).toBe(403);
      expect((await t.http.patch(`/emergency/requests/${id}/accept`, {}, { token: u.otherStaff.token })).status).toBe(404);

      const accepted = await t.http.patch(`/emergency/requests/${id}/accept`, undefined, { token: u.staff.token });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ status: IN_PROGRESS, assigned_to: u.staff.id, assigned_to_name: 'Staff Ward One' });
      expect(accepted.body.accepted_at).not.toBeNull();

      const again = await t.http.patch(`/emergency/requests/${id}/accept`, undefined, { token: u.staff.token });
      expect(again.status).toBe(200);
      const taken = await t.http.patch(`/emergency/requests/${id}/accept`, undefined, { token: cityWideStaff.token });
      expect(taken.status).toBe(409);
      expect(taken.body).toEqual({ detail: 'Another staff member has already accepted this request.' });

      const told = await alertsAbout(u.citizen, id);
      expect(told.map((n) => n.title)).toEqual(['সাহায্য আসছে']);
      const sms = await waitFor(() => t.sms.to(u.citizen.phone).find((m) => m.message.includes('Staff Ward One')), {
        what: 'acceptance SMS',
      });
      expect(sms.message).toContain('গ্রহণ করা হয়েছে');

      // The requester can no longer withdraw it.
      const cancel = await t.http.patch(`/emergency/requests/${id}/cancel`, {}, { token: u.citizen.token });
      expect(cancel.status).toBe(409);

      // Only the one who accepted it (or an admin) resolves it; responded_at is set once.
      const notMine = await t.http.patch(`/emergency/requests/${id}/resolve`, {}, { token: cityWideStaff.token });
      expect(notMine.status).toBe(403);
      const resolved = await t.http.patch(
        `/emergency/requests/${id}/resolve`,
        { note: 'Patient taken to hospital' },
        { token: u.staff.token },
      );
      expect(resolved.status).toBe(200);
      expect(resolved.body).toMatchObject({ status: RESOLVED, resolution_note: 'Patient taken to hospital' });
      expect(Date.parse(resolved.body.responded_at)).toBeGreaterThanOrEqual(Date.parse(resolved.body.accepted_at));
      const twice = await t.http.patch(`/emergency/requests/${id}/resolve`, undefined, { token: u.staff.token });
      expect(twice.status).toBe(409);
      expect((await alertsAbout(u.citizen, id)).map((n) => n.title)).toContain('জরুরি অনুরোধের সমাধান হয়েছে');
    });

    it('lets the requester cancel while nobody has accepted, and nobody else', async () => {
      const created = await t.http.post('/emergency/requests', body({ emergency_type: 'অন্যান্য' }), { token: u.citizen.token });
      const id = created.body.id as string;
      expect((await t.http.patch(`/emergency/requests/${id}/cancel`, {}, { token: u.otherCitizen.token })).status).toBe(404);
      expect((await t.http.patch(`/emergency/requests/${id}/cancel`, {}, { token: u.staff.token })).status).toBe(403);
      const cancelled = await t.http.patch(
        `/emergency/requests/${id}/cancel`,
        { reason: 'False alarm' },
        { token: u.citizen.token },
      );
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: CANCELLED, resolution_note: 'False alarm' });
      expect(cancelled.body.cancelled_at).not.toBeNull();
      expect((await t.http.patch(`/emergency/requests/${id}/accept`, {}, { token: u.staff.token })).status).toBe(409);
    });
  });

  describe('escalation', () => {
    it('goes to every admin (in-app and SMS) when nobody accepts in time, once', async () => {
      const adminSocket = await listen(u.admin, 'emergency_escalated');
      const created = await t.http.post('/emergency/requests', body({ emergency_type: 'প্রাকৃতিক দুর্যোগ' }), {
        token: u.citizen.token,
      });
      const id = created.body.id as string;
      const job = await escalationJob(id);
      expect(job.opts.delay).toBeGreaterThan(0);
      expect(await job.finished()).toEqual({ escalated: true });

      const seen = await t.http.get(`/emergency/requests/${id}`, { token: u.admin.token });
      expect(seen.body.escalated_at).not.toBeNull();
      expect(Date.parse(seen.body.escalated_at) - Date.parse(seen.body.created_at)).toBeGreaterThanOrEqual(
        ESCALATION_DELAY_MS - 50,
      );
      expect(seen.body.status).toBe(SUBMITTED);
      // Earlier requests of this file escalate too: pick this one's event.
      const pushed = await waitFor(() => adminSocket.received.find((r) => r.id === id), { what: 'emergency_escalated event' });
      expect(pushed).toMatchObject({ id, escalated_at: seen.body.escalated_at });

      for (const admin of [u.admin, secondAdmin]) {
        const alerts = await alertsAbout(admin, id);
        expect(alerts).toHaveLength(1);
        expect(alerts[0].title).toContain('সাড়া নেই');
        await waitFor(() => t.sms.to(admin.phone).some((m) => m.message.includes('গ্রহণ করেননি')), {
          what: `SMS to ${admin.phone}`,
        });
      }
      // Staff were alerted at creation, not by the escalation.
      expect((await alertsAbout(u.staff, id)).map((n) => n.title)).not.toContainEqual(expect.stringContaining('সাড়া নেই'));

      // The job delivered again (Bull is at-least-once) changes nothing.
      const rerun = await queue.add('escalate-emergency', { requestId: id }, { jobId: `rerun-${id}` });
      expect(await rerun.finished()).toEqual({ escalated: false });
      expect(await alertsAbout(u.admin, id)).toHaveLength(1);
    });

    it('does nothing for a request accepted before the delay ran out', async () => {
      const created = await t.http.post('/emergency/requests', body(), { token: u.citizen.token });
      const id = created.body.id as string;
      const accepted = await t.http.patch(`/emergency/requests/${id}/accept`, {}, { token: u.staff.token });
      expect(accepted.status).toBe(200);

      const job = await escalationJob(id);
      expect(await job.finished()).toEqual({ escalated: false });
      const seen = await t.http.get(`/emergency/requests/${id}`, { token: u.admin.token });
      expect(seen.body).toMatchObject({ status: IN_PROGRESS, escalated_at: null });
      expect(await alertsAbout(u.admin, id)).toHaveLength(0);
      expect(await alertsAbout(secondAdmin, id)).toHaveLength(0);
    });
  });

  it('lists the emergency choice sets', async () => {
    const res = await t.http.get('/meta/choices');
    expect(res.body.emergency_type.map((c: { value: string }) => c.value)).toEqual([
      'অগ্নিকাণ্ড',
      'চিকিৎসা জরুরি',
      'পুলিশ',
      'প্রাকৃতিক দুর্যোগ',
      'অন্যান্য',
    ]);
    expect(res.body.emergency_status.map((c: { value: string }) => c.value)).toEqual([
      SUBMITTED,
      IN_PROGRESS,
      RESOLVED,
      CANCELLED,
    ]);
    expect(res.body.emergency_contact_type.length).toBeGreaterThan(5);
  });
});
