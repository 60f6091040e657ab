import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { createRoleUsers, createUser, seedGeography, type Geography, type RoleUsers, type TestUser } from './helpers/fixtures.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { decodeClaims } from './helpers/tokens.js';

const NOT_ALLOWED = ['This field is not allowed.'];
const MB = 1024 * 1024;

describe('users', () => {
  let t: TestApp;
  let geo: Geography;
  let u: RoleUsers;

  beforeAll(async () => {
    t = await startTestApp();
    geo = await seedGeography(t);
    u = await createRoleUsers(t, geo);
  });
  afterAll(() => t?.close());

  const me = (token: string) => t.http.get('/users/me', { token });
  const loginAs = (user: TestUser) => t.http.post('/auth/login', { phone: user.phone, password: user.password });

  describe('users/me', () => {
    it("returns the caller's profile", async () => {
      const res = await me(u.citizen.token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: u.citizen.id,
        name: 'Citizen One',
        phone: u.citizen.phone,
        role: 'citizen',
        is_staff: false,
        is_active: true,
        ward: geo.wardIds[0],
        wards: [],
      });
      const staff = await me(u.staff.token);
      expect(staff.body).toMatchObject({ role: 'staff', is_staff: true, wards: [geo.wardIds[0]] });
      expect((await me(u.admin.token)).body).toMatchObject({ role: 'admin', is_staff: true });
    });

    it('updates name, email, address, ward and language', async () => {
      const user = await createUser(t);
      const res = await t.http.patch(
        '/users/me',
        { name: ' Karim ', email: 'Karim@Example.COM', address: 'House 1, Road 2', ward: geo.wardIds[1], language: 'en' },
        { token: user.token },
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        name: 'Karim',
        email: 'karim@example.com',
        address: 'House 1, Road 2',
        ward: geo.wardIds[1],
        language: 'en',
      });
      expect((await me(user.token)).body).toEqual(res.body);

      // Clearing the optional ones.
      const cleared = await t.http.patch('/users/me', { email: '', address: '', ward: null }, { token: user.token });
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ email: null, address: null, ward: null, name: 'Karim' });
    });

    it('refuses role, is_staff, is_verified, is_active and phone, and changes nothing', async () => {
      const user = await createUser(t);
      for (const field of ['role', 'is_staff', 'is_verified', 'is_active', 'phone', 'password']) {
        const value = field === 'role' ? 'admin' : field === 'phone' ? '01911111111' : field === 'password' ? 'x-12345678' : true;
        const res = await t.http.patch('/users/me', { name: 'Changed', [field]: value }, { token: user.token });
        expect(res.status).toBe(400);
        expect(res.body).toEqual({ [field]: NOT_ALLOWED });
      }
      const row = await t.db.query('SELECT name, role, is_verified, is_active, phone FROM users WHERE id = $1', [user.id]);
      expect(row.rows[0]).toEqual({ name: user.name, role: 'citizen', is_verified: false, is_active: true, phone: user.phone });
    });

    it('validates ward, email and language', async () => {
      const user = await createUser(t);
      const missingWard = '3f1d2c4b-0000-4000-8000-000000000000';
      const ward = await t.http.patch('/users/me', { ward: missingWard }, { token: user.token });
      expect(ward.status).toBe(400);
      expect(ward.body).toEqual({ ward: [`Invalid pk "${missingWard}" - object does not exist.`] });
      expect((await t.http.patch('/users/me', { ward: 'ward-1' }, { token: user.token })).body).toEqual({
        ward: ['Must be a valid UUID.'],
      });
      expect((await t.http.patch('/users/me', { email: 'not-an-email' }, { token: user.token })).body).toEqual({
        email: ['Enter a valid email address.'],
      });
      expect((await t.http.patch('/users/me', { language: 'fr' }, { token: user.token })).status).toBe(400);
      const nul = await t.http.patch('/users/me', { address: 'Road\u00005' }, { token: user.token });
      expect(nul.status).toBe(400);
      expect((await me(user.token)).body.address).toBeNull();

      await t.http.patch('/users/me', { email: 'taken@example.com' }, { token: u.otherCitizen.token });
      const taken = await t.http.patch('/users/me', { email: 'TAKEN@example.com' }, { token: user.token });
      expect(taken.status).toBe(400);
      expect(taken.body).toEqual({ email: ['A user with this email already exists.'] });
    });
  });

  describe('avatar', () => {
    const upload = (token: string, file?: { bytes: Buffer; name: string; type: string }) => {
      const form = new FormData();
      form.append('note', 'profile photo');
      if (file) form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
      return t.http.request('POST', '/users/me/avatar', { token, body: form });
    };
    const image = (format: 'png' | 'jpeg', width = 800, height = 600) =>
      sharp({ create: { width, height, channels: 3, background: { r: 20, g: 140, b: 90 } } })
        [format]()
        .toBuffer();
    /** The served file for an avatar_url (MEDIA_URL is http://media.test/media/ in tests; this app serves /media/). */
    const served = (avatarUrl: string) => fetch(`${t.url}/media/${avatarUrl.replace(t.env.MEDIA_URL, '')}`);

    it('turns a PNG into a 512×512 WebP served at /media/ with nosniff', async () => {
      const user = await createUser(t);
      const res = await upload(user.token, { bytes: await image('png'), name: 'me.png', type: 'image/png' });
      expect(res.status).toBe(201);
      expect(res.body.avatar_url).toMatch(/^http:\/\/media\.test\/media\/public\/avatars\/.+\.webp$/);
      expect((await me(user.token)).body.avatar_url).toBe(res.body.avatar_url);

      const file = await served(res.body.avatar_url);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('image/webp');
      expect(file.headers.get('x-content-type-options')).toBe('nosniff');
      const bytes = Buffer.from(await file.arrayBuffer());
      const meta = await sharp(bytes).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', 512, 512]);
    });

    it('accepts a JPEG, strips its metadata, and removes the previous avatar', async () => {
      const user = await createUser(t);
      const first = await upload(user.token, { bytes: await image('png'), name: 'a.png', type: 'image/png' });
      expect(first.status).toBe(201);
      const jpeg = await sharp(await image('jpeg'))
        .withExif({ IFD0: { Artist: 'Secret Photographer', Copyright: 'Home address 12' } })
        .jpeg()
        .toBuffer();
      expect((await sharp(jpeg).metadata()).exif).toBeDefined();
      const second = await upload(user.token, { bytes: jpeg, name: 'b.jpg', type: 'image/jpeg' });
      expect(second.status).toBe(201);
      expect(second.body.avatar_url).not.toBe(first.body.avatar_url);

      const file = await served(second.body.avatar_url);
      expect(file.status).toBe(200);
      const out = Buffer.from(await file.arrayBuffer());
      expect((await sharp(out).metadata()).exif).toBeUndefined();
      expect(out.includes(Buffer.from('Secret Photographer'))).toBe(false);
      expect((await served(first.body.avatar_url)).status).toBe(404);
    });

    it('accepts a photo larger than the JSON body limit (1 MB)', async () => {
      const user = await createUser(t);
      const noise = await sharp(randomBytes(900 * 900 * 3), { raw: { width: 900, height: 900, channels: 3 } })
        .png({ compressionLevel: 0 })
        .toBuffer();
      expect(noise.length).toBeGreaterThan(2 * MB);
      const res = await upload(user.token, { bytes: noise, name: 'big.png', type: 'image/png' });
      expect(res.status).toBe(201);
    });

    it('refuses HTML named .jpg with 415, whatever it claims to be', async () => {
      const user = await createUser(t);
      const html = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
      const res = await upload(user.token, { bytes: html, name: 'photo.jpg', type: 'image/jpeg' });
      expect(res.status).toBe(415);
      expect(res.body).toEqual({ detail: expect.any(String) });
      expect((await me(user.token)).body.avatar_url).toBeNull();
      // A PDF is a real file of an allowed upload kind elsewhere, but not an image.
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
      expect((await upload(user.token, { bytes: pdf, name: 'doc.png', type: 'image/png' })).status).toBe(415);
    });

    it('refuses a file over 5 MB with 413', async () => {
      const user = await createUser(t);
      const png = await image('png');
      const huge = Buffer.concat([png, randomBytes(5 * MB + 1 - png.length)]);
      const res = await upload(user.token, { bytes: huge, name: 'huge.png', type: 'image/png' });
      expect(res.status).toBe(413);
      expect(res.body).toEqual({ detail: expect.any(String) });
      expect((await me(user.token)).body.avatar_url).toBeNull();
    });

    it('answers a form without a file with 400 keyed file', async () => {
      const user = await createUser(t);
      const res = await upload(user.token);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ file: ['No file was submitted.'] });
    });

    it('answers a JSON body or a broken form with 400, never a 500', async () => {
      const user = await createUser(t);
      const json = await t.http.post('/users/me/avatar', { file: 'aGVsbG8=' }, { token: user.token });
      expect(json.status).toBe(400);
      expect(json.body).toEqual({ file: ['No file was submitted.'] });
      const broken = await t.http.request('POST', '/users/me/avatar', {
        token: user.token,
        body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc',
        headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      });
      expect(broken.status).toBe(400);
      expect(broken.body).toEqual({ detail: expect.any(String) });
    });

    it('needs a token', async () => {
      const res = await upload('', { bytes: await image('png'), name: 'a.png', type: 'image/png' });
      expect(res.status).toBe(401);
    });
  });

  describe('deactivation', () => {
    it('answers 204, ends every login, and a login within 30 days restores the account', async () => {
      const user = await createUser(t);
      const second = await loginAs(user);
      const res = await t.http.delete('/users/me', { token: user.token });
      expect(res.status).toBe(204);
      expect(res.text).toBe('');

      for (const token of [user.token, second.body.access_token]) expect((await me(token)).status).toBe(401);
      for (const token of [user.refreshToken, second.body.refresh_token]) {
        expect((await t.http.post('/auth/refresh', { refresh_token: token })).status).toBe(401);
      }
      const row = await t.db.query('SELECT is_active, deactivated_at FROM users WHERE id = $1', [user.id]);
      expect(row.rows[0].is_active).toBe(false);
      expect(row.rows[0].deactivated_at).toBeInstanceOf(Date);
      // Hidden from nobody: the admin still sees the account, inactive.
      expect((await t.http.get(`/users/${user.id}`, { token: u.admin.token })).body.is_active).toBe(false);

      const back = await loginAs(user);
      expect(back.status).toBe(200);
      expect((await me(back.body.access_token)).body.is_active).toBe(true);
      expect((await me(user.token)).status).toBe(401);
      const restored = await t.db.query('SELECT is_active, deactivated_at FROM users WHERE id = $1', [user.id]);
      expect(restored.rows[0]).toEqual({ is_active: true, deactivated_at: null });
    });

    it('does not restore with a wrong password', async () => {
      const user = await createUser(t);
      expect((await t.http.delete('/users/me', { token: user.token })).status).toBe(204);
      const res = await t.http.post('/auth/login', { phone: user.phone, password: 'wrong-password-1' });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'Invalid credentials' });
      const row = await t.db.query('SELECT is_active FROM users WHERE id = $1', [user.id]);
      expect(row.rows[0].is_active).toBe(false);
    });

    it('does not restore an account deactivated more than 30 days ago, even before the purge has run', async () => {
      const user = await createUser(t);
      expect((await t.http.delete('/users/me', { token: user.token })).status).toBe(204);
      await t.db.query("UPDATE users SET deactivated_at = now() - interval '31 days' WHERE id = $1", [user.id]);
      const res = await loginAs(user);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'Invalid credentials' });
      const row = await t.db.query('SELECT is_active FROM users WHERE id = $1', [user.id]);
      expect(row.rows[0].is_active).toBe(false);
    });
  });

  describe('devices', () => {
    const register = (token: string, body: Record<string, unknown>) => t.http.post('/users/me/devices', body, { token });
    const list = (token: string) => t.http.get('/users/me/devices', { token });
    const fcmToken = () => `fcm-${randomBytes(24).toString('hex')}`;

    it('registers, lists and deletes push tokens', async () => {
      const user = await createUser(t);
      const a = await register(user.token, { token: fcmToken(), platform: 'android' });
      expect(a.status).toBe(201);
      expect(Object.keys(a.body).sort()).toEqual(['created_at', 'id', 'platform', 'token', 'updated_at']);
      const b = await register(user.token, { token: fcmToken(), platform: 'ios' });
      const listed = await list(user.token);
      expect(listed.status).toBe(200);
      expect(listed.body.map((d: { id: string }) => d.id).sort()).toEqual([a.body.id, b.body.id].sort());

      expect((await t.http.delete(`/users/me/devices/${a.body.id}`, { token: user.token })).status).toBe(204);
      expect((await list(user.token)).body.map((d: { id: string }) => d.id)).toEqual([b.body.id]);
      expect((await t.http.delete(`/users/me/devices/${a.body.id}`, { token: user.token })).status).toBe(404);
    });

    it('keeps one row per token: registering it again updates it, on another account it moves there', async () => {
      const alice = await createUser(t);
      const bob = await createUser(t);
      const token = fcmToken();
      const first = await register(alice.token, { token, platform: 'android' });
      const again = await register(alice.token, { token, platform: 'web' });
      expect(again.status).toBe(201);
      expect(again.body).toMatchObject({ id: first.body.id, platform: 'web' });
      expect((await list(alice.token)).body).toHaveLength(1);

      const moved = await register(bob.token, { token, platform: 'android' });
      expect(moved.body.id).toBe(first.body.id);
      expect((await list(alice.token)).body).toEqual([]);
      expect((await list(bob.token)).body.map((d: { token: string }) => d.token)).toEqual([token]);
      const rows = await t.db.query('SELECT user_id FROM user_devices WHERE token = $1', [token]);
      expect(rows.rows).toEqual([{ user_id: bob.id }]);
    });

    it("answers another user's device with 404 and leaves it alone", async () => {
      const alice = await createUser(t);
      const bob = await createUser(t);
      const device = await register(bob.token, { token: fcmToken(), platform: 'ios' });
      const res = await t.http.delete(`/users/me/devices/${device.body.id}`, { token: alice.token });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ detail: 'Not found.' });
      expect((await list(bob.token)).body).toHaveLength(1);
      expect((await t.http.delete('/users/me/devices/not-a-uuid', { token: alice.token })).status).toBe(404);
    });

    it('validates token and platform', async () => {
      const user = await createUser(t);
      const res = await register(user.token, { token: 'short', platform: 'symbian' });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body).sort()).toEqual(['platform', 'token']);
    });
  });

  describe('administration', () => {
    const ids = (res: { body: { results: Array<{ id: string }> } }) => res.body.results.map((r) => r.id);

    it('is for admins only: citizens and staff get 403', async () => {
      for (const user of [u.citizen, u.staff]) {
        const list = await t.http.get('/users', { token: user.token });
        expect(list.status).toBe(403);
        expect(list.body).toEqual({ detail: 'You do not have permission to perform this action.' });
        expect((await t.http.get(`/users/${u.otherCitizen.id}`, { token: user.token })).status).toBe(403);
        expect((await t.http.patch(`/users/${user.id}`, { role: 'admin' }, { token: user.token })).status).toBe(403);
      }
      expect((await t.http.get('/users')).status).toBe(401);
      const row = await t.db.query('SELECT role FROM users WHERE id = ANY($1::uuid[]) ORDER BY role', [
        [u.citizen.id, u.staff.id],
      ]);
      expect(row.rows.map((r) => r.role)).toEqual(['citizen', 'staff']);
    });

    it('lists every user, paginated, newest first', async () => {
      const total = Number((await t.db.query('SELECT count(*) AS n FROM users')).rows[0].n);
      const res = await t.http.get('/users?page_size=2', { token: u.admin.token });
      expect(res.status).toBe(200);
      expect(res.body.count).toBe(total);
      expect(res.body.results).toHaveLength(2);
      expect(res.body.next).toMatch(/page=2/);
      expect(res.body.previous).toBeNull();
      const created = res.body.results.map((r: { created_at: string }) => r.created_at);
      expect([...created].sort().reverse()).toEqual(created);
      for (const user of res.body.results) expect(user).not.toHaveProperty('password_hash');
    });

    it('filters by role, ward and is_active, and searches name and phone', async () => {
      const get = (query: string) => t.http.get(`/users?page_size=100&${query}`, { token: u.admin.token });

      const staff = await get('role=staff');
      expect(staff.status).toBe(200);
      expect(staff.body.results.every((r: { role: string }) => r.role === 'staff')).toBe(true);
      expect(ids(staff)).toEqual(expect.arrayContaining([u.staff.id, u.otherStaff.id]));

      // A ward's residents and the staff who work there.
      const ward = await get(`ward=${geo.wardIds[0]}`);
      expect(ids(ward)).toEqual(expect.arrayContaining([u.citizen.id, u.staff.id]));
      expect(ids(ward)).not.toContain(u.otherCitizen.id);
      expect(ids(ward)).not.toContain(u.otherStaff.id);

      const inactive = await createUser(t, { name: 'Gone Away' });
      await t.http.delete('/users/me', { token: inactive.token });
      const off = await get('is_active=false');
      expect(ids(off)).toContain(inactive.id);
      expect(off.body.results.every((r: { is_active: boolean }) => !r.is_active)).toBe(true);
      expect(ids(await get('is_active=true'))).not.toContain(inactive.id);

      const byName = await get('search=citizen%20tw');
      expect(ids(byName)).toEqual([u.otherCitizen.id]);
      const byPhone = await get(`search=${u.staff.phone.slice(3)}`);
      expect(ids(byPhone)).toEqual([u.staff.id]);
      // Wildcards are literal.
      expect((await get('search=%25')).body.count).toBe(0);

      expect((await get('role=superuser')).status).toBe(400);
      expect((await get('ward=1')).body).toEqual({ ward: ['Must be a valid UUID.'] });
      expect((await get('is_active=maybe')).status).toBe(400);
    });

    it('reads one user; a non-UUID or unknown id is 404', async () => {
      const res = await t.http.get(`/users/${u.staff.id}`, { token: u.admin.token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: u.staff.id, role: 'staff', wards: [geo.wardIds[0]] });
      expect((await t.http.get('/users/123', { token: u.admin.token })).status).toBe(404);
      expect((await t.http.get('/users/00000000-0000-4000-8000-000000000000', { token: u.admin.token })).status).toBe(404);
    });

    it("changes role and wards; the user's old access token dies and a refresh carries the new role", async () => {
      const user = await createUser(t);
      const res = await t.http.patch(`/users/${user.id}`, { role: 'staff', wards: [geo.wardIds[1]] }, { token: u.admin.token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: user.id, role: 'staff', is_staff: true, wards: [geo.wardIds[1]] });

      const old = await me(user.token);
      expect(old.status).toBe(401);

      const refreshed = await t.http.post('/auth/refresh', { refresh_token: user.refreshToken });
      expect(refreshed.status).toBe(200);
      expect(decodeClaims(refreshed.body.access_token)).toMatchObject({ role: 'staff', wards: [geo.wardIds[1]] });
      expect((await me(refreshed.body.access_token)).body).toMatchObject({ role: 'staff', is_staff: true });

      // Moving the staff member to another ward also retires tokens that name the old one.
      const moved = await t.http.patch(`/users/${user.id}`, { wards: [geo.wardIds[0]] }, { token: u.admin.token });
      expect(moved.body.wards).toEqual([geo.wardIds[0]]);
      expect((await me(refreshed.body.access_token)).status).toBe(401);

      // Back to citizen: no wards.
      const back = await t.http.patch(`/users/${user.id}`, { role: 'citizen' }, { token: u.admin.token });
      expect(back.body).toMatchObject({ role: 'citizen', is_staff: false, wards: [] });
    });

    it('deactivates and reactivates a user', async () => {
      const user = await createUser(t);
      const off = await t.http.patch(`/users/${user.id}`, { is_active: false }, { token: u.admin.token });
      expect(off.status).toBe(200);
      expect(off.body.is_active).toBe(false);
      expect((await me(user.token)).status).toBe(401);
      expect((await t.http.post('/auth/refresh', { refresh_token: user.refreshToken })).status).toBe(401);
      // A disabled account cannot log itself back in (unlike one its owner deactivated).
      const login = await loginAs(user);
      expect(login.status).toBe(403);
      expect(login.body).toEqual({ detail: expect.any(String) });

      const on = await t.http.patch(`/users/${user.id}`, { is_active: true }, { token: u.admin.token });
      expect(on.body.is_active).toBe(true);
      expect((await loginAs(user)).status).toBe(200);
    });

    it('disables an account its owner had deactivated, so logging in no longer restores it', async () => {
      const user = await createUser(t);
      expect((await t.http.delete('/users/me', { token: user.token })).status).toBe(204);
      const off = await t.http.patch(`/users/${user.id}`, { is_active: false }, { token: u.admin.token });
      expect(off.status).toBe(200);
      expect(off.body.is_active).toBe(false);
      const login = await loginAs(user);
      expect(login.status).toBe(403);
      const row = await t.db.query('SELECT is_active FROM users WHERE id = $1', [user.id]);
      expect(row.rows[0].is_active).toBe(false);
    });

    it('does not let an admin demote or deactivate themselves', async () => {
      for (const body of [{ role: 'staff' }, { role: 'citizen' }, { is_active: false }]) {
        const res = await t.http.patch(`/users/${u.admin.id}`, body, { token: u.admin.token });
        expect(res.status).toBe(400);
        expect(Object.keys(res.body)).toEqual(['non_field_errors']);
      }
      expect((await me(u.admin.token)).body).toMatchObject({ role: 'admin', is_active: true });
    });

    it('validates the change', async () => {
      const user = await createUser(t);
      const patch = (body: Record<string, unknown>) => t.http.patch(`/users/${user.id}`, body, { token: u.admin.token });
      const missingWard = '3f1d2c4b-0000-4000-8000-000000000001';
      expect((await patch({ role: 'staff', wards: [missingWard] })).body).toEqual({
        wards: [`Invalid pk "${missingWard}" - object does not exist.`],
      });
      expect((await patch({ wards: [geo.wardIds[0]] })).body).toEqual({ wards: ['Only staff members and admins have wards.'] });
      expect((await patch({ role: 'owner' })).status).toBe(400);
      expect((await patch({ is_verified: true })).body).toEqual({ is_verified: NOT_ALLOWED });
      expect((await patch({ password: 'new-password-1' })).body).toEqual({ password: NOT_ALLOWED });
      expect(
        (await t.http.patch('/users/00000000-0000-4000-8000-000000000000', { role: 'staff' }, { token: u.admin.token })).status,
      ).toBe(404);
      expect((await me(user.token)).status).toBe(200);
    });
  });
});
