import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import sharp from 'sharp';
import { NoticePushService } from '../src/modules/notices/notice-push.service.js';
import { createRoleUsers, createUser, seedGeography, type Geography, type RoleUsers, type TestUser } from './helpers/fixtures.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { sleep, waitFor } from './helpers/wait.js';

const MEDIA_URL = 'http://media.test/media/';
const HOUR = 3_600_000;
const iso = (offsetMs: number): string => new Date(Date.now() + offsetMs).toISOString();

/** A minimal valid PDF (file-type recognises it by the %PDF- header). */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

describe('notices', () => {
  let t: TestApp;
  let geo: Geography;
  let u: RoleUsers;
  let homeless: TestUser;
  let roamingStaff: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    geo = await seedGeography(t);
    u = await createRoleUsers(t, geo);
    homeless = await createUser(t, { role: 'citizen', name: 'No Ward Citizen' });
    roamingStaff = await createUser(t, { role: 'staff', name: 'All Wards Staff' });
  });
  afterAll(() => t?.close());

  async function createNotice(body: Record<string, unknown>): Promise<any> {
    const res = await t.http.post(
      '/notices',
      { title: 'Notice', content: 'Body text', category: 'general', ...body },
      { token: u.admin.token },
    );
    expect(res.status).toBe(201);
    return res.body;
  }

  async function listIds(token?: string, query = ''): Promise<string[]> {
    const res = await t.http.get(`/notices?page_size=100${query}`, { token });
    expect(res.status).toBe(200);
    return res.body.results.map((n: { id: string }) => n.id);
  }

  const keyOf = (url: string): string => url.slice(MEDIA_URL.length);

  describe('permissions', () => {
    it('lets only admins write', async () => {
      const body = { title: 'x', content: 'y', category: 'general' };
      expect((await t.http.post('/notices', body)).status).toBe(401);
      expect((await t.http.post('/notices', body, { token: u.citizen.token })).status).toBe(403);
      expect((await t.http.post('/notices', body, { token: u.staff.token })).status).toBe(403);
      const notice = await createNotice({});
      for (const token of [u.citizen.token, u.staff.token]) {
        const patch = await t.http.patch(`/notices/${notice.id}`, { title: 'hijacked' }, { token });
        expect(patch.status).toBe(403);
        expect(patch.body).toEqual({ detail: 'You do not have permission to perform this action.' });
        expect((await t.http.delete(`/notices/${notice.id}`, { token })).status).toBe(403);
        expect((await t.http.delete(`/notices/${notice.id}/attachment`, { token })).status).toBe(403);
      }
      const form = new FormData();
      form.append('file', new Blob([PDF], { type: 'application/pdf' }), 'a.pdf');
      const upload = await t.http.request('POST', `/notices/${notice.id}/attachment`, { token: u.citizen.token, body: form });
      expect(upload.status).toBe(403);
      expect((await t.http.get(`/notices/${notice.id}`, { token: u.admin.token })).body.title).toBe('Notice');
    });

    it('keeps the admin view of inactive notices to admins', async () => {
      expect((await t.http.get('/notices?include_inactive=true', { token: u.citizen.token })).status).toBe(403);
      expect((await t.http.get('/notices?include_inactive=true', { token: u.staff.token })).status).toBe(403);
      expect((await t.http.get('/notices?include_inactive=true')).status).toBe(403);
      expect((await t.http.get('/notices?include_inactive=true', { token: u.admin.token })).status).toBe(200);
    });

    it('needs a token for the unread count', async () => {
      expect((await t.http.get('/notices/unread-count')).status).toBe(401);
    });
  });

  describe('validation', () => {
    it('answers missing and malformed fields keyed by field', async () => {
      const empty = await t.http.post('/notices', {}, { token: u.admin.token });
      expect(empty.status).toBe(400);
      expect(empty.body).toEqual({
        title: ['This field is required.'],
        content: ['This field is required.'],
        category: ['This field is required.'],
      });
      const bad = await t.http.post(
        '/notices',
        {
          title: 'x',
          content: 'y',
          category: 'gossip',
          priority: 'critical',
          published_at: 'tomorrow',
          target_wards: ['not-a-uuid'],
          pinned: true,
        },
        { token: u.admin.token },
      );
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body).sort()).toEqual(['category', 'pinned', 'priority', 'published_at', 'target_wards']);
      expect(bad.body.pinned).toEqual(['This field is not allowed.']);
      expect(bad.body.published_at[0]).toMatch(/Datetime has wrong format/);
    });

    it('refuses an impossible date rather than rolling it over', async () => {
      const res = await t.http.post(
        '/notices',
        { title: 'x', content: 'y', category: 'general', published_at: '2026-02-30T10:00:00+06:00' },
        { token: u.admin.token },
      );
      expect(res.status).toBe(400);
      expect(Object.keys(res.body)).toEqual(['published_at']);
    });

    it('requires expires_at after published_at, on create and on update', async () => {
      const res = await t.http.post(
        '/notices',
        { title: 'x', content: 'y', category: 'general', published_at: iso(HOUR), expires_at: iso(-HOUR) },
        { token: u.admin.token },
      );
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ expires_at: ['Must be later than published_at.'] });
      const notice = await createNotice({ expires_at: iso(2 * HOUR) });
      const patch = await t.http.patch(`/notices/${notice.id}`, { published_at: iso(3 * HOUR) }, { token: u.admin.token });
      expect(patch.status).toBe(400);
      expect(patch.body).toEqual({ expires_at: ['Must be later than published_at.'] });
    });

    it('refuses target wards that do not exist', async () => {
      const ghost = '6f1c7f43-7b0e-4c4b-9d64-2a8f0d1e2b3c';
      const res = await t.http.post(
        '/notices',
        { title: 'x', content: 'y', category: 'general', target_wards: [geo.wardIds[0], ghost] },
        { token: u.admin.token },
      );
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ target_wards: [`Invalid pk "${ghost}" - object does not exist.`] });
    });

    it('refuses null for fields that cannot be empty, but lets expires_at be cleared', async () => {
      const notice = await createNotice({ expires_at: iso(HOUR) });
      const res = await t.http.patch(`/notices/${notice.id}`, { title: null, published_at: null }, { token: u.admin.token });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ title: ['This field may not be null.'], published_at: ['This field may not be null.'] });
      const cleared = await t.http.patch(`/notices/${notice.id}`, { expires_at: null }, { token: u.admin.token });
      expect(cleared.status).toBe(200);
      expect(cleared.body.expires_at).toBeNull();
    });

    it('answers unknown ids with 404', async () => {
      expect((await t.http.get('/notices/not-a-uuid')).status).toBe(404);
      const missing = '6f1c7f43-7b0e-4c4b-9d64-2a8f0d1e2b3c';
      expect((await t.http.get(`/notices/${missing}`)).status).toBe(404);
      expect((await t.http.patch(`/notices/${missing}`, { title: 'x' }, { token: u.admin.token })).status).toBe(404);
      expect((await t.http.delete(`/notices/${missing}`, { token: u.admin.token })).status).toBe(404);
    });
  });

  describe('ward targeting and activity', () => {
    let everyone: any;
    let ward1: any;
    let ward2: any;
    let expired: any;
    let scheduled: any;

    beforeAll(async () => {
      await t.db.query('DELETE FROM notices');
      everyone = await createNotice({ title: 'City-wide water cut', category: 'water_supply', priority: 'high' });
      ward1 = await createNotice({ title: 'Ward 1 road repair', category: 'roads', target_wards: [geo.wardIds[0]] });
      ward2 = await createNotice({ title: 'Ward 2 drain cleaning', category: 'cleanliness', target_wards: [geo.wardIds[1]] });
      expired = await createNotice({ title: 'Old', published_at: iso(-48 * HOUR), expires_at: iso(-24 * HOUR) });
      scheduled = await createNotice({ title: 'Later', published_at: iso(24 * HOUR) });
    });

    it('shows anonymous callers and citizens without a ward only all-ward notices', async () => {
      expect(await listIds()).toEqual([everyone.id]);
      expect(await listIds(homeless.token)).toEqual([everyone.id]);
    });

    it("shows a citizen their home ward's notices and all-ward ones", async () => {
      expect((await listIds(u.citizen.token)).sort()).toEqual([everyone.id, ward1.id].sort());
      expect((await listIds(u.otherCitizen.token)).sort()).toEqual([everyone.id, ward2.id].sort());
    });

    it("shows staff their wards' notices; staff without wards and admins see every ward", async () => {
      expect((await listIds(u.staff.token)).sort()).toEqual([everyone.id, ward1.id].sort());
      expect((await listIds(u.otherStaff.token)).sort()).toEqual([everyone.id, ward2.id].sort());
      expect((await listIds(roamingStaff.token)).sort()).toEqual([everyone.id, ward1.id, ward2.id].sort());
      expect((await listIds(u.admin.token)).sort()).toEqual([everyone.id, ward1.id, ward2.id].sort());
    });

    it("answers 404 for another ward's notice, and for expired or scheduled ones", async () => {
      expect((await t.http.get(`/notices/${ward2.id}`, { token: u.citizen.token })).status).toBe(404);
      expect((await t.http.get(`/notices/${ward1.id}`)).status).toBe(404);
      expect((await t.http.get(`/notices/${ward1.id}`, { token: u.citizen.token })).status).toBe(200);
      for (const n of [expired, scheduled]) {
        expect((await t.http.get(`/notices/${n.id}`, { token: u.citizen.token })).status).toBe(404);
        expect((await t.http.get(`/notices/${n.id}`)).status).toBe(404);
      }
    });

    it('lets admins list and open inactive notices, flagged as such', async () => {
      const res = await t.http.get('/notices?include_inactive=true&page_size=100', { token: u.admin.token });
      const byId = new Map(res.body.results.map((n: any) => [n.id, n]));
      expect(byId.size).toBe(5);
      expect((byId.get(expired.id) as any).is_active).toBe(false);
      expect((byId.get(scheduled.id) as any).is_active).toBe(false);
      expect((byId.get(everyone.id) as any).is_active).toBe(true);
      const one = await t.http.get(`/notices/${scheduled.id}`, { token: u.admin.token });
      expect(one.status).toBe(200);
      expect(one.body.is_active).toBe(false);
    });

    it('drops a notice from lists once it expires', async () => {
      const brief = await createNotice({ title: 'Brief', expires_at: iso(1_500) });
      expect(await listIds(u.citizen.token)).toContain(brief.id);
      await sleep(1_700);
      expect(await listIds(u.citizen.token)).not.toContain(brief.id);
      expect(await listIds()).not.toContain(brief.id);
      expect((await t.http.get(`/notices/${brief.id}`, { token: u.citizen.token })).status).toBe(404);
      await t.http.delete(`/notices/${brief.id}`, { token: u.admin.token });
    });

    it('moves a notice to other wards when its targets change', async () => {
      const res = await t.http.patch(`/notices/${ward2.id}`, { target_wards: [geo.wardIds[0]] }, { token: u.admin.token });
      expect(res.status).toBe(200);
      expect(res.body.target_wards).toEqual([geo.wardIds[0]]);
      expect(await listIds(u.citizen.token)).toContain(ward2.id);
      expect(await listIds(u.otherCitizen.token)).not.toContain(ward2.id);
      await t.http.patch(`/notices/${ward2.id}`, { target_wards: [geo.wardIds[1]] }, { token: u.admin.token });
    });

    it('filters by category and priority, searches text, orders by publication', async () => {
      expect(await listIds(u.admin.token, '&category=roads')).toEqual([ward1.id]);
      expect(await listIds(u.admin.token, '&priority=high')).toEqual([everyone.id]);
      expect(await listIds(u.admin.token, '&search=drain')).toEqual([ward2.id]);
      expect(await listIds(u.admin.token, '&category=roads&priority=high')).toEqual([]);
      expect(await listIds(u.admin.token)).toEqual([ward2.id, ward1.id, everyone.id]);
      expect(await listIds(u.admin.token, '&ordering=published_at')).toEqual([everyone.id, ward1.id, ward2.id]);
      const bad = await t.http.get('/notices?category=gossip&ordering=title');
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body).sort()).toEqual(['category', 'ordering']);
    });

    it('records one view per user, counts unread notices and flags read ones in lists', async () => {
      await t.db.query('DELETE FROM notice_views');
      expect((await t.http.get('/notices/unread-count', { token: u.citizen.token })).body).toEqual({ count: 2 });
      expect((await t.http.get('/notices/unread-count', { token: u.otherCitizen.token })).body).toEqual({ count: 2 });

      // An anonymous read records nothing.
      await t.http.get(`/notices/${everyone.id}`);
      const opened = await t.http.get(`/notices/${everyone.id}`, { token: u.citizen.token });
      expect(opened.status).toBe(200);
      expect(opened.body.is_read).toBe(true);
      await t.http.get(`/notices/${everyone.id}`, { token: u.citizen.token });
      const views = await t.db.query('SELECT user_id FROM notice_views WHERE notice_id = $1', [everyone.id]);
      expect(views.rows).toEqual([{ user_id: u.citizen.id }]);

      expect((await t.http.get('/notices/unread-count', { token: u.citizen.token })).body).toEqual({ count: 1 });
      expect((await t.http.get('/notices/unread-count', { token: u.otherCitizen.token })).body).toEqual({ count: 2 });
      const list = await t.http.get('/notices', { token: u.citizen.token });
      const read = Object.fromEntries(list.body.results.map((n: any) => [n.id, n.is_read]));
      expect(read).toEqual({ [everyone.id]: true, [ward1.id]: false });
      const anonymous = await t.http.get('/notices');
      expect(anonymous.body.results[0].is_read).toBe(false);
    });

    it('answers a list in two SQL statements, read flags and target wards included', async () => {
      await t.http.get('/notices', { token: u.citizen.token }); // warms the token-revocation cache
      const res = await t.http.get('/notices', { token: u.citizen.token });
      expect(res.status).toBe(200);
      expect(res.body.results.length).toBe(2);
      expect(Number(res.headers.get('x-query-count'))).toBe(2);
    });

    it('returns the contract fields in snake_case', async () => {
      const res = await t.http.get(`/notices/${ward1.id}`, { token: u.staff.token });
      expect(Object.keys(res.body).sort()).toEqual(
        [
          'attachment_name',
          'attachment_type',
          'attachment_url',
          'category',
          'content',
          'created_at',
          'expires_at',
          'id',
          'is_active',
          'is_read',
          'priority',
          'published_at',
          'target_wards',
          'title',
          'updated_at',
        ].sort(),
      );
      expect(res.body.target_wards).toEqual([geo.wardIds[0]]);
      expect(res.body.published_at).toMatch(/\+06:00$/);
    });
  });

  describe('attachments', () => {
    it('stores a PDF or an image, serves it with its type, and removes replaced and deleted files', async () => {
      const notice = await createNotice({ title: 'With attachment' });
      const text = new FormData();
      text.append('file', new Blob(['just some text, not a pdf'], { type: 'application/pdf' }), 'fake.pdf');
      const refused = await t.http.request('POST', `/notices/${notice.id}/attachment`, { token: u.admin.token, body: text });
      expect(refused.status).toBe(415);

      const pdf = new FormData();
      pdf.append('file', new Blob([PDF], { type: 'application/pdf' }), '../../etc/schedule.pdf');
      const withPdf = await t.http.request('POST', `/notices/${notice.id}/attachment`, { token: u.admin.token, body: pdf });
      expect(withPdf.status).toBe(200);
      expect(withPdf.body.attachment_type).toBe('pdf');
      expect(withPdf.body.attachment_name).toBe('schedule.pdf');
      const pdfKey = keyOf(withPdf.body.attachment_url);
      expect(pdfKey).toMatch(/^public\/notices\/.+\.pdf$/);
      const served = await fetch(`${t.url}/media/${pdfKey}`);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await served.arrayBuffer()).equals(PDF)).toBe(true);

      const png = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#2a7' } })
        .png()
        .toBuffer();
      const image = new FormData();
      image.append('file', new Blob([png], { type: 'image/png' }), 'map.png');
      const withImage = await t.http.request('POST', `/notices/${notice.id}/attachment`, { token: u.admin.token, body: image });
      expect(withImage.status).toBe(200);
      expect(withImage.body.attachment_type).toBe('image');
      const imageKey = keyOf(withImage.body.attachment_url);
      expect(existsSync(join(t.mediaRoot, imageKey))).toBe(true);
      expect(existsSync(join(t.mediaRoot, pdfKey))).toBe(false);
      const servedImage = await fetch(`${t.url}/media/${imageKey}`);
      expect(servedImage.headers.get('content-type')).toBe('image/png');

      expect((await t.http.delete(`/notices/${notice.id}/attachment`, { token: u.admin.token })).status).toBe(204);
      expect(existsSync(join(t.mediaRoot, imageKey))).toBe(false);
      const after = await t.http.get(`/notices/${notice.id}`, { token: u.admin.token });
      expect(after.body.attachment_url).toBeNull();

      const again = new FormData();
      again.append('file', new Blob([PDF], { type: 'application/pdf' }), 'again.pdf');
      const reattached = await t.http.request('POST', `/notices/${notice.id}/attachment`, { token: u.admin.token, body: again });
      const againKey = keyOf(reattached.body.attachment_url);
      expect(existsSync(join(t.mediaRoot, againKey))).toBe(true);
      expect((await t.http.delete(`/notices/${notice.id}`, { token: u.admin.token })).status).toBe(204);
      expect(existsSync(join(t.mediaRoot, againKey))).toBe(false);
      expect((await t.http.get(`/notices/${notice.id}`, { token: u.admin.token })).status).toBe(404);
    });

    it('refuses an upload without a file, and one for a notice that does not exist', async () => {
      const notice = await createNotice({});
      const empty = await t.http.request('POST', `/notices/${notice.id}/attachment`, {
        token: u.admin.token,
        body: new FormData(),
      });
      expect(empty.status).toBe(400);
      expect(empty.body).toEqual({ file: ['No file was submitted.'] });
      const form = new FormData();
      form.append('file', new Blob([PDF], { type: 'application/pdf' }), 'a.pdf');
      const missing = await t.http.request('POST', '/notices/6f1c7f43-7b0e-4c4b-9d64-2a8f0d1e2b3c/attachment', {
        token: u.admin.token,
        body: form,
      });
      expect(missing.status).toBe(404);
    });
  });

  describe('urgent push', () => {
    const noticeRows = async (noticeId: string): Promise<string[]> => {
      const res = await t.db.query(
        `SELECT user_id FROM notifications WHERE category = 'notice' AND data->>'notice_id' = $1 ORDER BY user_id`,
        [noticeId],
      );
      return res.rows.map((r: { user_id: string }) => r.user_id);
    };
    const activeUserIds = async (): Promise<string[]> =>
      (await t.db.query('SELECT id FROM users WHERE is_active ORDER BY id')).rows.map((r: { id: string }) => r.id);

    it('notifies only the users of the target ward (residents and its staff), once, with a push each', async () => {
      const notice = await createNotice({
        title: 'Flood warning',
        content: 'Move vehicles off Road 5 tonight.',
        priority: 'urgent',
        target_wards: [geo.wardIds[0]],
      });
      const expected = [u.citizen.id, u.staff.id].sort();
      await waitFor(
        async () => (await t.db.query('SELECT pushed_at FROM notices WHERE id = $1', [notice.id])).rows[0].pushed_at,
        {
          what: 'urgent push to finish',
        },
      );
      expect(await noticeRows(notice.id)).toEqual(expected);

      const inbox = await t.http.get('/notifications', { token: u.citizen.token });
      const item = inbox.body.results.find((n: any) => n.data.notice_id === notice.id);
      expect(item.title).toBe('জরুরি নোটিশ: Flood warning');
      expect(item.body).toBe('Move vehicles off Road 5 tonight.');
      expect((await t.http.get('/notifications', { token: u.otherCitizen.token })).body.results).toEqual([]);

      const queue = t.app.get<Queue>(getQueueToken('notifications'));
      const pushedTo = async () =>
        (await queue.getJobs(['completed', 'waiting', 'active', 'delayed']))
          .filter((j) => j.name === 'send-push' && j.data.data?.notice_id === notice.id)
          .map((j) => j.data.userId as string)
          .sort();
      await waitFor(async () => (await pushedTo()).length === 2, { what: 'push jobs' });
      expect(await pushedTo()).toEqual(expected);

      // A rerun of the job changes nothing.
      const again = await t.app.get(NoticePushService).push(null, notice.id);
      expect(again).toEqual({ outcome: 'already-pushed', notified: 0 });
      expect(await noticeRows(notice.id)).toEqual(expected);
    });

    it('does not push a non-urgent notice, and pushes once it becomes urgent', async () => {
      const notice = await createNotice({ title: 'Becomes urgent', target_wards: [geo.wardIds[1]] });
      await sleep(500);
      expect(await noticeRows(notice.id)).toEqual([]);
      await t.http.patch(`/notices/${notice.id}`, { priority: 'urgent' }, { token: u.admin.token });
      await waitFor(async () => (await noticeRows(notice.id)).length === 2, { what: 'push after update' });
      expect(await noticeRows(notice.id)).toEqual([u.otherCitizen.id, u.otherStaff.id].sort());
    });

    it('pushes an all-ward urgent notice to every active user', async () => {
      const notice = await createNotice({ title: 'Cyclone signal 7', priority: 'urgent' });
      const everyone = await activeUserIds();
      await waitFor(async () => (await noticeRows(notice.id)).length === everyone.length, { what: 'city-wide push' });
      expect(await noticeRows(notice.id)).toEqual(everyone);
    });

    it('waits for a scheduled urgent notice to be published', async () => {
      const notice = await createNotice({ title: 'Scheduled alert', priority: 'urgent', published_at: iso(2_000) });
      await sleep(800);
      expect(await noticeRows(notice.id)).toEqual([]);
      await waitFor(async () => (await noticeRows(notice.id)).length > 0, { what: 'scheduled push', timeoutMs: 10_000 });
      expect(await noticeRows(notice.id)).toEqual(await activeUserIds());
    });

    it('never notifies a user twice when two runs overlap in small batches', async () => {
      // Written directly, so no job of its own runs: this test drives the fan-out.
      const inserted = await t.db.query(
        `INSERT INTO notices (title, content, category, priority, all_wards, published_at)
         VALUES ('Direct', 'Body', 'general', 'urgent', true, now() - interval '1 minute') RETURNING id`,
      );
      const id = inserted.rows[0].id as string;
      const pusher = t.app.get(NoticePushService);
      const [a, b] = await Promise.all([pusher.push(null, id, 2), pusher.push(null, id, 2)]);
      const everyone = await activeUserIds();
      expect(a.notified + b.notified).toBe(everyone.length);
      expect(await noticeRows(id)).toEqual(everyone);
      expect((await pusher.push(null, id, 2)).notified).toBe(0);
      expect(await noticeRows(id)).toEqual(everyone);
    });
  });
});
