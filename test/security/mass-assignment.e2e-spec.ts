import { startFakeGateways, type FakeGateways } from '../helpers/fake-gateways.js';
import { image, uploadForm } from '../helpers/files.js';
import { createRoleUsers, nextPhone, seedGeography, type Geography, type RoleUsers, type TestUser } from '../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { listRoutes, sampleUrl, type RouteInfo } from './routes.js';

/**
 * OWASP API3 (broken object property level authorization — mass
 * assignment). Every write DTO is a whitelist: a field a client may not set
 * (a role, a flag, an owner, a status, money the system computes) is a 400
 * keyed by that field, and nothing is written. The first test sends such
 * fields to every route that takes a body, found from the controllers, so a
 * new DTO is covered the day it appears; the rest check, on the routes where
 * it matters most, that a refused request changed nothing.
 */
describe('security: mass assignment', () => {
  let t: TestApp;
  let gw: FakeGateways;
  let geo: Geography;
  let u: RoleUsers;

  /** Properties no client may set on any route that does not declare them. */
  const FORBIDDEN: Record<string, unknown> = {
    role: 'admin',
    is_staff: true,
    is_superuser: true,
    is_verified: true,
    is_active: true,
    user: '7b0f8a2e-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
    user_id: '7b0f8a2e-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
    owner: '7b0f8a2e-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
    status: 'completed',
    raised: '1000000.00',
    transaction_id: 'TRX-FORGED',
    receipt_number: 'CCD-FORGED',
    tracking_number: 'CC202601010001',
    assigned_to: '7b0f8a2e-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
    priority: 'উচ্চ',
    password_hash: '$argon2id$forged',
    token_version: 0,
    gateway_response: { ok: true },
    view_count: 1_000_000,
    id: '7b0f8a2e-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
    created_at: '2020-01-01T00:00:00+06:00',
  };

  beforeAll(async () => {
    gw = await startFakeGateways();
    t = await startTestApp({ env: gw.env() });
    geo = await seedGeography(t);
    u = await createRoleUsers(t, geo);
  });
  afterAll(async () => {
    await t?.close();
    await gw?.stop();
  });

  /** Someone the route lets in: a citizen where citizens may call it, else an admin. */
  const callerOf = (route: RouteInfo): TestUser => (!route.roles.length || route.roles.includes('citizen') ? u.citizen : u.admin);
  const path = (route: RouteInfo) => sampleUrl(route).replace(/^\/api\/v1/, '');

  const chunks = <T>(items: T[], size: number): T[][] =>
    Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

  async function send(route: RouteInfo, fields: Record<string, unknown>) {
    const token = callerOf(route).token;
    if (!route.multipart) return t.http.request(route.method, path(route), { token, json: fields });
    const text = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    return t.http.request(route.method, path(route), { token, body: uploadForm(await image(8, 8), text) });
  }

  it('refuses, on every route that takes a body, every field its DTO does not declare', async () => {
    const writes = listRoutes(t.app).filter((r) => r.body);
    expect(writes.length).toBeGreaterThan(45);
    const wrong: string[] = [];
    for (const route of writes) {
      const sent = Object.fromEntries(Object.entries(FORBIDDEN).filter(([k]) => !route.body!.properties.includes(k)));
      // A multipart form takes at most 20 fields (the upload limits): send them a few at a time.
      const batches = route.multipart ? chunks(Object.keys(sent), 10) : [Object.keys(sent)];
      for (const keys of batches) {
        const res = await send(route, Object.fromEntries(keys.map((k) => [k, sent[k]])));
        const notRefused = keys.filter((k) => JSON.stringify(res.body?.[k]) !== JSON.stringify(['This field is not allowed.']));
        if (res.status !== 400 || notRefused.length)
          wrong.push(`${route.method} ${route.path}: ${res.status}, not refused: ${notRefused}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses a prototype-polluting body outright', async () => {
    for (const raw of [
      '{"name":"x","__proto__":{"role":"admin"}}',
      '{"name":"x","constructor":{"prototype":{"role":"admin"}}}',
    ]) {
      const res = await t.http.request('PATCH', '/users/me', {
        token: u.citizen.token,
        body: raw,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(400);
    }
    expect((await t.http.get('/users/me', { token: u.citizen.token })).body).toMatchObject({ role: 'citizen', is_staff: false });
    expect(({} as Record<string, unknown>).role).toBeUndefined();
  });

  describe('a refused request writes nothing', () => {
    const count = async (sql: string, params: unknown[] = []) => (await t.db.query(sql, params)).rows[0].n as number;

    it('registration cannot choose a role, staff or verified flag', async () => {
      const phone = nextPhone();
      for (const extra of [{ role: 'admin' }, { is_staff: true }, { is_verified: true }]) {
        const res = await t.http.post('/auth/register', { phone, name: 'Sneaky', password: 'a-good-password-1', ...extra });
        expect(res.status).toBe(400);
      }
      expect(await count('SELECT count(*)::int AS n FROM users WHERE phone = $1', [phone])).toBe(0);
    });

    it('a citizen cannot raise their own role, flags or phone, even beside an allowed change', async () => {
      const before = (await t.http.get('/users/me', { token: u.citizen.token })).body;
      for (const extra of [
        { role: 'admin' },
        { is_staff: true },
        { is_verified: true },
        { is_active: false },
        { phone: nextPhone() },
      ]) {
        const res = await t.http.patch('/users/me', { name: 'Changed Name', ...extra }, { token: u.citizen.token });
        expect(res.status).toBe(400);
      }
      expect((await t.http.get('/users/me', { token: u.citizen.token })).body).toEqual(before);
    });

    it('an admin cannot set what the admin API does not offer (verification, phone, password)', async () => {
      const before = (await t.http.get(`/users/${u.otherCitizen.id}`, { token: u.admin.token })).body;
      for (const extra of [{ is_verified: true }, { phone: nextPhone() }, { password: 'a-new-password-1' }]) {
        const res = await t.http.patch(`/users/${u.otherCitizen.id}`, { role: 'staff', ...extra }, { token: u.admin.token });
        expect(res.status).toBe(400);
      }
      expect((await t.http.get(`/users/${u.otherCitizen.id}`, { token: u.admin.token })).body).toEqual(before);
    });

    it('a complaint cannot be filed for someone else, already resolved, or assigned', async () => {
      const body = { title: 'T', description: 'D', category: 'পরিচ্ছন্নতা', priority: 'উচ্চ', location: 'L' };
      const before = await count('SELECT count(*)::int AS n FROM complaints');
      for (const extra of [
        { user: u.otherCitizen.id },
        { status: 'সমাধান হয়েছে' },
        { assigned_to: u.staff.id },
        { tracking_number: 'CC202601010001' },
      ]) {
        expect((await t.http.post('/complaints', { ...body, ...extra }, { token: u.citizen.token })).status).toBe(400);
      }
      expect(await count('SELECT count(*)::int AS n FROM complaints')).toBe(before);
      const own = await t.http.post('/complaints', body, { token: u.citizen.token });
      expect(own.status).toBe(201);
      for (const extra of [
        { status: 'সমাধান হয়েছে' },
        { user: u.otherCitizen.id },
        { resolved_at: '2026-01-01T00:00:00+06:00' },
      ]) {
        expect(
          (await t.http.patch(`/complaints/${own.body.id}`, { title: 'T2', ...extra }, { token: u.citizen.token })).status,
        ).toBe(400);
      }
      expect((await t.http.get(`/complaints/${own.body.id}`, { token: u.citizen.token })).body).toMatchObject({
        title: 'T',
        status: 'জমা দেওয়া হয়েছে',
        user: u.citizen.id,
        resolved_at: null,
      });
    });

    it('a payment or donation cannot arrive completed, with a transaction id or a receipt', async () => {
      const payment = { service_type: 'holding_tax', amount: '150.00', payment_method: 'bkash', phone_number: '01712345678' };
      const payments = await count('SELECT count(*)::int AS n FROM payments');
      for (const extra of [
        { status: 'completed' },
        { transaction_id: 'TRX1' },
        { user: u.otherCitizen.id },
        { invoice_number: 'X' },
      ]) {
        expect((await t.http.post('/payments', { ...payment, ...extra }, { token: u.citizen.token })).status).toBe(400);
      }
      const campaign = await t.http.post('/donations/campaigns', { title: 'Park', goal: '1000.00' }, { token: u.admin.token });
      const donation = { campaign_id: campaign.body.id, amount: '100.00', payment_method: 'bkash', phone_number: '01712345678' };
      for (const extra of [{ status: 'completed' }, { receipt_number: 'CCD1' }, { user: u.otherCitizen.id }]) {
        expect((await t.http.post('/donations', { ...donation, ...extra }, { token: u.citizen.token })).status).toBe(400);
      }
      expect(await count('SELECT count(*)::int AS n FROM payments')).toBe(payments);
      expect(await count('SELECT count(*)::int AS n FROM donations')).toBe(0);
    });

    it("an admin cannot set a campaign's raised amount, which only completed donations move", async () => {
      const campaign = await t.http.post('/donations/campaigns', { title: 'Canal', goal: '5000.00' }, { token: u.admin.token });
      expect(
        (await t.http.post('/donations/campaigns', { title: 'Rich', goal: '5.00', raised: '5.00' }, { token: u.admin.token }))
          .status,
      ).toBe(400);
      const res = await t.http.patch(
        `/donations/campaigns/${campaign.body.id}`,
        { title: 'Canal 2', raised: '4999.00' },
        { token: u.admin.token },
      );
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ raised: ['This field is not allowed.'] });
      expect((await t.http.get(`/donations/campaigns/${campaign.body.id}`)).body).toMatchObject({
        title: 'Canal',
        raised: '0.00',
      });
    });

    it('an emergency or pickup request cannot pick its own priority, status or responder', async () => {
      const emergency = { emergency_type: 'পুলিশ', description: 'D', location: 'L', latitude: 23.8, longitude: 90.4 };
      for (const extra of [
        { priority: 'নিম্ন' },
        { status: 'সমাধান হয়েছে' },
        { assigned_to: u.staff.id },
        { user: u.otherCitizen.id },
      ]) {
        expect((await t.http.post('/emergency/requests', { ...emergency, ...extra }, { token: u.citizen.token })).status).toBe(
          400,
        );
      }
      const preferred = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
      const pickup = { waste_type: 'bulky', address: 'A', preferred_date: preferred };
      for (const extra of [{ status: 'completed' }, { assigned_to: u.staff.id }, { scheduled_date: preferred }]) {
        expect(
          (await t.http.post('/waste-management/pickup-requests', { ...pickup, ...extra }, { token: u.citizen.token })).status,
        ).toBe(400);
      }
      expect(await count('SELECT count(*)::int AS n FROM emergency_requests')).toBe(0);
      expect(await count('SELECT count(*)::int AS n FROM waste_pickup_requests')).toBe(0);
    });

    it("a device token cannot be registered on someone else's account", async () => {
      const res = await t.http.post(
        '/users/me/devices',
        { token: 'fcm-device-token-forged-0001', platform: 'android', user_id: u.otherCitizen.id },
        { token: u.citizen.token },
      );
      expect(res.status).toBe(400);
      expect(await count(`SELECT count(*)::int AS n FROM user_devices WHERE token = 'fcm-device-token-forged-0001'`)).toBe(0);
    });
  });
});
