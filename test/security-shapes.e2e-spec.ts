import { createUser, nextPhone, seedGeography, type TestUser } from './helpers/fixtures.js';
import { HttpClient, type HttpResponse, type RequestOptions } from './helpers/http.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait.js';

/** An HttpClient that keeps every response it receives. */
class RecordingClient extends HttpClient {
  readonly seen: Array<{ what: string; res: HttpResponse }> = [];

  override async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    const res = await super.request<T>(method, path, options);
    this.seen.push({ what: `${method} ${path} → ${res.status}`, res });
    return res;
  }
}

/** Every key of every object inside `value`. */
function keysOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      keysOf(v, out);
    }
  }
  return out;
}

/**
 * A realistic session — register, login, refresh, profile, OTP, password
 * change, devices, notifications, the admin views, and the usual client
 * mistakes — then a look at every response it produced: no password, hash,
 * OTP code or stored token identifier may appear in any of them.
 */
describe('security: what responses never contain', () => {
  let t: TestApp;
  let http: RecordingClient;

  beforeAll(async () => {
    t = await startTestApp();
    http = new RecordingClient(t.http.baseUrl);
  });
  afterAll(() => t?.close());

  it('leaks no password, hash, code or token id anywhere in a full session', async () => {
    const geo = await seedGeography(t);
    const admin: TestUser = await createUser(t, { role: 'admin', password: 'admin-secret-pass-9' });
    const phone = nextPhone();
    const password = 'citizen-secret-pass-1';
    const newPassword = 'citizen-secret-pass-2';
    const secrets = [password, newPassword, admin.password];

    // Mistakes first: they must not echo what was sent.
    await http.post('/auth/register', { phone, name: 'Weak', password: '12345678' });
    await http.post('/auth/register', { phone, name: 'Sneaky', password, role: 'admin' });
    const registered = await http.post('/auth/register', { phone, name: 'Nasima Akter', password, email: 'nasima@example.com' });
    expect(registered.status).toBe(201);
    await http.post('/auth/register', { phone: `+88${phone}`, name: 'Again', password });
    await http.post('/auth/login', { phone, password: 'wrong-password-123' });
    await http.post('/auth/login', { phone: nextPhone(), password });

    const login = await http.post('/auth/login', { phone, password });
    expect(login.status).toBe(200);
    const refreshed = await http.post('/auth/refresh', { refresh_token: login.body.refresh_token });
    expect(refreshed.status).toBe(200);
    let token = refreshed.body.access_token as string;
    await http.post('/auth/refresh', { refresh_token: registered.body.refresh_token });

    await http.get('/auth/me', { token });
    await http.get('/users/me', { token });
    await http.patch('/users/me', { name: 'Nasima A.', address: 'Road 5', ward: geo.wardIds[0], language: 'en' }, { token });
    await http.patch('/users/me', { password: 'sneaky-new-pass-1' }, { token });

    await http.post('/auth/otp/request', { phone, purpose: 'verify' });
    const sms = await waitFor(() => t.sms.to(phone)[0], { what: 'the OTP SMS' });
    const code = /\b(\d{6})\b/.exec(sms.message)![1];
    await http.post('/auth/otp/verify', { phone, code: code === '000000' ? '000001' : '000000' });
    expect((await http.post('/auth/otp/verify', { phone, code })).status).toBe(200);

    await http.post('/auth/password/change', { old_password: 'not-it-at-all', new_password: newPassword }, { token });
    expect(
      (await http.post('/auth/password/change', { old_password: password, new_password: newPassword }, { token })).status,
    ).toBe(200);
    const again = await http.post('/auth/login', { phone, password: newPassword });
    token = again.body.access_token;

    await http.post('/users/me/devices', { token: 'fcm-device-token-0123456789', platform: 'android' }, { token });
    await http.get('/users/me/devices', { token });
    await http.get('/notifications', { token });

    const list = await http.get('/users?page_size=100', { token: admin.token });
    expect(list.status).toBe(200);
    await http.get(`/users?search=${phone}`, { token: admin.token });
    await http.get(`/users/${registered.body.user.id}`, { token: admin.token });
    await http.patch(`/users/${registered.body.user.id}`, { role: 'staff', wards: [geo.wardIds[0]] }, { token: admin.token });
    await http.get('/users', { token });

    await http.post('/auth/logout', { refresh_token: again.body.refresh_token }, { token });
    await http.get('/auth/me', { token });

    // What the database keeps secret.
    const hashes = (await t.db.query('SELECT password_hash FROM users')).rows.map((r) => r.password_hash as string);
    const jtis = (await t.db.query('SELECT id FROM auth_refresh_tokens')).rows.map((r) => r.id as string);
    const codeHashes = (await t.db.query('SELECT code_hash FROM otp_codes')).rows.map((r) => r.code_hash as string);
    expect(hashes.length).toBeGreaterThanOrEqual(2);
    expect(jtis.length).toBeGreaterThanOrEqual(4);
    expect(codeHashes).toHaveLength(1);

    expect(http.seen.length).toBeGreaterThan(25);
    for (const { what, res } of http.seen) {
      const text = res.text;
      const found = [
        ...['$argon2', 'password_hash', 'passwordHash', 'token_hash', 'tokenHash', 'code_hash', 'codeHash'],
        ...secrets,
        ...hashes,
        ...jtis,
        ...codeHashes,
      ].filter((s) => text.includes(s));
      expect([what, found]).toEqual([what, []]);
      // The OTP code appears nowhere but in the SMS.
      expect([what, text.includes(code)]).toEqual([what, false]);
      if (res.status < 300) {
        const passwordKeys = keysOf(res.body).filter((k) => /password|hash|secret|jti/i.test(k));
        expect([what, passwordKeys]).toEqual([what, []]);
      }
    }
  });
});
