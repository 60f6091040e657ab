import { dhakaDate } from '../src/common/time/dhaka-time.js';
import { createRoleUsers, createUser, seedGeography, type Geography, type RoleUsers, type TestUser } from './helpers/fixtures.js';
import { connectSocket, connected } from './helpers/sockets.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { sleep, waitFor } from './helpers/wait.js';

const SUBMITTED = 'জমা দেওয়া হয়েছে';
const IN_PROGRESS = 'প্রক্রিয়াধীন';
const RESOLVED = 'সমাধান হয়েছে';
const CANCELLED = 'বাতিল';

const base = {
  title: 'রাস্তায় ময়লার স্তূপ',
  description: 'তিন দিন ধরে ময়লা পড়ে আছে, দুর্গন্ধ ছড়াচ্ছে।',
  category: 'পরিচ্ছন্নতা',
  priority: 'উচ্চ',
  location: 'রোড ১২, বাড়ি ৫, মিরপুর',
};

describe('complaints', () => {
  let t: TestApp;
  let geo: Geography;
  let u: RoleUsers;

  const file = async (user: TestUser, overrides: Record<string, unknown> = {}) => {
    const res = await t.http.post('/complaints', { ...base, ...overrides }, { token: user.token });
    expect(res.status).toBe(201);
    return res.body;
  };
  const setStatus = (user: TestUser, id: string, body: Record<string, unknown>) =>
    t.http.patch(`/complaints/${id}/update_status`, body, { token: user.token });

  beforeAll(async () => {
    t = await startTestApp();
    geo = await seedGeography(t);
    u = await createRoleUsers(t, geo);
  });
  afterAll(() => t?.close());

  describe('filing', () => {
    it("creates a complaint with the seed's fields, the default status and a tracking number", async () => {
      const res = await t.http.post(
        '/complaints',
        { ...base, latitude: 23.8103, longitude: '90.4125' },
        { token: u.citizen.token },
      );
      expect(res.status).toBe(201);
      const c = res.body;
      expect(Object.keys(c).sort()).toEqual(
        [
          'assigned_to',
          'attachments',
          'category',
          'created_at',
          'description',
          'id',
          'latitude',
          'location',
          'longitude',
          'priority',
          'resolved_at',
          'review',
          'status',
          'title',
          'tracking_number',
          'updated_at',
          'user',
          'ward',
        ].sort(),
      );
      expect(c).toMatchObject({
        ...base,
        status: SUBMITTED,
        user: u.citizen.id,
        ward: geo.wardIds[0], // the citizen's home ward
        latitude: 23.8103,
        longitude: 90.4125,
        assigned_to: null,
        resolved_at: null,
        attachments: [],
        review: null,
      });
      expect(c.tracking_number).toMatch(new RegExp(`^CC${dhakaDate().replaceAll('-', '')}\\d{4}$`));
      expect(c.created_at).toMatch(/\+06:00$/);
      const row = await t.db.query('SELECT status, user_id FROM complaints WHERE id = $1', [c.id]);
      expect(row.rows[0]).toEqual({ status: SUBMITTED, user_id: u.citizen.id });
    });

    it('takes an explicit ward, or none', async () => {
      expect((await file(u.citizen, { ward: geo.wardIds[1] })).ward).toBe(geo.wardIds[1]);
      expect((await file(u.citizen, { ward: null })).ward).toBeNull();
    });

    it('costs one SQL statement in the home ward, two in a ward the client names', async () => {
      await file(u.citizen); // past the process's first authenticated request, which reads the revocation markers
      // The day's counter, the complaint (in the home ward read by the insert) and its first history
      // row are one autocommitted statement, whose answer is the complaint as answered.
      const home = await t.http.post('/complaints', base, { token: u.citizen.token });
      expect(home.status).toBe(201);
      expect(home.headers.get('x-query-count')).toBe('1');
      expect(home.body.ward).toBe(geo.wardIds[0]);
      // A named ward is checked to exist first.
      const named = await t.http.post('/complaints', { ...base, ward: geo.wardIds[1] }, { token: u.citizen.token });
      expect(named.status).toBe(201);
      expect(named.headers.get('x-query-count')).toBe('2');
      const history = await t.db.query(
        'SELECT from_status, to_status, changed_by_id FROM complaint_status_changes WHERE complaint_id = $1',
        [named.body.id],
      );
      expect(history.rows).toEqual([{ from_status: null, to_status: SUBMITTED, changed_by_id: u.citizen.id }]);
    });

    it('keeps the counter, the complaint and its history together: a failed history row files nothing', async () => {
      await file(u.citizen);
      const day = dhakaDate();
      const counter = async () =>
        (await t.db.query('SELECT last FROM complaint_daily_counters WHERE day = $1', [day])).rows[0].last as number;
      const complaints = async () => Number((await t.db.query('SELECT count(*) FROM complaints')).rows[0].count);
      const [lastBefore, countBefore] = [await counter(), await complaints()];
      // The last of the three writes fails (a trigger stands in for any database error).
      await t.db.query(`
        CREATE FUNCTION test_refuse_history() RETURNS trigger LANGUAGE plpgsql AS
          $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
        CREATE TRIGGER test_refuse_history BEFORE INSERT ON complaint_status_changes
          FOR EACH ROW EXECUTE FUNCTION test_refuse_history();`);
      try {
        const res = await t.http.post('/complaints', base, { token: u.citizen.token });
        expect(res.status).toBe(500);
      } finally {
        await t.db.query('DROP TRIGGER test_refuse_history ON complaint_status_changes; DROP FUNCTION test_refuse_history();');
      }
      expect([await counter(), await complaints()]).toEqual([lastBefore, countBefore]);
      // The next complaint takes the next number: no gap.
      const next = await file(u.citizen);
      expect(Number(next.tracking_number.slice(10))).toBe(lastBefore + 1);
    });

    it('answers each invalid choice with 400 keyed by the field', async () => {
      for (const field of ['category', 'priority']) {
        const res = await t.http.post('/complaints', { ...base, [field]: 'nonsense' }, { token: u.citizen.token });
        expect(res.status).toBe(400);
        expect(res.body).toEqual({ [field]: ['"nonsense" is not a valid choice.'] });
      }
    });

    it('refuses a status on create, missing fields, bad coordinates and unknown wards', async () => {
      const withStatus = await t.http.post('/complaints', { ...base, status: RESOLVED }, { token: u.citizen.token });
      expect(withStatus.status).toBe(400);
      expect(withStatus.body).toEqual({ status: ['This field is not allowed.'] });

      const empty = await t.http.post('/complaints', {}, { token: u.citizen.token });
      expect(empty.status).toBe(400);
      for (const f of ['title', 'description', 'category', 'priority', 'location']) {
        expect(empty.body[f]).toEqual(['This field is required.']);
      }

      const lat = await t.http.post('/complaints', { ...base, latitude: 91, longitude: 90 }, { token: u.citizen.token });
      expect(lat.status).toBe(400);
      expect(Object.keys(lat.body)).toEqual(['latitude']);

      const lng = await t.http.post('/complaints', { ...base, latitude: 23, longitude: -181 }, { token: u.citizen.token });
      expect(lng.status).toBe(400);
      expect(Object.keys(lng.body)).toEqual(['longitude']);

      const half = await t.http.post('/complaints', { ...base, latitude: 23 }, { token: u.citizen.token });
      expect(half.status).toBe(400);
      expect(half.body).toEqual({ longitude: ['Give both latitude and longitude, or neither.'] });

      const ward = '00000000-0000-4000-8000-000000000000';
      const noWard = await t.http.post('/complaints', { ...base, ward }, { token: u.citizen.token });
      expect(noWard.status).toBe(400);
      expect(noWard.body).toEqual({ ward: [`Invalid pk "${ward}" - object does not exist.`] });

      const blank = await t.http.post('/complaints', { ...base, title: '   ' }, { token: u.citizen.token });
      expect(blank.status).toBe(400);
      expect(blank.body).toEqual({ title: ['This field may not be blank.'] });
    });

    it('needs a token', async () => {
      expect((await t.http.post('/complaints', base)).status).toBe(401);
      expect((await t.http.get('/complaints')).status).toBe(401);
    });

    it('gives 50 concurrent creates 50 distinct, consecutive tracking numbers', async () => {
      const filer = await createUser(t, { wardId: geo.wardIds[0] });
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          t.http.post('/complaints', { ...base, title: `একসাথে ${i}` }, { token: filer.token }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
      const numbers = results.map((r) => r.body.tracking_number as string);
      expect(new Set(numbers).size).toBe(50);
      const counters = numbers.map((n) => Number(n.slice(10))).sort((a, b) => a - b);
      expect(counters[49] - counters[0]).toBe(49); // no gaps, no repeats
      const prefix = `CC${dhakaDate().replaceAll('-', '')}`;
      for (const n of numbers) expect(n.startsWith(prefix)).toBe(true);
    });
  });

  describe('lists', () => {
    // A citizen with a known set of complaints, so every filter has something to leave out.
    let lister: TestUser;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      lister = await createUser(t, { wardId: geo.wardIds[0] });
      ids.drain = (
        await file(lister, {
          title: 'ড্রেন বন্ধ হয়ে গেছে',
          description: 'Water logging near the mosque',
          category: 'পানি সরবরাহ',
          priority: 'নিম্ন',
        })
      ).id;
      ids.light = (
        await file(lister, {
          title: 'Street light broken',
          description: 'রাতে অন্ধকার, বিদ্যুৎ নেই',
          category: 'বিদ্যুৎ',
          priority: 'মধ্যম',
          ward: geo.wardIds[1],
        })
      ).id;
      ids.waste = (await file(lister, { title: 'ময়লা ফেলার জায়গা নেই', category: 'বর্জ্য ব্যবস্থাপনা', priority: 'উচ্চ' })).id;
      await setStatus(u.admin, ids.waste, { status: IN_PROGRESS });
    });

    const list = (user: TestUser, query = '') => t.http.get(`/complaints${query}`, { token: user.token });
    const idsOf = (body: { results: Array<{ id: string }> }) => body.results.map((r) => r.id);

    it('pages DRF-style, newest first, only the caller’s own for a citizen', async () => {
      const res = await list(lister);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['count', 'next', 'previous', 'results']);
      expect(res.body.count).toBe(3);
      expect(res.body.next).toBeNull();
      expect(res.body.previous).toBeNull();
      expect(idsOf(res.body)).toEqual([ids.waste, ids.light, ids.drain]);
      const page = await list(lister, '?page_size=2&page=2');
      expect(idsOf(page.body)).toEqual([ids.drain]);
      expect(page.body.previous).toMatch(/\/api\/v1\/complaints\?page_size=2$/);
      expect((await list(lister, '?page=3&page_size=2')).status).toBe(404);
    });

    it('filters by category, status, priority and ward', async () => {
      expect(idsOf((await list(lister, `?category=${encodeURIComponent('বিদ্যুৎ')}`)).body)).toEqual([ids.light]);
      expect(idsOf((await list(lister, `?status=${encodeURIComponent(IN_PROGRESS)}`)).body)).toEqual([ids.waste]);
      expect(idsOf((await list(lister, `?status=${encodeURIComponent(SUBMITTED)}`)).body)).toEqual([ids.light, ids.drain]);
      expect(idsOf((await list(lister, `?priority=${encodeURIComponent('নিম্ন')}`)).body)).toEqual([ids.drain]);
      expect(idsOf((await list(lister, `?ward=${geo.wardIds[1]}`)).body)).toEqual([ids.light]);
      const combined = await list(lister, `?ward=${geo.wardIds[0]}&priority=${encodeURIComponent('উচ্চ')}`);
      expect(idsOf(combined.body)).toEqual([ids.waste]);
    });

    it('answers an invalid filter or ordering with 400 keyed by the parameter', async () => {
      const bad = await list(lister, '?status=done');
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({ status: ['Select a valid choice. done is not one of the available choices.'] });
      expect((await list(lister, '?ward=nope')).body).toEqual({ ward: ['Must be a valid UUID.'] });
      const ordering = await list(lister, '?ordering=title');
      expect(ordering.status).toBe(400);
      expect(Object.keys(ordering.body)).toEqual(['ordering']);
      expect((await list(lister, '?unknown=1')).body).toEqual({ unknown: ['This field is not allowed.'] });
    });

    it('searches title and description for Bengali and English substrings', async () => {
      const search = async (q: string) => idsOf((await list(lister, `?search=${encodeURIComponent(q)}`)).body);
      expect(await search('ড্রেন')).toEqual([ids.drain]); // Bengali, in a title
      expect(await search('অন্ধকার')).toEqual([ids.light]); // Bengali, in a description
      expect(await search('ময়লা')).toEqual([ids.waste]);
      expect(await search('LIGHT')).toEqual([ids.light]); // case-insensitive
      expect(await search('mosque')).toEqual([ids.drain]);
      expect(await search('%')).toEqual([]); // wildcards are literal
      expect(await search('নেই')).toEqual([ids.waste, ids.light]);
    });

    it('orders by created_at or updated_at, either way', async () => {
      expect(idsOf((await list(lister, '?ordering=created_at')).body)).toEqual([ids.drain, ids.light, ids.waste]);
      expect(idsOf((await list(lister, '?ordering=-created_at')).body)).toEqual([ids.waste, ids.light, ids.drain]);
      await t.http.patch(`/complaints/${ids.drain}`, { priority: 'মধ্যম' }, { token: lister.token });
      expect(idsOf((await list(lister, '?ordering=-updated_at')).body)[0]).toBe(ids.drain);
      expect(idsOf((await list(lister, '?ordering=updated_at')).body).at(-1)).toBe(ids.drain);
    });

    it('caps page_size at 100', async () => {
      const bulk = await createUser(t, { wardId: geo.wardIds[0] });
      await t.db.query(
        `INSERT INTO complaints (tracking_number, user_id, title, description, category, priority, location, ward_id)
         SELECT 'CC19990101' || lpad(g::text, 4, '0'), $1, 'বাল্ক ' || g, 'বর্ণনা', 'অন্যান্য', 'নিম্ন', 'কোথাও', $2
           FROM generate_series(1, 105) g`,
        [bulk.id, geo.wardIds[0]],
      );
      const res = await list(bulk, '?page_size=1000');
      expect(res.status).toBe(200);
      expect(res.body.count).toBe(105);
      expect(res.body.results).toHaveLength(100);
      expect(res.body.next).toMatch(/page=2/);
      expect((await list(bulk, '?page_size=0')).status).toBe(400);
    });

    it('costs two SQL queries whatever the page size, attachments included', async () => {
      // Attachments on every complaint of the lister, written directly: the list must bring them along without a query per row.
      await t.db.query(
        `INSERT INTO complaint_attachments (complaint_id, file_key, file_type, content_type, size)
         SELECT c.id, 'private/complaints/x/' || c.id || '-' || g || '.jpg', 'image', 'image/jpeg', 10
           FROM complaints c, generate_series(1, 2) g WHERE c.user_id = $1`,
        [lister.id],
      );
      for (const [user, query] of [
        [lister, '?page_size=1'],
        [lister, '?page_size=100'],
        [lister, `?page_size=100&search=${encodeURIComponent('নেই')}&ordering=updated_at`],
        [u.staff, '?page_size=100'],
        [u.admin, '?page_size=100'],
      ] as Array<[TestUser, string]>) {
        const res = await list(user, query);
        expect(res.status).toBe(200);
        expect(res.headers.get('x-query-count')).toBe('2');
      }
      const res = await list(lister, '?page_size=100');
      for (const c of res.body.results) {
        expect(c.attachments).toHaveLength(2);
        expect(c.attachments[0].file).toBe(`${t.url}/api/v1/complaints/${c.id}/attachments/${c.attachments[0].id}`);
      }
      const one = await t.http.get(`/complaints/${ids.drain}`, { token: lister.token });
      expect(one.headers.get('x-query-count')).toBe('1');
      expect(one.body.attachments).toHaveLength(2);
    });
  });

  describe('visibility', () => {
    let mine: { id: string; tracking_number: string };
    let inWard2: { id: string };
    let allWardsStaff: TestUser;

    beforeAll(async () => {
      mine = await file(u.citizen); // ward 1
      inWard2 = await file(u.otherCitizen); // ward 2 (their home ward)
      allWardsStaff = await createUser(t, { role: 'staff', name: 'Staff Everywhere' });
    });

    it("gives another citizen 404 on everything about someone's complaint", async () => {
      const as = { token: u.otherCitizen.token };
      const id = mine.id;
      expect((await t.http.get(`/complaints/${id}`, as)).status).toBe(404);
      expect((await t.http.patch(`/complaints/${id}`, { title: 'x' }, as)).status).toBe(404);
      expect((await t.http.delete(`/complaints/${id}`, as)).status).toBe(404);
      expect((await t.http.get(`/complaints/${id}/history`, as)).status).toBe(404);
      expect((await t.http.get(`/complaints/track/${mine.tracking_number}`, as)).status).toBe(404);
      expect((await t.http.post(`/complaints/${id}/review`, { rating: 5 }, as)).status).toBe(404);
      const form = new FormData();
      form.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), 'a.pdf');
      const upload = await t.http.request('POST', `/complaints/${id}/attachments`, { ...as, body: form });
      expect(upload.status).toBe(404);
      const res = await t.http.get(`/complaints/${id}`, as);
      expect(res.body).toEqual({ detail: 'Not found.' });
      const list = await t.http.get('/complaints?page_size=100', as);
      expect(list.body.results.map((c: { id: string }) => c.id)).not.toContain(id);
      // still there for its owner
      expect((await t.http.get(`/complaints/${id}`, { token: u.citizen.token })).status).toBe(200);
    });

    it("shows staff their wards' complaints only, and everything to staff without wards and admins", async () => {
      expect((await t.http.get(`/complaints/${mine.id}`, { token: u.staff.token })).status).toBe(200);
      expect((await t.http.get(`/complaints/${inWard2.id}`, { token: u.staff.token })).status).toBe(404);
      expect((await t.http.get(`/complaints/${inWard2.id}/history`, { token: u.staff.token })).status).toBe(404);
      expect((await setStatus(u.staff, inWard2.id, { status: IN_PROGRESS })).status).toBe(404);
      const staffList = await t.http.get('/complaints?page_size=100', { token: u.staff.token });
      expect(
        staffList.body.results.every((c: { ward: string; user: string }) => c.ward === geo.wardIds[0] || c.user === u.staff.id),
      ).toBe(true);
      for (const viewer of [allWardsStaff, u.admin]) {
        expect((await t.http.get(`/complaints/${mine.id}`, { token: viewer.token })).status).toBe(200);
        expect((await t.http.get(`/complaints/${inWard2.id}`, { token: viewer.token })).status).toBe(200);
      }
      const all = await t.http.get('/complaints?page_size=1', { token: u.admin.token });
      const own = await t.http.get('/complaints?page_size=1', { token: u.staff.token });
      expect(all.body.count).toBeGreaterThan(own.body.count);
    });

    it('finds a complaint by tracking number for its owner and staff in scope', async () => {
      const owner = await t.http.get(`/complaints/track/${mine.tracking_number.toLowerCase()}`, { token: u.citizen.token });
      expect(owner.status).toBe(200);
      expect(owner.body.id).toBe(mine.id);
      expect((await t.http.get(`/complaints/track/${mine.tracking_number}`, { token: u.staff.token })).status).toBe(200);
      expect((await t.http.get(`/complaints/track/${mine.tracking_number}`, { token: u.otherStaff.token })).status).toBe(404);
      expect((await t.http.get('/complaints/track/CC000000000000', { token: u.admin.token })).status).toBe(404);
      expect((await t.http.get('/complaints/track/not-a-number', { token: u.admin.token })).status).toBe(404);
    });

    it('answers a non-UUID id with 404', async () => {
      expect((await t.http.get('/complaints/123', { token: u.admin.token })).status).toBe(404);
    });
  });

  describe('status changes', () => {
    it('are for staff and admins only: a citizen, even the owner, gets 403', async () => {
      const c = await file(u.citizen);
      const res = await setStatus(u.citizen, c.id, { status: IN_PROGRESS });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ detail: 'You do not have permission to perform this action.' });
      expect((await setStatus(u.otherCitizen, c.id, { status: IN_PROGRESS })).status).toBe(403);
    });

    it('answer an unknown or missing status with the seed\'s 400 {"error": "Invalid status"}', async () => {
      const c = await file(u.citizen);
      for (const body of [{ status: 'resolved' }, {}, { status: 3 }, { status: null }]) {
        const res = await setStatus(u.staff, c.id, body);
        expect(res.status).toBe(400);
        expect(res.body).toEqual({ error: 'Invalid status' });
      }
      expect((await t.http.get(`/complaints/${c.id}`, { token: u.citizen.token })).body.status).toBe(SUBMITTED);
    });

    it('write history, set and clear resolved_at, and tell the owner in-app, by SMS in Bengali and on the socket', async () => {
      const owner = await createUser(t, { wardId: geo.wardIds[0] });
      const c = await file(owner);
      // The owner's app, connected to the socket.io namespace, collects complaint_status events.
      const socket = await connected(connectSocket(t.url, { token: owner.token }));
      const pushes: Array<Record<string, unknown>> = [];
      socket.on('complaint_status', (payload: Record<string, unknown>) => pushes.push(payload));

      const progress = await setStatus(u.staff, c.id, { status: IN_PROGRESS, note: 'দল পাঠানো হয়েছে' });
      expect(progress.status).toBe(200);
      expect(progress.body).toMatchObject({ id: c.id, status: IN_PROGRESS, resolved_at: null });

      const resolved = await setStatus(u.staff, c.id, { status: RESOLVED });
      expect(resolved.body.status).toBe(RESOLVED);
      expect(resolved.body.resolved_at).toMatch(/\+06:00$/);

      // The same status again changes nothing (no history row, no message).
      const again = await setStatus(u.admin, c.id, { status: RESOLVED });
      expect(again.status).toBe(200);
      expect(again.body.resolved_at).toBe(resolved.body.resolved_at);

      const history = await t.http.get(`/complaints/${c.id}/history`, { token: owner.token });
      expect(history.status).toBe(200);
      expect(history.body.map((h: Record<string, unknown>) => [h.from_status, h.to_status, h.changed_by, h.note])).toEqual([
        [null, SUBMITTED, owner.id, null],
        [SUBMITTED, IN_PROGRESS, u.staff.id, 'দল পাঠানো হয়েছে'],
        [IN_PROGRESS, RESOLVED, u.staff.id, null],
      ]);
      expect(Object.keys(history.body[0]).sort()).toEqual(['changed_by', 'created_at', 'from_status', 'id', 'note', 'to_status']);

      // Reopening clears resolved_at.
      const reopened = await setStatus(u.admin, c.id, { status: IN_PROGRESS });
      expect(reopened.body.resolved_at).toBeNull();

      // Never back to submitted.
      const back = await setStatus(u.admin, c.id, { status: SUBMITTED });
      expect(back.status).toBe(400);
      expect(Object.keys(back.body)).toEqual(['status']);

      // In-app notifications (one per change), SMS through the queue to the fake gateway.
      const notes = await t.db.query(
        `SELECT category, title, body, data FROM notifications WHERE user_id = $1 ORDER BY created_at`,
        [owner.id],
      );
      expect(notes.rows).toHaveLength(3);
      expect(notes.rows[0].category).toBe('complaint');
      expect(notes.rows[0].body).toContain(c.tracking_number);
      expect(notes.rows[0].body).toContain(IN_PROGRESS);
      expect(notes.rows[1].body).toContain(RESOLVED);
      expect(notes.rows[0].data).toEqual({ complaint_id: c.id, tracking_number: c.tracking_number, status: IN_PROGRESS });
      const sms = await waitFor(() => (t.sms.to(owner.phone).length >= 3 ? t.sms.to(owner.phone) : undefined), { what: '3 SMS' });
      expect(sms.map((m) => m.message)).toEqual(
        expect.arrayContaining([expect.stringContaining(`${c.tracking_number} এর বর্তমান অবস্থা: ${RESOLVED}`)]),
      );
      expect(sms.every((m) => m.message.includes(c.tracking_number))).toBe(true);
      const inApp = await t.http.get('/notifications', { token: owner.token });
      expect(inApp.body.count).toBe(3);
      await sleep(300);
      expect(t.sms.to(owner.phone)).toHaveLength(3); // one per change, none twice

      await waitFor(() => pushes.length >= 3, { what: 'three complaint_status socket events' });
      socket.disconnect();
      expect(pushes.map((p) => [p.complaint_id, p.from_status, p.status])).toEqual([
        [c.id, SUBMITTED, IN_PROGRESS],
        [c.id, IN_PROGRESS, RESOLVED],
        [c.id, RESOLVED, IN_PROGRESS],
      ]);
      expect(pushes[0]).toMatchObject({ tracking_number: c.tracking_number, note: 'দল পাঠানো হয়েছে', resolved_at: null });
      expect(pushes[1].resolved_at).toBe(resolved.body.resolved_at);
    });

    it("speak the owner's language", async () => {
      const owner = await createUser(t, { wardId: geo.wardIds[0] });
      expect((await t.http.patch('/users/me', { language: 'en' }, { token: owner.token })).status).toBe(200);
      const c = await file(owner);
      await setStatus(u.staff, c.id, { status: RESOLVED });
      const sms = await waitFor(() => t.sms.to(owner.phone)[0], { what: 'SMS' });
      expect(sms.message).toBe(
        `Clean Care: your complaint ${c.tracking_number} is now Resolved. Please rate the service in the app.`,
      );
    });

    it('stop the owner from editing or deleting', async () => {
      const c = await file(u.citizen);
      await setStatus(u.staff, c.id, { status: IN_PROGRESS });
      const edit = await t.http.patch(`/complaints/${c.id}`, { title: 'নতুন' }, { token: u.citizen.token });
      expect(edit.status).toBe(403);
      expect(edit.body.detail).toMatch(/only while it is still submitted/);
      expect((await t.http.delete(`/complaints/${c.id}`, { token: u.citizen.token })).status).toBe(403);
    });
  });

  describe('editing and deleting', () => {
    it('lets the owner edit everything while submitted', async () => {
      const c = await file(u.citizen);
      const res = await t.http.patch(
        `/complaints/${c.id}`,
        { title: 'সংশোধিত শিরোনাম', latitude: 23.75, longitude: 90.39, ward: geo.wardIds[1] },
        { token: u.citizen.token },
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ title: 'সংশোধিত শিরোনাম', latitude: 23.75, longitude: 90.39, ward: geo.wardIds[1] });
      expect(res.body.description).toBe(base.description);
      const bad = await t.http.patch(`/complaints/${c.id}`, { category: 'x' }, { token: u.citizen.token });
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({ category: ['"x" is not a valid choice.'] });
      const status = await t.http.patch(`/complaints/${c.id}`, { status: RESOLVED }, { token: u.citizen.token });
      expect(status.body).toEqual({ status: ['This field is not allowed.'] });
      const nulled = await t.http.patch(`/complaints/${c.id}`, { title: null, ward: null }, { token: u.citizen.token });
      expect(nulled.status).toBe(400);
      expect(nulled.body).toEqual({ title: ['This field may not be null.'] });
      const cleared = await t.http.patch(
        `/complaints/${c.id}`,
        { ward: null, latitude: null, longitude: null },
        { token: u.citizen.token },
      );
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ ward: null, latitude: null, longitude: null });
      const half = await t.http.patch(`/complaints/${c.id}`, { latitude: 23.7 }, { token: u.citizen.token });
      expect(half.body).toEqual({ longitude: ['Give both latitude and longitude, or neither.'] });
    });

    it("lets staff re-triage category, priority and ward, but not rewrite the citizen's words", async () => {
      const c = await file(u.citizen);
      const triage = await t.http.patch(
        `/complaints/${c.id}`,
        { priority: 'নিম্ন', category: 'অন্যান্য' },
        { token: u.staff.token },
      );
      expect(triage.status).toBe(200);
      expect(triage.body).toMatchObject({ priority: 'নিম্ন', category: 'অন্যান্য', title: base.title });
      const rewrite = await t.http.patch(`/complaints/${c.id}`, { title: 'x', priority: 'উচ্চ' }, { token: u.staff.token });
      expect(rewrite.status).toBe(400);
      expect(Object.keys(rewrite.body)).toEqual(['title']);
      expect(
        (await t.http.patch(`/complaints/${c.id}/assign`, { assignee_id: u.staff.id }, { token: u.staff.token })).status,
      ).toBe(200);
      // Handing it over to another ward answers with the result, after which it is out of this officer's sight
      // and no longer theirs.
      const handed = await t.http.patch(`/complaints/${c.id}`, { ward: geo.wardIds[1] }, { token: u.staff.token });
      expect(handed.status).toBe(200);
      expect(handed.body.ward).toBe(geo.wardIds[1]);
      expect(handed.body.assigned_to).toBeNull();
      expect((await t.http.get(`/complaints/${c.id}`, { token: u.staff.token })).status).toBe(404);
      expect((await t.http.get(`/complaints/${c.id}`, { token: u.otherStaff.token })).status).toBe(200);
    });

    it('lets the owner delete while submitted, an admin any time, and nobody else', async () => {
      const c = await file(u.citizen);
      expect((await t.http.delete(`/complaints/${c.id}`, { token: u.staff.token })).status).toBe(403);
      expect((await t.http.delete(`/complaints/${c.id}`, { token: u.citizen.token })).status).toBe(204);
      expect((await t.http.get(`/complaints/${c.id}`, { token: u.citizen.token })).status).toBe(404);
      const d = await file(u.citizen);
      await setStatus(u.staff, d.id, { status: RESOLVED });
      expect((await t.http.delete(`/complaints/${d.id}`, { token: u.admin.token })).status).toBe(204);
      const left = await t.db.query('SELECT count(*)::int AS n FROM complaint_status_changes WHERE complaint_id = $1', [d.id]);
      expect(left.rows[0].n).toBe(0);
    });
  });

  describe('assignment', () => {
    it('assigns to staff covering the ward, moves a submitted complaint in progress and tells both', async () => {
      const owner = await createUser(t, { wardId: geo.wardIds[0] });
      const c = await file(owner);
      const res = await t.http.patch(`/complaints/${c.id}/assign`, { assignee_id: u.staff.id }, { token: u.admin.token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ assigned_to: u.staff.id, status: IN_PROGRESS });
      const history = await t.http.get(`/complaints/${c.id}/history`, { token: owner.token });
      expect(history.body.at(-1)).toMatchObject({ from_status: SUBMITTED, to_status: IN_PROGRESS, changed_by: u.admin.id });
      const toStaff = await t.db.query(`SELECT body, data FROM notifications WHERE user_id = $1 AND data->>'complaint_id' = $2`, [
        u.staff.id,
        c.id,
      ]);
      expect(toStaff.rows).toHaveLength(1);
      expect(toStaff.rows[0].body).toContain(c.tracking_number);
      await waitFor(() => t.sms.to(owner.phone)[0], { what: 'owner SMS' });
      expect((await t.http.get(`/complaints?assigned_to=${u.staff.id}`, { token: u.admin.token })).body.results[0].id).toBe(c.id);
      // Unassigning keeps the status.
      const un = await t.http.patch(`/complaints/${c.id}/assign`, { assignee_id: null }, { token: u.staff.token });
      expect(un.body).toMatchObject({ assigned_to: null, status: IN_PROGRESS });
    });

    it("refuses assignees who cannot work on it, and citizens' calls", async () => {
      const c = await file(u.citizen); // ward 1
      const outside = await t.http.patch(
        `/complaints/${c.id}/assign`,
        { assignee_id: u.otherStaff.id },
        { token: u.admin.token },
      );
      expect(outside.status).toBe(400);
      expect(Object.keys(outside.body)).toEqual(['assignee_id']);
      const citizen = await t.http.patch(
        `/complaints/${c.id}/assign`,
        { assignee_id: u.otherCitizen.id },
        { token: u.admin.token },
      );
      expect(citizen.status).toBe(400);
      expect(Object.keys(citizen.body)).toEqual(['assignee_id']);
      const missing = await t.http.patch(`/complaints/${c.id}/assign`, {}, { token: u.admin.token });
      expect(missing.body).toEqual({ assignee_id: ['This field is required.'] });
      const byCitizen = await t.http.patch(`/complaints/${c.id}/assign`, { assignee_id: u.staff.id }, { token: u.citizen.token });
      expect(byCitizen.status).toBe(403);
      const outOfScope = await t.http.patch(
        `/complaints/${c.id}/assign`,
        { assignee_id: u.otherStaff.id },
        { token: u.otherStaff.token },
      );
      expect(outOfScope.status).toBe(404);
    });
  });

  describe('reviews', () => {
    it('take a rating from the owner once the complaint is resolved, once', async () => {
      const c = await file(u.citizen);
      const early = await t.http.post(`/complaints/${c.id}/review`, { rating: 5 }, { token: u.citizen.token });
      expect(early.status).toBe(400);
      expect(early.body).toEqual({ non_field_errors: ['A complaint can be reviewed only after it is resolved.'] });

      await setStatus(u.staff, c.id, { status: RESOLVED });
      expect((await t.http.post(`/complaints/${c.id}/review`, { rating: 5 }, { token: u.staff.token })).status).toBe(403);
      expect((await t.http.post(`/complaints/${c.id}/review`, { rating: 5 }, { token: u.otherCitizen.token })).status).toBe(404);
      for (const rating of [0, 6, 4.5, '5']) {
        const bad = await t.http.post(`/complaints/${c.id}/review`, { rating }, { token: u.citizen.token });
        expect(bad.status).toBe(400);
        expect(Object.keys(bad.body)).toEqual(['rating']);
      }

      const ok = await t.http.post(
        `/complaints/${c.id}/review`,
        { rating: 4, comment: 'দ্রুত সমাধান হয়েছে' },
        { token: u.citizen.token },
      );
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({ complaint: c.id, user: u.citizen.id, rating: 4, comment: 'দ্রুত সমাধান হয়েছে' });

      const twice = await t.http.post(`/complaints/${c.id}/review`, { rating: 1 }, { token: u.citizen.token });
      expect(twice.status).toBe(400);
      expect(twice.body).toEqual({ non_field_errors: ['This complaint has already been reviewed.'] });

      const shown = await t.http.get(`/complaints/${c.id}`, { token: u.citizen.token });
      expect(shown.body.review).toEqual(ok.body);
    });

    it('are refused for a cancelled complaint', async () => {
      const c = await file(u.citizen);
      expect((await setStatus(u.staff, c.id, { status: CANCELLED })).body.status).toBe(CANCELLED);
      const res = await t.http.post(`/complaints/${c.id}/review`, { rating: 1 }, { token: u.citizen.token });
      expect(res.status).toBe(400);
      expect(await t.db.query('SELECT 1 FROM complaint_reviews WHERE complaint_id = $1', [c.id])).toMatchObject({ rowCount: 0 });
    });
  });

  describe('contract', () => {
    it('lists the complaint choice sets with Bengali and English labels', async () => {
      const res = await t.http.get('/meta/choices');
      expect(res.body.complaint_status).toEqual([
        { value: SUBMITTED, label_bn: SUBMITTED, label_en: 'Submitted' },
        { value: IN_PROGRESS, label_bn: IN_PROGRESS, label_en: 'In progress' },
        { value: RESOLVED, label_bn: RESOLVED, label_en: 'Resolved' },
        { value: CANCELLED, label_bn: CANCELLED, label_en: 'Cancelled' },
      ]);
      expect(res.body.complaint_category.map((c: { value: string }) => c.value)).toEqual([
        'পরিচ্ছন্নতা',
        'বর্জ্য ব্যবস্থাপনা',
        'পানি সরবরাহ',
        'রাস্তাঘাট',
        'বিদ্যুৎ',
        'অন্যান্য',
      ]);
      expect(res.body.complaint_priority.map((c: { label_en: string }) => c.label_en)).toEqual(['High', 'Medium', 'Low']);
    });

    it('documents every complaint route in OpenAPI', async () => {
      const doc = (await (await fetch(`${t.url}/api/docs-json`)).json()) as {
        paths: Record<string, Record<string, { operationId: string }>>;
      };
      const ops = Object.entries(doc.paths)
        .filter(([path]) => path.startsWith('/api/v1/complaints'))
        .flatMap(([path, item]) =>
          Object.entries(item).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`),
        )
        .sort();
      expect(ops).toEqual(
        [
          'GET /api/v1/complaints listComplaints',
          'POST /api/v1/complaints createComplaint',
          'GET /api/v1/complaints/track/{tracking_number} trackComplaint',
          'GET /api/v1/complaints/{id} getComplaint',
          'PATCH /api/v1/complaints/{id} updateComplaint',
          'DELETE /api/v1/complaints/{id} deleteComplaint',
          'POST /api/v1/complaints/{id}/attachments uploadComplaintAttachments',
          'GET /api/v1/complaints/{id}/attachments/{attachment_id} downloadComplaintAttachment',
          'DELETE /api/v1/complaints/{id}/attachments/{attachment_id} deleteComplaintAttachment',
          'PATCH /api/v1/complaints/{id}/update_status updateComplaintStatus',
          'PATCH /api/v1/complaints/{id}/assign assignComplaint',
          'GET /api/v1/complaints/{id}/history listComplaintHistory',
          'POST /api/v1/complaints/{id}/review reviewComplaint',
        ].sort(),
      );
    });
  });

  // Last: it moves today's counter to the edge of four digits.
  describe('tracking numbers past 9,999 in a day', () => {
    it('pads the counter to four digits and gives the 10,000th complaint five', async () => {
      const day = dhakaDate();
      await t.db.query(
        `INSERT INTO complaint_daily_counters (day, last) VALUES ($1, 9998) ON CONFLICT (day) DO UPDATE SET last = 9998`,
        [day],
      );
      const prefix = `CC${day.replaceAll('-', '')}`;
      const numbers = [(await file(u.citizen)).tracking_number, (await file(u.citizen)).tracking_number];
      expect(numbers).toEqual([`${prefix}9999`, `${prefix}10000`]);
      const tracked = await t.http.get(`/complaints/track/${numbers[1]}`, { token: u.citizen.token });
      expect(tracked.status).toBe(200);
    });
  });
});
