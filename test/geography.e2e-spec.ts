import { createRoleUsers, createUser, seedGeography, type Geography, type RoleUsers } from './helpers/fixtures.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const MISSING = '6b0c1c0e-0000-4000-8000-00000000abcd';
const doesNotExist = (id: string) => [`Invalid pk "${id}" - object does not exist.`];

describe('geography', () => {
  let t: TestApp;
  let geo: Geography;
  let u: RoleUsers;
  /** A second city corporation with its own zone and ward, created through the API. */
  let south: { cityId: string; zoneId: string; wardId: string };

  beforeAll(async () => {
    t = await startTestApp();
    geo = await seedGeography(t);
    u = await createRoleUsers(t, geo);
    const admin = { token: u.admin.token };
    const city = await t.http.post(
      '/city-corporations',
      { name: 'Dhaka South City Corporation', name_bn: 'ঢাকা দক্ষিণ সিটি কর্পোরেশন', code: 'dscc' },
      admin,
    );
    const zone = await t.http.post(
      '/zones',
      { city_corporation: city.body.id, number: 1, name: 'South Zone 1', name_bn: 'দক্ষিণ অঞ্চল ১' },
      admin,
    );
    const ward = await t.http.post(
      '/wards',
      { zone: zone.body.id, number: 1, name: 'South Ward 1', name_bn: 'দক্ষিণ ওয়ার্ড ১' },
      admin,
    );
    for (const res of [city, zone, ward]) expect(res.status).toBe(201);
    south = { cityId: city.body.id, zoneId: zone.body.id, wardId: ward.body.id };
  });
  afterAll(() => t?.close());

  const ids = (res: { body: { results: Array<{ id: string }> } }) => res.body.results.map((r) => r.id);
  const admin = () => ({ token: u.admin.token });

  describe('public reads', () => {
    it('lists city corporations without a token, searchable by name, Bengali name and code', async () => {
      const res = await t.http.get('/city-corporations');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ count: 2, next: null, previous: null });
      expect(res.body.results.map((c: { code: string }) => c.code)).toEqual(['DNCC', 'DSCC']);
      expect(Object.keys(res.body.results[0]).sort()).toEqual(['code', 'created_at', 'id', 'name', 'name_bn', 'updated_at']);

      expect(ids(await t.http.get('/city-corporations?search=south'))).toEqual([south.cityId]);
      expect(ids(await t.http.get(`/city-corporations?search=${encodeURIComponent('উত্তর')}`))).toEqual([geo.cityId]);
      expect(ids(await t.http.get('/city-corporations?search=dncc'))).toEqual([geo.cityId]);
    });

    it('lists zones filtered by city corporation', async () => {
      const all = await t.http.get('/zones');
      expect(all.body.count).toBe(2);
      const north = await t.http.get(`/zones?city_corporation=${geo.cityId}`);
      expect(ids(north)).toEqual([geo.zoneId]);
      expect(north.body.results[0]).toMatchObject({ city_corporation: geo.cityId, number: 1, name: 'Zone 1', name_bn: 'অঞ্চল ১' });
      expect(ids(await t.http.get(`/zones?city_corporation=${south.cityId}`))).toEqual([south.zoneId]);
      expect(ids(await t.http.get('/zones?search=south'))).toEqual([south.zoneId]);
    });

    it('lists wards filtered by zone and city corporation, ordered by number', async () => {
      const north = await t.http.get(`/wards?city_corporation=${geo.cityId}`);
      expect(ids(north)).toEqual(geo.wardIds);
      expect(north.body.results[0]).toMatchObject({ zone: geo.zoneId, city_corporation: geo.cityId, number: 1 });
      expect(ids(await t.http.get(`/wards?zone=${south.zoneId}`))).toEqual([south.wardId]);
      expect(ids(await t.http.get(`/wards?zone=${geo.zoneId}&city_corporation=${south.cityId}`))).toEqual([]);
      expect(ids(await t.http.get(`/wards?search=${encodeURIComponent('ওয়ার্ড ২')}`))).toEqual([geo.wardIds[1]]);
      const paged = await t.http.get('/wards?page_size=2');
      expect(paged.body.count).toBe(3);
      expect(paged.body.next).toMatch(/page=2/);
      const last = await t.http.get(paged.body.next.replace(/^.*\/api\/v1/, ''));
      expect(last.body).toMatchObject({ count: 3, next: null, previous: expect.stringContaining('page_size=2') });
      expect(last.body.results).toHaveLength(1);
      // DRF: a page_size above 100 is capped, a page past the end is 404 "Invalid page.".
      expect((await t.http.get('/wards?page_size=1000')).body.results).toHaveLength(3);
      expect(await t.http.get('/wards?page=3')).toMatchObject({ status: 404, body: { detail: 'Invalid page.' } });
    });

    it('reads one of each; a non-UUID or unknown id is 404', async () => {
      expect((await t.http.get(`/city-corporations/${geo.cityId}`)).body.code).toBe('DNCC');
      expect((await t.http.get(`/zones/${geo.zoneId}`)).body.id).toBe(geo.zoneId);
      expect((await t.http.get(`/wards/${geo.wardIds[0]}`)).body.name).toBe('Ward 1');
      for (const path of ['/city-corporations/x', '/zones/1', `/wards/${MISSING}`]) {
        const res = await t.http.get(path);
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ detail: 'Not found.' });
      }
    });

    it('validates filters', async () => {
      const res = await t.http.get('/wards?zone=abc&page=0');
      expect(res.status).toBe(400);
      expect(Object.keys(res.body).sort()).toEqual(['page', 'zone']);
    });
  });

  describe('writes', () => {
    it('are for admins: citizens and staff get 403, anonymous callers 401', async () => {
      const body = { name: 'X', name_bn: 'X', code: 'XCC' };
      for (const user of [u.citizen, u.staff]) {
        expect((await t.http.post('/city-corporations', body, { token: user.token })).status).toBe(403);
        expect((await t.http.patch(`/zones/${geo.zoneId}`, { name: 'Hijacked' }, { token: user.token })).status).toBe(403);
        expect((await t.http.delete(`/wards/${geo.wardIds[1]}`, { token: user.token })).status).toBe(403);
      }
      expect((await t.http.post('/wards', { zone: geo.zoneId, number: 9, name: 'W', name_bn: 'W' })).status).toBe(401);
      expect((await t.http.get(`/zones/${geo.zoneId}`)).body.name).toBe('Zone 1');
      expect((await t.http.get('/city-corporations')).body.count).toBe(2);
    });

    it('creates and updates a city corporation; a duplicate code is 400 keyed code', async () => {
      const created = await t.http.post('/city-corporations', { name: 'Chattogram', name_bn: 'চট্টগ্রাম', code: 'ccc' }, admin());
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: 'Chattogram', name_bn: 'চট্টগ্রাম', code: 'CCC' });

      const dup = await t.http.post('/city-corporations', { name: 'Other', name_bn: 'অন্য', code: 'CCC' }, admin());
      expect(dup.status).toBe(400);
      expect(dup.body).toEqual({ code: ['A city corporation with this code already exists.'] });
      const dupOnUpdate = await t.http.patch(`/city-corporations/${created.body.id}`, { code: 'dncc' }, admin());
      expect(dupOnUpdate.status).toBe(400);
      expect(dupOnUpdate.body).toEqual({ code: ['A city corporation with this code already exists.'] });

      const renamed = await t.http.patch(
        `/city-corporations/${created.body.id}`,
        { name: 'Chattogram City Corporation' },
        admin(),
      );
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ name: 'Chattogram City Corporation', code: 'CCC' });

      const bad = await t.http.post('/city-corporations', { name: '', name_bn: 'ক', code: 'has space', extra: 1 }, admin());
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body).sort()).toEqual(['code', 'extra', 'name']);

      expect((await t.http.delete(`/city-corporations/${created.body.id}`, admin())).status).toBe(204);
      expect((await t.http.get(`/city-corporations/${created.body.id}`)).status).toBe(404);
    });

    it('creates zones; a duplicate number in the same city is 400 keyed number, a missing city 400 keyed city_corporation', async () => {
      const zone = await t.http.post(
        '/zones',
        { city_corporation: geo.cityId, number: 2, name: 'Zone 2', name_bn: 'অঞ্চল ২' },
        admin(),
      );
      expect(zone.status).toBe(201);
      expect(zone.body).toMatchObject({ city_corporation: geo.cityId, number: 2 });

      const dup = await t.http.post(
        '/zones',
        { city_corporation: geo.cityId, number: 2, name: 'Again', name_bn: 'আবার' },
        admin(),
      );
      expect(dup.status).toBe(400);
      expect(dup.body).toEqual({ number: ['This city corporation already has a zone with this number.'] });
      const dupOnUpdate = await t.http.patch(`/zones/${zone.body.id}`, { number: 1 }, admin());
      expect(dupOnUpdate.status).toBe(400);
      expect(Object.keys(dupOnUpdate.body)).toEqual(['number']);

      const missing = await t.http.post('/zones', { city_corporation: MISSING, number: 5, name: 'Z', name_bn: 'Z' }, admin());
      expect(missing.status).toBe(400);
      expect(missing.body).toEqual({ city_corporation: doesNotExist(MISSING) });

      const invalid = await t.http.post('/zones', { city_corporation: geo.cityId, number: 0, name: 'Z', name_bn: 'Z' }, admin());
      expect(invalid.status).toBe(400);
      expect(Object.keys(invalid.body)).toEqual(['number']);

      const renamed = await t.http.patch(`/zones/${zone.body.id}`, { name: 'Zone Two' }, admin());
      expect(renamed.body).toMatchObject({ name: 'Zone Two', number: 2 });
      // A zone does not change city corporations.
      const moved = await t.http.patch(`/zones/${zone.body.id}`, { city_corporation: south.cityId }, admin());
      expect(moved.status).toBe(400);
      expect(moved.body).toEqual({ city_corporation: ['This field is not allowed.'] });
    });

    it('creates wards under a zone (the city follows); duplicates and missing zones are 400 keyed', async () => {
      const ward = await t.http.post(
        '/wards',
        { zone: south.zoneId, number: 2, name: 'South Ward 2', name_bn: 'দক্ষিণ ওয়ার্ড ২' },
        admin(),
      );
      // Ward numbers are per city corporation: the north has a ward 2 too.
      expect(ward.status).toBe(201);
      expect(ward.body).toMatchObject({ zone: south.zoneId, city_corporation: south.cityId, number: 2 });

      const dup = await t.http.post('/wards', { zone: south.zoneId, number: 2, name: 'Dup', name_bn: 'Dup' }, admin());
      expect(dup.status).toBe(400);
      expect(dup.body).toEqual({ number: ['This city corporation already has a ward with this number.'] });
      const missing = await t.http.post('/wards', { zone: MISSING, number: 7, name: 'W', name_bn: 'W' }, admin());
      expect(missing.status).toBe(400);
      expect(missing.body).toEqual({ zone: doesNotExist(MISSING) });

      // Moving it to a zone of another city carries the city along.
      const moved = await t.http.patch(`/wards/${ward.body.id}`, { zone: geo.zoneId, number: 3 }, admin());
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ zone: geo.zoneId, city_corporation: geo.cityId, number: 3 });
      const movedIntoTaken = await t.http.patch(`/wards/${ward.body.id}`, { number: 1 }, admin());
      expect(movedIntoTaken.status).toBe(400);
      expect(Object.keys(movedIntoTaken.body)).toEqual(['number']);
      const badZone = await t.http.patch(`/wards/${ward.body.id}`, { zone: MISSING }, admin());
      expect(badZone.body).toEqual({ zone: doesNotExist(MISSING) });

      expect((await t.http.delete(`/wards/${ward.body.id}`, admin())).status).toBe(204);
      expect((await t.http.get(`/wards/${ward.body.id}`)).status).toBe(404);
      expect((await t.http.delete(`/wards/${ward.body.id}`, admin())).status).toBe(404);
    });
  });

  describe('deleting what is still referenced', () => {
    it('refuses a city corporation with zones and a zone with wards (409)', async () => {
      const city = await t.http.delete(`/city-corporations/${geo.cityId}`, admin());
      expect(city.status).toBe(409);
      expect(city.body).toEqual({ detail: expect.any(String) });
      const zone = await t.http.delete(`/zones/${geo.zoneId}`, admin());
      expect(zone.status).toBe(409);
      expect(zone.body).toEqual({ detail: expect.any(String) });
      expect((await t.http.get(`/zones/${geo.zoneId}`)).status).toBe(200);
    });

    it('refuses a ward that staff are assigned to (409): they would silently gain every ward', async () => {
      const staff = await createUser(t, { role: 'staff', staffWardIds: [south.wardId] });
      const res = await t.http.delete(`/wards/${south.wardId}`, admin());
      expect(res.status).toBe(409);
      expect(res.body).toEqual({ detail: expect.any(String) });
      expect((await t.http.get(`/users/${staff.id}`, admin())).body.wards).toEqual([south.wardId]);

      // Once the assignment is moved, the ward can go, then its zone, then its city.
      const reassigned = await t.http.patch(`/users/${staff.id}`, { wards: [geo.wardIds[0]] }, admin());
      expect(reassigned.status).toBe(200);
      expect((await t.http.delete(`/wards/${south.wardId}`, admin())).status).toBe(204);
      expect((await t.http.delete(`/zones/${south.zoneId}`, admin())).status).toBe(204);
      expect((await t.http.delete(`/city-corporations/${south.cityId}`, admin())).status).toBe(204);
    });

    it("clears a resident's home ward when the ward is deleted", async () => {
      const ward = await t.http.post('/wards', { zone: geo.zoneId, number: 40, name: 'Ward 40', name_bn: 'ওয়ার্ড ৪০' }, admin());
      const resident = await createUser(t, { wardId: ward.body.id });
      expect((await t.http.delete(`/wards/${ward.body.id}`, admin())).status).toBe(204);
      expect((await t.http.get('/users/me', { token: resident.token })).body.ward).toBeNull();
    });
  });
});
