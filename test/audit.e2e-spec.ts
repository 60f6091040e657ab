import { startFakeGateways, type FakeGateways } from './helpers/fake-gateways.js';
import { image, uploadForm } from './helpers/files.js';
import { createRoleUsers, createUser, seedGeography, type Geography, type RoleUsers } from './helpers/fixtures.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait.js';

const SUBMITTED = 'জমা দেওয়া হয়েছে';
const IN_PROGRESS = 'প্রক্রিয়াধীন';

/**
 * The audit log: role/ward/active changes, complaint status changes and
 * assignments, refunds, request status changes and content edits are
 * recorded with actor, IP, user agent, request id and before/after, in the
 * transaction of the change; admins read it through GET audit-logs. The
 * caller's origin is passed explicitly, so this holds as production runs,
 * without request context tracking (REQUEST_CONTEXT_TRACKING=false here).
 */
describe('audit log', () => {
  let t: TestApp;
  let gw: FakeGateways;
  let geo: Geography;
  let u: RoleUsers;
  const client = { 'user-agent': 'CleanCareAdmin/2.1 (audit test)', 'x-forwarded-for': '203.0.113.77' };

  beforeAll(async () => {
    gw = await startFakeGateways();
    t = await startTestApp({ env: { ...gw.env(), TRUST_PROXY: 'true', REQUEST_CONTEXT_TRACKING: 'false' } });
    geo = await seedGeography(t);
    u = await createRoleUsers(t, geo);
  });
  afterAll(async () => {
    await t?.close();
    await gw?.stop();
  });

  const as = (token: string, requestId?: string) => ({
    token,
    headers: { ...client, ...(requestId ? { 'x-request-id': requestId } : {}) },
  });

  async function entries(query: string): Promise<any[]> {
    const res = await t.http.get(`/audit-logs?page_size=100&${query}`, { token: u.admin.token });
    expect(res.status).toBe(200);
    return res.body.results;
  }

  it("records an admin's role, ward and active-state changes with actor, IP, user agent and request id", async () => {
    const target = await createUser(t, { wardId: geo.wardIds[0] });
    const res = await t.http.patch(
      `/users/${target.id}`,
      { role: 'staff', wards: [geo.wardIds[1], geo.wardIds[0]] },
      as(u.admin.token, 'audit-req-0001'),
    );
    expect(res.status).toBe(200);
    const [entry] = await entries(`entity_type=user&entity_id=${target.id}`);
    expect(entry).toEqual({
      id: expect.any(String),
      actor: u.admin.id,
      action: 'user.update',
      entity_type: 'user',
      entity_id: target.id,
      before: { role: 'citizen', wards: [] },
      after: { role: 'staff', wards: [...geo.wardIds].sort() },
      ip: '203.0.113.77',
      user_agent: 'CleanCareAdmin/2.1 (audit test)',
      request_id: 'audit-req-0001',
      created_at: expect.stringMatching(/\+06:00$/),
    });
    // Nothing secret about the account goes into the log, even where it changed.
    expect(JSON.stringify(entry)).not.toMatch(/password|token_version|\$argon2/);

    await t.http.patch(`/users/${target.id}`, { is_active: false }, as(u.admin.token));
    const [deactivated] = await entries(`entity_type=user&entity_id=${target.id}`);
    expect(deactivated).toMatchObject({ before: { is_active: true }, after: { is_active: false } });

    // A change that changes nothing, and a refused change, write nothing.
    await t.http.patch(`/users/${target.id}`, { is_active: false }, as(u.admin.token));
    expect(
      (await t.http.patch(`/users/${target.id}`, { wards: ['00000000-0000-4000-8000-000000000000'] }, as(u.admin.token))).status,
    ).toBe(400);
    expect(await entries(`entity_type=user&entity_id=${target.id}`)).toHaveLength(2);
  });

  it('records complaint status changes, assignments and edits by staff', async () => {
    const filed = await t.http.post(
      '/complaints',
      { title: 'Drain blocked', description: 'Water everywhere', category: 'পরিচ্ছন্নতা', priority: 'উচ্চ', location: 'Road 5' },
      { token: u.citizen.token },
    );
    expect(filed.status).toBe(201);
    const id = filed.body.id as string;
    expect((await t.http.patch(`/complaints/${id}`, { priority: 'মধ্যম' }, as(u.staff.token))).status).toBe(200);
    expect((await t.http.patch(`/complaints/${id}/assign`, { assignee_id: u.staff.id }, as(u.admin.token))).status).toBe(200);
    const status = await t.http.patch(
      `/complaints/${id}/update_status`,
      { status: 'সমাধান হয়েছে', note: 'Cleared' },
      as(u.staff.token, 'audit-req-0002'),
    );
    expect(status.status).toBe(200);

    const log = await entries(`entity_type=complaint&entity_id=${id}&ordering=created_at`);
    expect(log.map((e) => [e.action, e.actor])).toEqual([
      ['complaint.update', u.staff.id],
      ['complaint.assign', u.admin.id],
      ['complaint.status_change', u.admin.id],
      ['complaint.status_change', u.staff.id],
    ]);
    expect(log[0]).toMatchObject({ before: { priority: 'উচ্চ' }, after: { priority: 'মধ্যম' } });
    expect(log[1]).toMatchObject({ before: { assigned_to_id: null }, after: { assigned_to_id: u.staff.id } });
    // The assignment moved it from submitted to in progress, in the same request.
    expect(log[2]).toMatchObject({
      before: { status: SUBMITTED },
      after: { status: IN_PROGRESS },
      request_id: log[1].request_id,
    });
    expect(log[3]).toMatchObject({
      before: { status: IN_PROGRESS, resolved_at: null, note: null },
      after: { status: 'সমাধান হয়েছে', resolved_at: expect.stringMatching(/\+06:00$/), note: 'Cleared' },
      request_id: 'audit-req-0002',
    });
    // The complaint's own history agrees.
    const history = await t.http.get(`/complaints/${id}/history`, { token: u.citizen.token });
    expect(history.body).toHaveLength(3);
  });

  it('records a refund', async () => {
    const created = await t.http.post(
      '/payments',
      { service_type: 'holding_tax', amount: '150.00', payment_method: 'bkash', phone_number: '01712345678' },
      { token: u.citizen.token },
    );
    expect(created.status).toBe(201);
    const p = created.body;
    gw.bkash.approve(p.gateway_payment_id);
    await t.http.get(`/payments/callback/bkash?paymentID=${p.gateway_payment_id}&status=success`);
    await waitFor(
      async () => (await t.db.query('SELECT status FROM payments WHERE id = $1', [p.id])).rows[0].status === 'completed',
      {
        what: 'the payment to complete',
      },
    );
    // Completion by the job is not an audited change (no actor); the refund is.
    expect(await entries(`entity_type=payment&entity_id=${p.id}`)).toEqual([]);
    const refund = await t.http.post(
      `/payments/${p.id}/refund`,
      { reason: 'Charged twice', amount: '100.00' },
      as(u.admin.token),
    );
    expect(refund.status).toBe(200);
    const [entry] = await entries(`action=payment.refund&entity_id=${p.id}`);
    expect(entry).toMatchObject({
      actor: u.admin.id,
      entity_type: 'payment',
      before: { status: 'completed', refunded_amount: null, refund_reason: null },
      after: {
        status: 'refunded',
        refunded_amount: '100.00',
        refund_reason: 'Charged twice',
        refund_transaction_id: gw.bkash.payments.get(p.gateway_payment_id)!.refundTrxID,
      },
    });
    expect(JSON.stringify(entry)).not.toContain('gateway_response');
  });

  it('records status changes of emergency and pickup requests', async () => {
    const emergency = await t.http.post(
      '/emergency/requests',
      { emergency_type: 'অগ্নিকাণ্ড', description: 'Kitchen fire', location: 'Road 5', latitude: 23.81, longitude: 90.41 },
      { token: u.citizen.token },
    );
    expect(emergency.status).toBe(201);
    expect((await t.http.patch(`/emergency/requests/${emergency.body.id}/accept`, {}, as(u.staff.token))).status).toBe(200);
    const [accepted] = await entries(`entity_type=emergency_request&entity_id=${emergency.body.id}`);
    expect(accepted).toMatchObject({
      actor: u.staff.id,
      action: 'emergency_request.status_change',
      before: { status: SUBMITTED, assigned_to_id: null },
      after: { status: IN_PROGRESS, assigned_to_id: u.staff.id },
    });

    const day = new Date(Date.now() + 3 * 86_400_000 + 6 * 3_600_000).toISOString().slice(0, 10);
    const pickup = await t.http.post(
      '/waste-management/pickup-requests',
      { waste_type: 'bulky', address: 'House 12', preferred_date: day },
      { token: u.citizen.token },
    );
    expect(pickup.status).toBe(201);
    const moved = await t.http.patch(
      `/waste-management/pickup-requests/${pickup.body.id}/status`,
      { status: 'scheduled' },
      as(u.staff.token),
    );
    expect(moved.status).toBe(200);
    const [scheduled] = await entries(`entity_type=pickup_request&entity_id=${pickup.body.id}`);
    expect(scheduled).toMatchObject({
      actor: u.staff.id,
      action: 'pickup_request.status_change',
      before: { status: 'pending', scheduled_date: null },
      after: { status: 'scheduled', scheduled_date: day },
    });
  });

  describe('content edits', () => {
    const content = () => [
      {
        type: 'notice',
        path: '/notices',
        create: { title: 'Water supply off', content: 'Tomorrow 9-5', category: 'general', target_wards: [geo.wardIds[0]] },
        update: { title: 'Water supply off tomorrow', target_wards: [] },
        before: { title: 'Water supply off', target_wards: [geo.wardIds[0]], all_wards: false },
        after: { title: 'Water supply off tomorrow', target_wards: [], all_wards: true },
      },
      {
        type: 'calendar_event',
        path: '/calendar-events',
        create: {
          title: 'Eid',
          event_type: 'holiday',
          start_at: '2026-03-20T00:00:00+06:00',
          end_at: '2026-03-22T23:59:59+06:00',
        },
        update: { end_at: '2026-03-23T23:59:59+06:00' },
        before: { end_at: '2026-03-22T23:59:59.000+06:00' },
        after: { end_at: '2026-03-23T23:59:59.000+06:00' },
      },
      {
        type: 'donation_campaign',
        path: '/donations/campaigns',
        create: { title: 'New park', goal: '50000.00' },
        update: { goal: '75000.00', is_active: false },
        before: { goal: '50000.00', is_active: true },
        after: { goal: '75000.00', is_active: false },
      },
      {
        type: 'emergency_contact',
        path: '/emergency/contacts',
        create: { contact_type: 'police', name: 'Thana', phone: '01712345678' },
        update: { name: 'Mirpur Thana' },
        before: { name: 'Thana' },
        after: { name: 'Mirpur Thana' },
      },
      {
        type: 'waste_schedule',
        path: '/waste-management/schedules',
        create: { ward: geo.wardIds[1], waste_types: ['household'], weekdays: [1], start_time: '07:00', end_time: '09:30' },
        update: { start_time: '06:30' },
        before: { start_time: '07:00', version: 1 },
        after: { start_time: '06:30', version: 2 },
      },
      {
        type: 'collection_point',
        path: '/waste-management/collection-points',
        create: {
          name: 'STS',
          address: 'Mirpur 10',
          ward: geo.wardIds[0],
          latitude: 23.8,
          longitude: 90.3,
          waste_types: ['household'],
        },
        update: { name: 'Mirpur STS' },
        before: { name: 'STS' },
        after: { name: 'Mirpur STS' },
      },
      {
        type: 'waste_guideline',
        path: '/waste-management/guidelines',
        create: { title: 'Separate kitchen waste', content: 'Green bin', category: 'segregation' },
        update: { is_published: false },
        before: { is_published: true },
        after: { is_published: false },
      },
      {
        type: 'city_corporation',
        path: '/city-corporations',
        create: { name: 'Audit City', name_bn: 'অডিট সিটি', code: 'AUDC' },
        update: { code: 'aude' },
        before: { code: 'AUDC' },
        after: { code: 'AUDE' },
      },
      {
        type: 'zone',
        path: '/zones',
        create: { city_corporation: geo.cityId, number: 42, name: 'Zone 42', name_bn: 'অঞ্চল ৪২' },
        update: { name: 'Zone forty-two' },
        before: { name: 'Zone 42' },
        after: { name: 'Zone forty-two' },
      },
      {
        type: 'ward',
        path: '/wards',
        create: { zone: geo.zoneId, number: 42, name: 'Ward 42', name_bn: 'ওয়ার্ড ৪২' },
        update: { number: 43 },
        before: { number: 42 },
        after: { number: 43 },
      },
    ];

    const TYPES = [
      'notice',
      'calendar_event',
      'donation_campaign',
      'emergency_contact',
      'waste_schedule',
      'collection_point',
      'waste_guideline',
      'city_corporation',
      'zone',
      'ward',
    ];

    it.each(TYPES)('records creating, editing and deleting a %s', async (type) => {
      const c = content().find((x) => x.type === type)!;
      const created = await t.http.post(c.path, c.create, as(u.admin.token));
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      expect((await t.http.patch(`${c.path}/${id}`, c.update, as(u.admin.token))).status).toBe(200);
      expect((await t.http.delete(`${c.path}/${id}`, as(u.admin.token))).status).toBe(204);

      const log = await entries(`entity_type=${type}&entity_id=${id}`);
      expect(log.map((e) => e.action)).toEqual([`${type}.delete`, `${type}.update`, `${type}.create`]);
      for (const e of log) expect(e).toMatchObject({ actor: u.admin.id, ip: '203.0.113.77', user_agent: client['user-agent'] });
      const [deleted, updated, creation] = log;
      expect(creation.before).toBeNull();
      expect(creation.after).toMatchObject({ id });
      expect(updated.before).toEqual(c.before);
      expect(updated.after).toEqual(c.after);
      expect(deleted.before).toMatchObject({ id, ...c.after });
      expect(deleted.after).toBeNull();
    });

    it('records gallery uploads, edits and deletions', async () => {
      const uploaded = await t.http.request('POST', '/gallery/photos', {
        ...as(u.admin.token),
        body: uploadForm(await image(32, 24), { title: 'Tree planting', category: 'environment' }),
      });
      expect(uploaded.status).toBe(201);
      const id = uploaded.body.id as string;
      expect((await t.http.patch(`/gallery/photos/${id}`, { title: 'Trees' }, as(u.admin.token))).status).toBe(200);
      expect((await t.http.delete(`/gallery/photos/${id}`, as(u.admin.token))).status).toBe(204);
      const log = await entries(`entity_type=gallery_photo&entity_id=${id}`);
      expect(log.map((e) => e.action)).toEqual(['gallery_photo.delete', 'gallery_photo.update', 'gallery_photo.create']);
      expect(log[1]).toMatchObject({ before: { title: 'Tree planting' }, after: { title: 'Trees' } });
      expect(log[2].after).toMatchObject({ title: 'Tree planting', width: 32, height: 24 });
    });

    it('writes nothing when the change is refused', async () => {
      const before = (await entries('entity_type=ward')).length;
      expect(
        (await t.http.post('/wards', { zone: geo.zoneId, number: 1, name: 'Dup', name_bn: 'Dup' }, as(u.admin.token))).status,
      ).toBe(400);
      expect(
        (await t.http.patch(`/wards/${geo.wardIds[0]}`, { zone: '00000000-0000-4000-8000-000000000000' }, as(u.admin.token)))
          .status,
      ).toBe(400);
      expect((await t.http.delete(`/wards/${geo.wardIds[0]}`, as(u.admin.token))).status).toBe(409);
      expect(await entries('entity_type=ward')).toHaveLength(before);
    });
  });

  describe('GET audit-logs', () => {
    it('is for admins only', async () => {
      expect((await t.http.get('/audit-logs')).status).toBe(401);
      for (const user of [u.citizen, u.staff]) expect((await t.http.get('/audit-logs', { token: user.token })).status).toBe(403);
    });

    it('filters by actor, action, entity type and id, and time; pages newest first', async () => {
      const all = await entries('');
      expect(all.length).toBeGreaterThan(20);
      const times = all.map((e) => Date.parse(e.created_at));
      expect(times).toEqual([...times].sort((a, b) => b - a));

      const byStaff = await entries(`actor=${u.staff.id}`);
      expect(byStaff.length).toBeGreaterThan(0);
      expect(byStaff.every((e) => e.actor === u.staff.id)).toBe(true);
      const statusChanges = await entries('action=complaint.status_change');
      expect(statusChanges.length).toBe(2);
      const wards = await entries('entity_type=ward');
      expect(wards.every((e) => e.entity_type === 'ward')).toBe(true);

      const newest = all[0];
      expect(await entries(`from=${encodeURIComponent(newest.created_at)}`)).toEqual(
        all.filter((e) => e.created_at >= newest.created_at),
      );
      const tomorrow = new Date(Date.now() + 86_400_000 + 6 * 3_600_000).toISOString().slice(0, 10);
      expect(await entries(`from=${tomorrow}`)).toEqual([]);
      expect(await entries('to=2020-01-01')).toEqual([]);
      expect((await entries(`to=${tomorrow}`)).length).toBe(all.length);

      const page = await t.http.get('/audit-logs?page_size=5', { token: u.admin.token });
      expect(page.body.count).toBe(all.length);
      expect(page.body.results).toHaveLength(5);
      expect(page.body.next).toContain('page=2');
    });

    it('validates its filters', async () => {
      const res = await t.http.get(
        '/audit-logs?actor=me&entity_type=password&entity_id=1&from=yesterday&ordering=actor&action=DROP%20TABLE',
        { token: u.admin.token },
      );
      expect(res.status).toBe(400);
      expect(Object.keys(res.body).sort()).toEqual(['action', 'actor', 'entity_id', 'entity_type', 'from', 'ordering']);
      const reversed = await t.http.get('/audit-logs?from=2026-03-02&to=2026-03-01', { token: u.admin.token });
      expect(reversed.status).toBe(400);
      expect(reversed.body).toEqual({ to: ['Must not be earlier than from.'] });
    });
  });

  it('is append-only: the database refuses to change or delete an entry', async () => {
    const [entry] = await entries('');
    await expect(t.db.query(`UPDATE audit_logs SET actor_id = NULL WHERE id = $1`, [entry.id])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM audit_logs WHERE id = $1`, [entry.id])).rejects.toThrow(/append-only/);
  });
});
