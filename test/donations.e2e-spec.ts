import sharp from 'sharp';
import { startFakeGateways, type FakeGateways } from './helpers/fake-gateways.js';
import { createRoleUsers, createUser, seedGeography, type RoleUsers, type TestUser } from './helpers/fixtures.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { sleep, waitFor } from './helpers/wait.js';

describe('donations', () => {
  let t: TestApp;
  let gw: FakeGateways;
  let users: RoleUsers;
  let campaign: Record<string, any>;

  beforeAll(async () => {
    gw = await startFakeGateways();
    t = await startTestApp({ env: { ...gw.env(), PAYMENT_SWEEP_INTERVAL_MS: '60000' } });
    users = await createRoleUsers(t, await seedGeography(t));
    campaign = (
      await t.http.post(
        '/donations/campaigns',
        { title: 'Clean canals of Mirpur', description: 'Dredging and fencing', goal: 500000 },
        { token: users.admin.token },
      )
    ).body;
  });
  afterAll(async () => {
    await t?.close();
    await gw?.stop();
  });

  const donate = (user: TestUser, overrides: Record<string, unknown> = {}, headers?: Record<string, string>) =>
    t.http.post(
      '/donations',
      { campaign_id: campaign.id, amount: 500, payment_method: 'bkash', phone_number: '01712345678', ...overrides },
      { token: user.token, headers },
    );
  const raised = async (id = campaign.id): Promise<string> =>
    (await t.db.query('SELECT raised FROM donation_campaigns WHERE id = $1', [id])).rows[0].raised;
  /** The user pays at bKash and bKash calls back (n times at once). */
  const payByBkash = async (donation: Record<string, any>, times = 1) => {
    const paymentID = (await t.db.query('SELECT gateway_payment_id FROM payments WHERE id = $1', [donation.payment])).rows[0]
      .gateway_payment_id;
    gw.bkash.approve(paymentID);
    await Promise.all(
      Array.from({ length: times }, () => t.http.get(`/payments/callback/bkash?paymentID=${paymentID}&status=success`)),
    );
    return waitFor(
      async () => {
        const d = await t.http.get(`/donations/${donation.id}`, { token: donation.token });
        return d.body.status === 'completed' ? d.body : undefined;
      },
      { what: 'donation completed' },
    );
  };

  describe('campaigns', () => {
    it('lets an admin create one and lists it publicly with goal and raised as money', async () => {
      expect(campaign).toMatchObject({
        title: 'Clean canals of Mirpur',
        goal: '500000.00',
        raised: '0.00',
        progress: 0,
        is_active: true,
        image_url: null,
      });
      const list = await t.http.get('/donations/campaigns');
      expect(list.status).toBe(200);
      expect(list.body.results.map((c: any) => c.id)).toContain(campaign.id);
      expect((await t.http.get(`/donations/campaigns/${campaign.id}`)).body.goal).toBe('500000.00');
    });

    it('refuses citizens and invalid input', async () => {
      expect((await t.http.post('/donations/campaigns', { title: 'x', goal: 10 }, { token: users.citizen.token })).status).toBe(
        403,
      );
      const bad = await t.http.post(
        '/donations/campaigns',
        { title: '', goal: 0, starts_at: 'tomorrow', raised: '99.00' },
        { token: users.admin.token },
      );
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body).sort()).toEqual(['goal', 'raised', 'starts_at', 'title']);
      const dates = await t.http.post(
        '/donations/campaigns',
        { title: 'Backwards', goal: 10, starts_at: '2026-12-01T00:00:00+06:00', ends_at: '2026-11-01T00:00:00+06:00' },
        { token: users.admin.token },
      );
      expect(dates.body).toEqual({ ends_at: ['Must be later than starts_at.'] });
    });

    it('hides inactive, future and ended campaigns from the public list but not from admins', async () => {
      const inactive = (
        await t.http.post('/donations/campaigns', { title: 'Paused', goal: 1000, is_active: false }, { token: users.admin.token })
      ).body;
      const future = (
        await t.http.post(
          '/donations/campaigns',
          { title: 'Next year', goal: 1000, starts_at: '2099-01-01T00:00:00+06:00' },
          { token: users.admin.token },
        )
      ).body;
      const ended = (
        await t.http.post(
          '/donations/campaigns',
          { title: 'Over', goal: 1000, starts_at: '2020-01-01T00:00:00+06:00', ends_at: '2020-02-01T00:00:00+06:00' },
          { token: users.admin.token },
        )
      ).body;
      const hidden = [inactive.id, future.id, ended.id];
      const publicIds = (await t.http.get('/donations/campaigns?page_size=100')).body.results.map((c: any) => c.id);
      expect(publicIds.filter((id: string) => hidden.includes(id))).toEqual([]);
      expect((await t.http.get(`/donations/campaigns/${inactive.id}`)).status).toBe(404);
      const adminIds = (
        await t.http.get('/donations/campaigns?all=true&page_size=100', { token: users.admin.token })
      ).body.results.map((c: any) => c.id);
      expect(adminIds).toEqual(expect.arrayContaining(hidden));
      expect((await donate(users.citizen, { campaign_id: ended.id })).body).toEqual({ campaign_id: [expect.any(String)] });
    });

    it('updates, takes a picture, and deletes only a campaign without donations', async () => {
      const c = (await t.http.post('/donations/campaigns', { title: 'Trees', goal: 2000 }, { token: users.admin.token })).body;
      const patched = await t.http.patch(
        `/donations/campaigns/${c.id}`,
        { goal: '2500.50', title: 'More trees' },
        { token: users.admin.token },
      );
      expect(patched.body).toMatchObject({ goal: '2500.50', title: 'More trees', raised: '0.00' });
      const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3a7' } })
        .png()
        .toBuffer();
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'tree.png');
      const withImage = await t.http.request('POST', `/donations/campaigns/${c.id}/image`, {
        token: users.admin.token,
        body: form,
      });
      expect(withImage.status).toBe(201);
      expect(withImage.body.image_url).toMatch(/^http:\/\/media\.test\/media\/public\/campaigns\//);
      expect((await t.http.delete(`/donations/campaigns/${c.id}`, { token: users.admin.token })).status).toBe(204);
      expect((await t.http.get(`/donations/campaigns/${c.id}`, { token: users.admin.token })).status).toBe(404);
      const used = (await t.http.post('/donations/campaigns', { title: 'Used', goal: 2000 }, { token: users.admin.token })).body;
      expect((await donate(users.citizen, { campaign_id: used.id })).status).toBe(201);
      expect((await t.http.delete(`/donations/campaigns/${used.id}`, { token: users.admin.token })).status).toBe(409);
    });
  });

  describe('donating', () => {
    it('creates a pending donation with its payment and redirect URL; raised does not move before completion', async () => {
      const res = await donate(users.citizen, { amount: '250.50', is_anonymous: true, message: 'For the canal' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        campaign: campaign.id,
        campaign_title: 'Clean canals of Mirpur',
        amount: '250.50',
        payment_method: 'bkash',
        status: 'pending',
        is_anonymous: true,
        message: 'For the canal',
        receipt_number: null,
      });
      expect(res.body.redirect_url).toMatch(/^https:\/\//);
      const payment = await t.http.get(`/payments/${res.body.payment}`, { token: users.citizen.token });
      expect(payment.body).toMatchObject({ service_type: 'donation', amount: '250.50', status: 'pending' });
      expect(await raised()).toBe('0.00');
    });

    it('validates the amount and the campaign', async () => {
      expect(Object.keys((await donate(users.citizen, { amount: 0 })).body)).toEqual(['amount']);
      expect(Object.keys((await donate(users.citizen, { amount: '10.001' })).body)).toEqual(['amount']);
      expect(Object.keys((await donate(users.citizen, { amount: '500000.01' })).body)).toEqual(['amount']);
      expect((await donate(users.citizen, { campaign_id: '00000000-0000-4000-8000-000000000000' })).body).toEqual({
        campaign_id: [expect.any(String)],
      });
      expect((await donate(users.citizen, { payment_method: 'visa' })).body).toEqual({ payment_method: [expect.any(String)] });
    });

    it('on completion assigns a receipt number and adds to raised exactly once, however many callbacks arrive', async () => {
      const u = await createUser(t);
      const before = await raised();
      const d = { ...(await donate(u, { amount: '1000.25' })).body, token: u.token };
      const done = await payByBkash(d, 10);
      expect(done.receipt_number).toMatch(/^CCD\d{8}\d{6}$/);
      await sleep(800);
      const after = await raised();
      expect(Math.round((Number(after) - Number(before)) * 100)).toBe(100025);
      expect(t.sms.to(u.phone)).toHaveLength(1);
      // A completed donation's settlement run again changes nothing either.
      await t.http.get(
        `/payments/callback/bkash?paymentID=${(await t.db.query('SELECT gateway_payment_id FROM payments WHERE id = $1', [d.payment])).rows[0].gateway_payment_id}&status=success`,
      );
      await sleep(300);
      expect(await raised()).toBe(after);
      const again = await t.http.get(`/donations/${d.id}`, { token: u.token });
      expect(again.body.receipt_number).toBe(done.receipt_number);
    });

    it('gives receipt numbers that differ', async () => {
      const u = await createUser(t);
      const a = await payByBkash({ ...(await donate(u)).body, token: u.token });
      const b = await payByBkash({ ...(await donate(u)).body, token: u.token });
      expect(a.receipt_number).not.toBe(b.receipt_number);
    });

    it('thanks donors above 10,000 taka, and only them', async () => {
      const big = await createUser(t);
      const exact = await createUser(t);
      await payByBkash({ ...(await donate(big, { amount: '10000.01' })).body, token: big.token });
      await payByBkash({ ...(await donate(exact, { amount: '10000.00' })).body, token: exact.token });
      await sleep(300);
      const thanks = (u: TestUser) =>
        t.db.query(`SELECT body FROM notifications WHERE user_id = $1 AND category = 'donation'`, [u.id]);
      const bigThanks = (await thanks(big)).rows;
      expect(bigThanks).toHaveLength(1);
      expect(bigThanks[0].body).toContain('10000.01 টাকা');
      expect(bigThanks[0].body).toContain('Clean canals of Mirpur');
      expect((await thanks(exact)).rows).toHaveLength(0);
    });

    it('replays an Idempotency-Key: one donation, one payment', async () => {
      const u = await createUser(t);
      const first = await donate(u, {}, { 'Idempotency-Key': 'donate-1' });
      const second = await donate(u, {}, { 'Idempotency-Key': 'donate-1' });
      expect(second.status).toBe(201);
      expect(second.body.id).toBe(first.body.id);
      expect((await donate(u, { amount: 501 }, { 'Idempotency-Key': 'donate-1' })).status).toBe(409);
      expect((await t.db.query('SELECT count(*)::int AS n FROM donations WHERE user_id = $1', [u.id])).rows[0].n).toBe(1);
    });

    it('gives the money back from raised when an admin refunds a donation', async () => {
      const u = await createUser(t);
      const d = await payByBkash({ ...(await donate(u, { amount: '300.00' })).body, token: u.token });
      const before = Number(await raised());
      const res = await t.http.post(`/payments/${d.payment}/refund`, { reason: 'Donor asked' }, { token: users.admin.token });
      expect(res.status).toBe(200);
      expect(Number(await raised())).toBeCloseTo(before - 300, 2);
      const after = await t.http.get(`/donations/${d.id}`, { token: u.token });
      expect(after.body.status).toBe('refunded');
      expect(after.body.refunded_at).toBeTruthy();
    });
  });

  describe('receipts, lists and access', () => {
    it('serves the PDF receipt to the owner once completed; 409 before, 404 for anyone else', async () => {
      const u = await createUser(t);
      const other = await createUser(t);
      const d = (await donate(u, { amount: '750.00' })).body;
      const early = await t.http.get(`/donations/${d.id}/receipt`, { token: u.token });
      expect(early.status).toBe(409);
      expect(early.body).toEqual({ detail: expect.any(String) });
      const done = await payByBkash({ ...d, token: u.token });
      const res = await fetch(`${t.http.baseUrl}/donations/${d.id}/receipt`, { headers: { authorization: `Bearer ${u.token}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toContain(`donation-receipt-${done.receipt_number}.pdf`);
      const pdf = Buffer.from(await res.arrayBuffer());
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect((await t.http.get(`/donations/${d.id}/receipt`, { token: other.token })).status).toBe(404);
      expect((await t.http.get(`/donations/${d.id}`, { token: other.token })).status).toBe(404);
      expect((await t.http.get(`/donations/${d.id}/receipt`, { token: users.admin.token })).status).toBe(404);
    });

    it('lists only the caller’s donations', async () => {
      const u = await createUser(t);
      const d = (await donate(u)).body;
      const mine = await t.http.get('/donations', { token: u.token });
      expect(mine.body.results.map((r: any) => r.id)).toEqual([d.id]);
      const theirs = await t.http.get('/donations?page_size=100', { token: users.otherCitizen.token });
      expect(theirs.body.results.some((r: any) => r.id === d.id)).toBe(false);
    });

    it('reports completed donations per campaign to admins only', async () => {
      const second = (
        await t.http.post('/donations/campaigns', { title: 'Street lights', goal: 100000 }, { token: users.admin.token })
      ).body;
      const u1 = await createUser(t);
      const u2 = await createUser(t);
      await payByBkash({ ...(await donate(u1, { campaign_id: second.id, amount: '100.00' })).body, token: u1.token });
      await payByBkash({ ...(await donate(u1, { campaign_id: second.id, amount: '200.00' })).body, token: u1.token });
      await payByBkash({ ...(await donate(u2, { campaign_id: second.id, amount: '300.00' })).body, token: u2.token });
      await donate(u2, { campaign_id: second.id, amount: '999.00' }); // pending: not counted
      expect((await t.http.get('/donations/report', { token: users.citizen.token })).status).toBe(403);
      const report = await t.http.get('/donations/report', { token: users.admin.token });
      expect(report.status).toBe(200);
      const row = report.body.find((r: any) => r.campaign === second.id);
      expect(row).toEqual({
        campaign: second.id,
        title: 'Street lights',
        goal: '100000.00',
        raised: '600.00',
        donations: 3,
        total: '600.00',
        donors: 2,
      });
      const none = await t.http.get('/donations/report?from=2099-01-01T00:00:00%2B06:00', { token: users.admin.token });
      expect(none.body.find((r: any) => r.campaign === second.id)).toMatchObject({ donations: 0, total: '0.00', donors: 0 });
      expect((await t.http.get(`/donations/campaigns/${second.id}`)).body).toMatchObject({ raised: '600.00', progress: 0.6 });
    });
  });
});
