import { createRoleUsers, seedGeography, type Geography, type RoleUsers } from './helpers/fixtures.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

describe('calendar-events', () => {
  let t: TestApp;
  let geo: Geography;
  let u: RoleUsers;

  beforeAll(async () => {
    t = await startTestApp();
    geo = await seedGeography(t);
    u = await createRoleUsers(t, geo);
  });
  afterAll(() => t?.close());

  const base = {
    title: 'Eid holiday',
    event_type: 'holiday',
    start_at: '2026-03-20T00:00:00+06:00',
    end_at: '2026-03-22T23:59:59+06:00',
  };

  async function createEvent(body: Record<string, unknown>): Promise<any> {
    const res = await t.http.post('/calendar-events', { ...base, ...body }, { token: u.admin.token });
    expect(res.status).toBe(201);
    return res.body;
  }

  async function titles(query: string): Promise<string[]> {
    const res = await t.http.get(`/calendar-events?page_size=100&${query}`);
    expect(res.status).toBe(200);
    return res.body.results.map((e: { title: string }) => e.title);
  }

  describe('permissions', () => {
    it('lets anyone read and only admins write', async () => {
      expect((await t.http.post('/calendar-events', base)).status).toBe(401);
      expect((await t.http.post('/calendar-events', base, { token: u.citizen.token })).status).toBe(403);
      expect((await t.http.post('/calendar-events', base, { token: u.staff.token })).status).toBe(403);
      const event = await createEvent({ title: 'Permission check' });
      for (const token of [u.citizen.token, u.staff.token]) {
        expect((await t.http.patch(`/calendar-events/${event.id}`, { title: 'x' }, { token })).status).toBe(403);
        expect((await t.http.delete(`/calendar-events/${event.id}`, { token })).status).toBe(403);
      }
      const read = await t.http.get(`/calendar-events/${event.id}`);
      expect(read.status).toBe(200);
      expect(read.body.title).toBe('Permission check');
      expect((await t.http.get('/calendar-events?month=2026-03')).status).toBe(200);
      expect((await t.http.delete(`/calendar-events/${event.id}`, { token: u.admin.token })).status).toBe(204);
      expect((await t.http.get(`/calendar-events/${event.id}`)).status).toBe(404);
    });
  });

  describe('validation', () => {
    it('answers missing fields and bad values keyed by field', async () => {
      const empty = await t.http.post('/calendar-events', {}, { token: u.admin.token });
      expect(empty.status).toBe(400);
      expect(empty.body).toEqual({
        title: ['This field is required.'],
        event_type: ['This field is required.'],
        start_at: ['This field is required.'],
        end_at: ['This field is required.'],
      });
      const bad = await t.http.post(
        '/calendar-events',
        { ...base, event_type: 'party', start_at: '20-03-2026', latitude: 91, longitude: -181, ward: 'ward-1' },
        { token: u.admin.token },
      );
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body).sort()).toEqual(['event_type', 'latitude', 'longitude', 'start_at', 'ward']);
    });

    it('requires the end not before the start, coordinates as a pair, an existing ward', async () => {
      const ghost = '6f1c7f43-7b0e-4c4b-9d64-2a8f0d1e2b3c';
      const res = await t.http.post(
        '/calendar-events',
        { ...base, start_at: '2026-03-22T10:00:00+06:00', end_at: '2026-03-22T09:00:00+06:00', latitude: 23.8, ward: ghost },
        { token: u.admin.token },
      );
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        end_at: ['Must not be earlier than start_at.'],
        longitude: ['Give latitude and longitude together.'],
        ward: [`Invalid pk "${ghost}" - object does not exist.`],
      });
      const event = await createEvent({ title: 'Order check' });
      const patch = await t.http.patch(
        `/calendar-events/${event.id}`,
        { end_at: '2026-03-19T00:00:00+06:00' },
        { token: u.admin.token },
      );
      expect(patch.status).toBe(400);
      expect(patch.body).toEqual({ end_at: ['Must not be earlier than start_at.'] });
      const nulls = await t.http.patch(`/calendar-events/${event.id}`, { title: null, all_day: null }, { token: u.admin.token });
      expect(nulls.status).toBe(400);
      expect(nulls.body).toEqual({ title: ['This field may not be null.'], all_day: ['This field may not be null.'] });
      await t.http.delete(`/calendar-events/${event.id}`, { token: u.admin.token });
    });

    it('validates the range parameters', async () => {
      const both = await t.http.get('/calendar-events?month=2026-03&from=2026-03-01');
      expect(both.status).toBe(400);
      expect(both.body).toEqual({ month: ['Use either month or from/to, not both.'] });
      const reversed = await t.http.get('/calendar-events?from=2026-03-10&to=2026-03-01');
      expect(reversed.status).toBe(400);
      expect(reversed.body).toEqual({ to: ['Must not be earlier than from.'] });
      const malformed = await t.http.get('/calendar-events?month=2026-13&from=2026-02-30&event_type=party&ward=1');
      expect(malformed.status).toBe(400);
      expect(Object.keys(malformed.body).sort()).toEqual(['event_type', 'from', 'month', 'ward']);
    });
  });

  describe('listing', () => {
    beforeAll(async () => {
      await t.db.query('DELETE FROM calendar_events');
      // Dhaka is UTC+6: 00:30 on April 1 in Dhaka is still March 31 in UTC.
      await createEvent({ title: 'Late March', start_at: '2026-03-31T23:30:00+06:00', end_at: '2026-03-31T23:50:00+06:00' });
      await createEvent({ title: 'Early April', start_at: '2026-04-01T00:30:00+06:00', end_at: '2026-04-01T02:00:00+06:00' });
      await createEvent({
        title: 'Spanning',
        event_type: 'maintenance_day',
        start_at: '2026-02-27T08:00:00+06:00',
        end_at: '2026-03-02T18:00:00+06:00',
        ward: geo.wardIds[0],
        location: 'Pump station 3',
        latitude: 23.810332,
        longitude: 90.412518,
      });
      await createEvent({
        title: 'Ward 2 collection',
        event_type: 'collection_day',
        start_at: '2026-03-10T07:00:00+06:00',
        end_at: '2026-03-10T09:00:00+06:00',
        ward: geo.wardIds[1],
      });
      await createEvent({
        title: 'Ends at midnight',
        start_at: '2026-03-14T20:00:00+06:00',
        end_at: '2026-03-15T00:00:00+06:00',
      });
      await createEvent({ title: 'Past', start_at: '2020-01-01T10:00:00+06:00', end_at: '2020-01-01T12:00:00+06:00' });
      await createEvent({ title: 'Future', start_at: '2099-01-01T10:00:00+06:00', end_at: '2099-01-01T12:00:00+06:00' });
    });

    it('lists a Dhaka month: overlapping events, ordered by start', async () => {
      expect(await titles('month=2026-03')).toEqual(['Spanning', 'Ward 2 collection', 'Ends at midnight', 'Late March']);
      expect(await titles('month=2026-04')).toEqual(['Early April']);
      expect(await titles('month=2026-02')).toEqual(['Spanning']);
    });

    it('lists inclusive Dhaka days from..to, and open-ended ranges', async () => {
      expect(await titles('from=2026-04-01&to=2026-04-01')).toEqual(['Early April']);
      expect(await titles('from=2026-03-31&to=2026-03-31')).toEqual(['Late March']);
      expect(await titles('from=2026-03-15&to=2026-03-15')).toEqual([]);
      expect(await titles('from=2026-03-14&to=2026-03-14')).toEqual(['Ends at midnight']);
      expect(await titles('from=2026-03-01&to=2026-03-01')).toEqual(['Spanning']);
      expect(await titles('to=2026-01-01')).toEqual(['Past']);
      expect(await titles('from=2098-12-31')).toEqual(['Future']);
    });

    it('lists upcoming events (not ended yet) when no range is given', async () => {
      const res = await t.http.get('/calendar-events?page_size=100');
      const listed = res.body.results.map((e: { title: string }) => e.title);
      expect(listed).toContain('Future');
      expect(listed).not.toContain('Past');
      for (const e of res.body.results) expect(Date.parse(e.end_at)).toBeGreaterThan(Date.now());
    });

    it('filters by event type, and by ward together with city-wide events', async () => {
      expect(await titles('month=2026-03&event_type=collection_day')).toEqual(['Ward 2 collection']);
      expect(await titles(`month=2026-03&ward=${geo.wardIds[0]}`)).toEqual(['Spanning', 'Ends at midnight', 'Late March']);
      expect(await titles(`month=2026-03&ward=${geo.wardIds[1]}`)).toEqual([
        'Ward 2 collection',
        'Ends at midnight',
        'Late March',
      ]);
    });

    it('paginates DRF-style', async () => {
      const first = await t.http.get('/calendar-events?month=2026-03&page_size=3');
      expect(first.body.count).toBe(4);
      expect(first.body.results).toHaveLength(3);
      expect(first.body.previous).toBeNull();
      expect(first.body.next).toContain('page=2');
      const second = await t.http.get(first.body.next.replace(/^.*\/api\/v1/, ''));
      expect(second.body.results.map((e: any) => e.title)).toEqual(['Late March']);
      expect(second.body.next).toBeNull();
      expect((await t.http.get('/calendar-events?month=2026-03&page=9')).status).toBe(404);
    });

    it('returns the event in snake_case with Dhaka timestamps and numeric coordinates', async () => {
      const res = await t.http.get('/calendar-events?month=2026-02');
      expect(res.body.results[0]).toEqual({
        id: expect.any(String),
        title: 'Spanning',
        description: '',
        event_type: 'maintenance_day',
        start_at: '2026-02-27T08:00:00.000+06:00',
        end_at: '2026-03-02T18:00:00.000+06:00',
        all_day: false,
        location: 'Pump station 3',
        latitude: 23.810332,
        longitude: 90.412518,
        ward: geo.wardIds[0],
        created_at: expect.stringMatching(/\+06:00$/),
        updated_at: expect.stringMatching(/\+06:00$/),
      });
    });

    it('lets an admin move an event to the whole city and clear its coordinates', async () => {
      const [spanning] = (await t.http.get('/calendar-events?month=2026-02')).body.results;
      const res = await t.http.patch(
        `/calendar-events/${spanning.id}`,
        { ward: null, latitude: null, longitude: null, all_day: true, start_at: '2026-02-28T00:00:00' },
        { token: u.admin.token },
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ward: null, latitude: null, longitude: null, all_day: true });
      // A time without an offset is Dhaka time.
      expect(res.body.start_at).toBe('2026-02-28T00:00:00.000+06:00');
      expect(await titles('month=2026-02')).toEqual(['Spanning']);
      expect(await titles(`month=2026-03&ward=${geo.wardIds[1]}`)).toContain('Spanning');
    });

    it('keeps a ward that still has events from being deleted', async () => {
      const res = await t.http.delete(`/wards/${geo.wardIds[1]}`, { token: u.admin.token });
      expect(res.status).toBe(409);
      expect((await t.http.get(`/wards/${geo.wardIds[1]}`)).status).toBe(200);
    });
  });
});
