import { startFakeGateways, type FakeGateways } from '../helpers/fake-gateways.js';
import { image, uploadForm } from '../helpers/files.js';
import {
  createRoleUsers,
  createUser,
  seedGeography,
  type Geography,
  type RoleUsers,
  type TestUser,
} from '../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait.js';
import { listRoutes } from './routes.js';

/**
 * OWASP API1 (broken object level authorization): every record that belongs
 * to one citizen, asked for by id by another citizen — or by staff of another
 * ward where staff see by ward — is a 404, exactly as a record that does not
 * exist, for reads and for writes; the write changes nothing, and lists never
 * show it. The table below names every such route.
 */
describe('security: BOLA — another user’s record is a 404 everywhere', () => {
  let t: TestApp;
  let gw: FakeGateways;
  let geo: Geography;
  let u: RoleUsers;
  let owner: TestUser;
  /** Ids of the owner's records. */
  const ids: Record<string, string> = {};

  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000 + 6 * 3_600_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    gw = await startFakeGateways();
    t = await startTestApp({ env: gw.env() });
    geo = await seedGeography(t);
    u = await createRoleUsers(t, geo);
    owner = await createUser(t, { wardId: geo.wardIds[0], name: 'Owner' });
    const as = { token: owner.token };

    // A complaint with an attachment, resolved and reviewed; the status change notified the owner.
    const complaint = await t.http.post(
      '/complaints',
      { title: 'Garbage', description: 'Piled up', category: 'পরিচ্ছন্নতা', priority: 'উচ্চ', location: 'Road 1' },
      as,
    );
    ids.complaint = complaint.body.id;
    ids.tracking = complaint.body.tracking_number;
    const attached = await t.http.request('POST', `/complaints/${ids.complaint}/attachments`, {
      ...as,
      body: uploadForm(await image(16, 16)),
    });
    ids.attachment = attached.body.attachments[0].id;
    // A second complaint, still submitted (the owner may still edit and delete it).
    ids.openComplaint = (
      await t.http.post(
        '/complaints',
        { title: 'Water', description: 'No water', category: 'পানি সরবরাহ', priority: 'মধ্যম', location: 'Road 2' },
        as,
      )
    ).body.id;
    const openAttached = await t.http.request('POST', `/complaints/${ids.openComplaint}/attachments`, {
      ...as,
      body: uploadForm(await image(16, 16)),
    });
    ids.openAttachment = openAttached.body.attachments[0].id;
    await t.http.patch(`/complaints/${ids.complaint}/update_status`, { status: 'সমাধান হয়েছে' }, { token: u.admin.token });
    expect((await t.http.post(`/complaints/${ids.complaint}/review`, { rating: 4 }, as)).status).toBe(201);
    ids.notification = await waitFor(async () => (await t.http.get('/notifications', as)).body.results[0]?.id, {
      what: "the owner's notification",
    });

    // A completed payment, and a completed donation with its receipt.
    const payment = await t.http.post(
      '/payments',
      { service_type: 'holding_tax', amount: '150.00', payment_method: 'bkash', phone_number: owner.phone },
      as,
    );
    ids.payment = payment.body.id;
    const campaign = await t.http.post('/donations/campaigns', { title: 'Canals', goal: '1000.00' }, { token: u.admin.token });
    const donation = await t.http.post(
      '/donations',
      { campaign_id: campaign.body.id, amount: '200.00', payment_method: 'bkash', phone_number: owner.phone },
      as,
    );
    ids.donation = donation.body.id;
    const donationPayment = (
      await t.db.query('SELECT id, gateway_payment_id FROM payments WHERE id = $1', [donation.body.payment])
    ).rows[0];
    ids.donationPayment = donationPayment.id;
    for (const gatewayId of [payment.body.gateway_payment_id, donationPayment.gateway_payment_id]) {
      gw.bkash.approve(gatewayId);
      await t.http.get(`/payments/callback/bkash?paymentID=${gatewayId}&status=success`);
    }
    await waitFor(async () => (await t.http.get(`/donations/${ids.donation}`, as)).body.receipt_number, {
      what: 'the donation receipt',
    });

    ids.device = (
      await t.http.post('/users/me/devices', { token: 'fcm-owner-device-token-0001', platform: 'android' }, as)
    ).body.id;
    const emergency = await t.http.post(
      '/emergency/requests',
      { emergency_type: 'চিকিৎসা জরুরি', description: 'Fainted', location: 'Road 1', latitude: 23.8, longitude: 90.4 },
      as,
    );
    ids.emergency = emergency.body.id;
    expect(emergency.body.ward).toBe(geo.wardIds[0]);
    ids.pickup = (
      await t.http.post(
        '/waste-management/pickup-requests',
        { waste_type: 'bulky', address: 'House 1', preferred_date: day(3) },
        as,
      )
    ).body.id;

    // The owner's support thread, a message with a photo in it, and the thread of the owner's complaint.
    ids.conversation = (await t.http.get('/chat/support', as)).body.id;
    const form = uploadForm(await image(16, 16), { message: 'photo of the pile' });
    const sent = await t.http.request('POST', `/chat/conversations/${ids.conversation}/messages`, { ...as, body: form });
    expect(sent.status).toBe(201);
    ids.chatMessage = sent.body.id;
    ids.complaintConversation = (await t.http.get(`/chat/complaints/${ids.complaint}`, as)).body.id;
    // A report a staff member asked for (reports belong to whoever requested them).
    const report = await t.http.post('/dashboard/reports', { period: 'daily', format: 'pdf' }, { token: u.staff.token });
    expect(report.status).toBe(202);
    ids.report = report.body.id;
    for (const [name, id] of Object.entries(ids)) expect([name, typeof id]).toEqual([name, 'string']);
  });

  afterAll(async () => {
    await t?.close();
    await gw?.stop();
  });

  type Attacker = 'otherCitizen' | 'otherStaff' | 'admin';
  interface Case {
    what: string;
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
    path: () => string;
    body?: unknown;
    multipart?: boolean;
    attackers: Attacker[];
  }

  /** Every route that takes the id of a record owned by one citizen. */
  const TABLE: Case[] = [
    // complaints (staff see by ward: another ward's staff are outsiders too)
    { what: 'complaint', method: 'GET', path: () => `/complaints/${ids.complaint}`, attackers: ['otherCitizen', 'otherStaff'] },
    {
      what: 'complaint edit',
      method: 'PATCH',
      path: () => `/complaints/${ids.openComplaint}`,
      body: { title: 'Mine now' },
      attackers: ['otherCitizen', 'otherStaff'],
    },
    {
      what: 'complaint delete',
      method: 'DELETE',
      path: () => `/complaints/${ids.openComplaint}`,
      attackers: ['otherCitizen', 'otherStaff'],
    },
    {
      what: 'complaint by tracking number',
      method: 'GET',
      path: () => `/complaints/track/${ids.tracking}`,
      attackers: ['otherCitizen', 'otherStaff'],
    },
    {
      what: 'complaint history',
      method: 'GET',
      path: () => `/complaints/${ids.complaint}/history`,
      attackers: ['otherCitizen', 'otherStaff'],
    },
    {
      what: 'complaint review',
      method: 'POST',
      path: () => `/complaints/${ids.complaint}/review`,
      body: { rating: 1 },
      attackers: ['otherCitizen', 'otherStaff'],
    },
    {
      what: 'complaint attachment upload',
      method: 'POST',
      path: () => `/complaints/${ids.openComplaint}/attachments`,
      multipart: true,
      attackers: ['otherCitizen', 'otherStaff'],
    },
    {
      what: 'complaint attachment',
      method: 'GET',
      path: () => `/complaints/${ids.complaint}/attachments/${ids.attachment}`,
      attackers: ['otherCitizen', 'otherStaff'],
    },
    {
      what: 'complaint attachment delete',
      method: 'DELETE',
      path: () => `/complaints/${ids.openComplaint}/attachments/${ids.openAttachment}`,
      attackers: ['otherCitizen', 'otherStaff'],
    },
    {
      what: 'complaint status (staff of another ward)',
      method: 'PATCH',
      path: () => `/complaints/${ids.openComplaint}/update_status`,
      body: { status: 'প্রক্রিয়াধীন' },
      attackers: ['otherStaff'],
    },
    {
      what: 'complaint assignment (staff of another ward)',
      method: 'PATCH',
      path: () => `/complaints/${ids.openComplaint}/assign`,
      body: { assignee_id: null },
      attackers: ['otherStaff'],
    },
    // payments and donations
    { what: 'payment', method: 'GET', path: () => `/payments/${ids.payment}`, attackers: ['otherCitizen'] },
    { what: 'payment of a donation', method: 'GET', path: () => `/payments/${ids.donationPayment}`, attackers: ['otherCitizen'] },
    { what: 'donation', method: 'GET', path: () => `/donations/${ids.donation}`, attackers: ['otherCitizen', 'otherStaff'] },
    {
      what: 'donation receipt',
      method: 'GET',
      path: () => `/donations/${ids.donation}/receipt`,
      attackers: ['otherCitizen', 'otherStaff'],
    },
    // notifications and devices
    {
      what: 'notification read',
      method: 'PATCH',
      path: () => `/notifications/${ids.notification}/read`,
      attackers: ['otherCitizen', 'otherStaff'],
    },
    {
      what: 'device delete',
      method: 'DELETE',
      path: () => `/users/me/devices/${ids.device}`,
      attackers: ['otherCitizen', 'otherStaff'],
    },
    // emergency and pickup requests (staff see their wards')
    {
      what: 'emergency request',
      method: 'GET',
      path: () => `/emergency/requests/${ids.emergency}`,
      attackers: ['otherCitizen', 'otherStaff'],
    },
    {
      what: 'emergency request cancel',
      method: 'PATCH',
      path: () => `/emergency/requests/${ids.emergency}/cancel`,
      body: {},
      attackers: ['otherCitizen', 'otherStaff'],
    },
    {
      what: 'emergency request accept (staff of another ward)',
      method: 'PATCH',
      path: () => `/emergency/requests/${ids.emergency}/accept`,
      attackers: ['otherStaff'],
    },
    {
      what: 'emergency request resolve (staff of another ward)',
      method: 'PATCH',
      path: () => `/emergency/requests/${ids.emergency}/resolve`,
      body: {},
      attackers: ['otherStaff'],
    },
    {
      what: 'pickup request',
      method: 'GET',
      path: () => `/waste-management/pickup-requests/${ids.pickup}`,
      attackers: ['otherCitizen', 'otherStaff'],
    },
    {
      what: 'pickup request cancel',
      method: 'PATCH',
      path: () => `/waste-management/pickup-requests/${ids.pickup}/cancel`,
      attackers: ['otherCitizen', 'otherStaff'],
    },
    {
      what: 'pickup request status (staff of another ward)',
      method: 'PATCH',
      path: () => `/waste-management/pickup-requests/${ids.pickup}/status`,
      body: { status: 'scheduled' },
      attackers: ['otherStaff'],
    },
    // chat (a citizen's threads; staff see their wards')
    {
      what: 'chat conversation',
      method: 'GET',
      path: () => `/chat/conversations/${ids.conversation}`,
      attackers: ['otherCitizen', 'otherStaff'],
    },
    {
      what: 'chat history',
      method: 'GET',
      path: () => `/chat/conversations/${ids.conversation}/messages`,
      attackers: ['otherCitizen', 'otherStaff'],
    },
    {
      what: 'chat message into the thread',
      method: 'POST',
      path: () => `/chat/conversations/${ids.conversation}/messages`,
      body: { message: 'hi' },
      attackers: ['otherCitizen', 'otherStaff'],
    },
    {
      what: 'chat read marker',
      method: 'POST',
      path: () => `/chat/conversations/${ids.conversation}/read`,
      body: {},
      attackers: ['otherCitizen', 'otherStaff'],
    },
    {
      what: 'chat attachment',
      method: 'GET',
      path: () => `/chat/conversations/${ids.conversation}/messages/${ids.chatMessage}/attachment`,
      attackers: ['otherCitizen', 'otherStaff'],
    },
    {
      what: "a complaint's chat thread",
      method: 'GET',
      path: () => `/chat/complaints/${ids.complaint}`,
      attackers: ['otherCitizen', 'otherStaff'],
    },
    {
      what: "a complaint's chat history",
      method: 'GET',
      path: () => `/chat/conversations/${ids.complaintConversation}/messages`,
      attackers: ['otherCitizen', 'otherStaff'],
    },
    // dashboard reports (the requester's only, even among staff and admins)
    {
      what: 'dashboard report',
      method: 'GET',
      path: () => `/dashboard/reports/${ids.report}`,
      attackers: ['otherStaff', 'admin'],
    },
    {
      what: 'dashboard report download',
      method: 'GET',
      path: () => `/dashboard/reports/${ids.report}/download`,
      attackers: ['otherStaff', 'admin'],
    },
  ];

  const rows = TABLE.flatMap((c) => c.attackers.map((a) => [c.what, a, c] as const));

  it('covers every route that takes the id of a record a non-admin may own', () => {
    const shape = (path: string) => path.replace(/^\/api\/v1/, '').replace(/:\w+|[0-9a-f-]{36}|CC\d{12}/g, '{}');
    const covered = new Set(TABLE.map((c) => `${c.method} ${shape(c.path())}`));
    const owned = listRoutes(t.app)
      .filter((r) => !r.isPublic && !(r.roles.length === 1 && r.roles[0] === 'admin') && r.path.includes(':'))
      .map((r) => `${r.method} ${shape(r.path)}`);
    expect(owned.length).toBeGreaterThan(20);
    expect(owned.filter((r) => !covered.has(r))).toEqual([]);
  });

  it.each(rows)('%s, asked for by %s → 404, as if it did not exist', async (_what, attacker, c) => {
    const token = u[attacker].token;
    const body = c.multipart ? uploadForm(await image(8, 8)) : undefined;
    const res = await t.http.request(c.method, c.path(), { token, body, json: c.multipart ? undefined : c.body });
    expect({ status: res.status, body: res.body }).toEqual({ status: 404, body: { detail: 'Not found.' } });
    // The same route with an id that exists nowhere answers the same: nothing tells the two apart.
    const ghost = c
      .path()
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '0b6c3f5e-1d2a-4b3c-9d8e-7f6a5b4c3d2e');
    if (ghost !== c.path()) {
      const missing = await t.http.request(c.method, ghost, {
        token,
        body: c.multipart ? uploadForm(await image(8, 8)) : undefined,
        json: c.multipart ? undefined : c.body,
      });
      expect({ status: missing.status, body: missing.body }).toEqual({ status: 404, body: { detail: 'Not found.' } });
    }
  });

  it("left every one of the owner's records as it was", async () => {
    const as = { token: owner.token };
    const open = await t.http.get(`/complaints/${ids.openComplaint}`, as);
    expect(open.status).toBe(200);
    expect(open.body).toMatchObject({ title: 'Water', status: 'জমা দেওয়া হয়েছে', assigned_to: null });
    expect(open.body.attachments.map((a: { id: string }) => a.id)).toEqual([ids.openAttachment]);
    const reviewed = await t.http.get(`/complaints/${ids.complaint}`, as);
    expect(reviewed.body.review).toMatchObject({ rating: 4, user: owner.id });
    const notification = (await t.http.get('/notifications', as)).body.results.find(
      (n: { id: string }) => n.id === ids.notification,
    );
    expect(notification.is_read).toBe(false);
    expect((await t.http.get('/users/me/devices', as)).body.map((d: { id: string }) => d.id)).toEqual([ids.device]);
    expect((await t.http.get(`/emergency/requests/${ids.emergency}`, as)).body).toMatchObject({
      status: 'জমা দেওয়া হয়েছে',
      assigned_to: null,
    });
    expect((await t.http.get(`/waste-management/pickup-requests/${ids.pickup}`, as)).body.status).toBe('pending');
    const files = await t.db.query('SELECT count(*)::int AS n FROM complaint_attachments WHERE complaint_id = $1', [
      ids.openComplaint,
    ]);
    expect(files.rows[0].n).toBe(1);
    const thread = await t.http.get(`/chat/conversations/${ids.conversation}/messages`, as);
    expect(thread.body.results.map((m: { id: string }) => m.id)).toEqual([ids.chatMessage]);
  });

  it.each([
    ['/complaints', 'complaint'],
    ['/payments', 'payment'],
    [`/payments?user=__OWNER__`, 'payment'],
    ['/donations', 'donation'],
    ['/notifications', 'notification'],
    ['/emergency/requests', 'emergency'],
    ['/waste-management/pickup-requests', 'pickup'],
    ['/users/me/devices', 'device'],
    ['/chat/conversations', 'conversation'],
  ])("never lists the owner's records to another citizen: %s", async (path, key) => {
    const res = await t.http.get(path.replace('__OWNER__', owner.id), { token: u.otherCitizen.token });
    expect(res.status).toBe(200);
    const list = (Array.isArray(res.body) ? res.body : res.body.results) as Array<{ id: string }>;
    expect(list.map((r) => r.id)).not.toContain(ids[key]);
    // While the owner does see it there, so the check is not vacuous.
    const mine = await t.http.get(path.replace('?user=__OWNER__', ''), { token: owner.token });
    const own = (Array.isArray(mine.body) ? mine.body : mine.body.results) as Array<{ id: string }>;
    expect(own.map((r) => r.id)).toContain(ids[key]);
  });
});
