import { createUser, nextPhone, type TestUser } from './helpers/fixtures.js';
import type { HttpResponse } from './helpers/http.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { decodeClaims, nowSeconds, signHs256, unsigned } from './helpers/tokens.js';
import { waitFor } from './helpers/wait.js';

const INVALID_CREDENTIALS = { error: 'Invalid credentials' };
const NOT_ALLOWED = ['This field is not allowed.'];
const INVALID_CODE = { code: ['Invalid or expired code.'] };

describe('auth', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  const register = (body: Record<string, unknown>) => t.http.post('/auth/register', body);
  const login = (phone: string, password: string) => t.http.post('/auth/login', { phone, password });
  const refresh = (refreshToken: string) => t.http.post('/auth/refresh', { refresh_token: refreshToken });
  const me = (token: string) => t.http.get('/auth/me', { token });
  const usersWithPhone = async (phone: string): Promise<number> =>
    Number((await t.db.query('SELECT count(*) AS n FROM users WHERE phone = $1', [phone])).rows[0].n);

  /** The seed's register/login body, exactly. */
  function expectAuthShape(res: HttpResponse): void {
    expect(Object.keys(res.body).sort()).toEqual(['access_token', 'refresh_token', 'user']);
    expect(Object.keys(res.body.user).sort()).toEqual(['email', 'id', 'is_verified', 'name', 'phone', 'role']);
    expect(res.body.access_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(res.body.refresh_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(res.body.access_token).not.toBe(res.body.refresh_token);
  }

  /** The n-th (0-based) code texted to `phone`. */
  async function smsCode(phone: string, n = 0): Promise<string> {
    const sms = await waitFor(() => t.sms.to(phone)[n], { what: `SMS #${n + 1} to ${phone}` });
    expect(sms.api_key).toBe('test-sms-key');
    const match = /\b(\d{6})\b/.exec(sms.message);
    expect(match).not.toBeNull();
    return match![1];
  }

  /** A second, independent login of `user` (another device). */
  async function secondLogin(user: TestUser): Promise<{ access: string; refresh: string }> {
    const res = await login(user.phone, user.password);
    expect(res.status).toBe(200);
    return { access: res.body.access_token, refresh: res.body.refresh_token };
  }

  /** A new user, and the code texted to them after asking for one for `purpose`. */
  async function userWithCode(purpose: 'verify' | 'reset' = 'verify'): Promise<{ user: TestUser; code: string }> {
    const user = await createUser(t);
    expect((await t.http.post('/auth/otp/request', { phone: user.phone, purpose })).status).toBe(200);
    return { user, code: await smsCode(user.phone) };
  }

  /** `code` does not verify `user`'s phone: 400 keyed code, and the user stays unverified. */
  async function expectCodeRefused(user: TestUser, code: string): Promise<void> {
    const res = await t.http.post('/auth/otp/verify', { phone: user.phone, code });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(INVALID_CODE);
    expect((await me(user.token)).body.is_verified).toBe(false);
  }

  describe('register', () => {
    it('creates a citizen, logs it in and answers 201 in the seed shape', async () => {
      const phone = nextPhone();
      const res = await register({ phone, name: '  Rahim Uddin ', password: 'correct-horse-1', email: 'Rahim@Example.com' });
      expect(res.status).toBe(201);
      expectAuthShape(res);
      expect(res.body.user).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Rahim Uddin',
        phone,
        email: 'rahim@example.com',
        role: 'citizen',
        is_verified: false,
      });
      const profile = await me(res.body.access_token);
      expect(profile.status).toBe(200);
      expect(profile.body.id).toBe(res.body.user.id);
      expect(profile.body.is_staff).toBe(false);
      expect((await refresh(res.body.refresh_token)).status).toBe(200);
    });

    it('stores +8801… and 8801… as 01…', async () => {
      const first = nextPhone();
      const a = await register({ phone: `+88${first}`, name: 'Plus Form', password: 'correct-horse-1' });
      expect(a.status).toBe(201);
      expect(a.body.user.phone).toBe(first);

      const second = nextPhone();
      const b = await register({ phone: `88${second}`, name: 'Bare Form', password: 'correct-horse-1' });
      expect(b.status).toBe(201);
      expect(b.body.user.phone).toBe(second);

      const stored = await t.db.query('SELECT phone FROM users WHERE id = ANY($1::uuid[]) ORDER BY phone', [
        [a.body.user.id, b.body.user.id],
      ]);
      expect(stored.rows.map((r) => r.phone).sort()).toEqual([first, second].sort());
      // Every spelling logs in to the same account.
      for (const spelling of [first, `+88${first}`, `88${first}`]) {
        const res = await login(spelling, 'correct-horse-1');
        expect(res.status).toBe(200);
        expect(res.body.user.id).toBe(a.body.user.id);
      }
    });

    it('refuses a phone that is not a Bangladeshi mobile number', async () => {
      for (const phone of ['01212345678', '0171234567', '+447911123456', 'abc', 17123456789]) {
        const res = await register({ phone, name: 'Bad Phone', password: 'correct-horse-1' });
        expect(res.status).toBe(400);
        expect(Object.keys(res.body)).toEqual(['phone']);
      }
    });

    it('refuses a duplicate phone, in any spelling, with 400 keyed phone', async () => {
      const phone = nextPhone();
      expect((await register({ phone, name: 'First', password: 'correct-horse-1' })).status).toBe(201);
      for (const spelling of [phone, `+88${phone}`]) {
        const res = await register({ phone: spelling, name: 'Second', password: 'correct-horse-1' });
        expect(res.status).toBe(400);
        expect(res.body).toEqual({ phone: ['A user with this phone number already exists.'] });
      }
      expect(await usersWithPhone(phone)).toBe(1);
    });

    it('refuses a duplicate email, whatever its case, with 400 keyed email', async () => {
      const email = `dup-${Date.now()}@example.com`;
      expect((await register({ phone: nextPhone(), name: 'First', password: 'correct-horse-1', email })).status).toBe(201);
      const phone = nextPhone();
      const res = await register({ phone, name: 'Second', password: 'correct-horse-1', email: email.toUpperCase() });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ email: ['A user with this email already exists.'] });
      expect(await usersWithPhone(phone)).toBe(0);
    });

    it('refuses short and all-digit passwords', async () => {
      const phone = nextPhone();
      const short = await register({ phone, name: 'Weak', password: 'abc1234' });
      expect(short.status).toBe(400);
      expect(short.body).toEqual({ password: ['This password is too short. It must contain at least 8 characters.'] });
      const numeric = await register({ phone, name: 'Weak', password: '1234567890' });
      expect(numeric.status).toBe(400);
      expect(numeric.body).toEqual({ password: ['This password is entirely numeric.'] });
      expect(await usersWithPhone(phone)).toBe(0);
    });

    it('refuses role, is_staff and is_verified in the body, creates nothing, and never applies them', async () => {
      const phone = nextPhone();
      const base = { phone, name: 'Sneaky', password: 'correct-horse-1' };
      for (const extra of [{ role: 'admin' }, { is_staff: true }, { is_verified: true }]) {
        const res = await register({ ...base, ...extra });
        expect(res.status).toBe(400);
        expect(res.body).toEqual({ [Object.keys(extra)[0]]: NOT_ALLOWED });
      }
      const all = await register({ ...base, role: 'admin', is_staff: true, is_verified: true, is_active: true });
      expect(all.status).toBe(400);
      expect(all.body).toEqual({ role: NOT_ALLOWED, is_staff: NOT_ALLOWED, is_verified: NOT_ALLOWED, is_active: NOT_ALLOWED });
      expect(await usersWithPhone(phone)).toBe(0);

      const honest = await register(base);
      expect(honest.status).toBe(201);
      expect(honest.body.user).toMatchObject({ role: 'citizen', is_verified: false });
      const row = await t.db.query('SELECT role, is_verified, is_active FROM users WHERE phone = $1', [phone]);
      expect(row.rows).toEqual([{ role: 'citizen', is_verified: false, is_active: true }]);
    });

    it('answers malformed JSON and an oversized body with 400 and 413', async () => {
      const bad = await t.http.request('POST', '/auth/register', {
        body: '{"phone": "017',
        headers: { 'content-type': 'application/json' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({ detail: expect.any(String) });
      const big = await register({ phone: nextPhone(), name: 'x'.repeat(2 * 1024 * 1024), password: 'correct-horse-1' });
      expect(big.status).toBe(413);
      expect(big.body).toEqual({ detail: expect.any(String) });
    });
  });

  describe('login', () => {
    it('answers 200 in the same shape as register', async () => {
      const user = await createUser(t, { name: 'Login User' });
      const res = await login(`+88${user.phone}`, user.password);
      expect(res.status).toBe(200);
      expectAuthShape(res);
      expect(res.body.user).toEqual({
        id: user.id,
        name: 'Login User',
        phone: user.phone,
        email: null,
        role: 'citizen',
        is_verified: false,
      });
      expect((await me(res.body.access_token)).body.id).toBe(user.id);
    });

    it('answers a wrong password and an unknown phone with the same 401 {"error": "Invalid credentials"}', async () => {
      const user = await createUser(t);
      const wrong = await login(user.phone, 'not-the-password-1');
      const unknown = await login(nextPhone(), user.password);
      for (const res of [wrong, unknown]) {
        expect(res.status).toBe(401);
        expect(res.body).toEqual(INVALID_CREDENTIALS);
      }
      expect(wrong.text).toBe(unknown.text);
    });

    it('validates the body before looking anything up', async () => {
      const res = await t.http.post('/auth/login', { phone: '12345' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        phone: ['Enter a valid Bangladeshi mobile number (01XXXXXXXXX).'],
        password: ['This field is required.'],
      });
    });
  });

  describe('refresh', () => {
    it('rotates: a new pair, the old refresh token dead', async () => {
      const user = await createUser(t);
      const res = await refresh(user.refreshToken);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['access_token', 'refresh_token']);
      expect(res.body.refresh_token).not.toBe(user.refreshToken);
      expect((await me(res.body.access_token)).status).toBe(200);

      // The pair it replaced: the refresh token is spent.
      const again = await refresh(user.refreshToken);
      expect(again.status).toBe(401);
      expect(again.body.detail).toEqual(expect.any(String));
    });

    it('revokes the whole login when a rotated refresh token is replayed', async () => {
      const user = await createUser(t);
      const other = await secondLogin(user);
      const second = await refresh(user.refreshToken);
      expect(second.status).toBe(200);
      const third = await refresh(second.body.refresh_token);
      expect(third.status).toBe(200);
      expect((await me(third.body.access_token)).status).toBe(200);

      // An attacker (or a confused client) presents the first, long-spent token.
      expect((await refresh(user.refreshToken)).status).toBe(401);

      // Every token of that login is dead now: the newest refresh token and all its access tokens.
      expect((await refresh(third.body.refresh_token)).status).toBe(401);
      for (const access of [user.token, second.body.access_token, third.body.access_token]) {
        expect((await me(access)).status).toBe(401);
      }
      const session = await t.db.query(`SELECT revoked_reason FROM auth_sessions WHERE id = $1`, [
        decodeClaims(third.body.access_token).sid,
      ]);
      expect(session.rows[0].revoked_reason).toBe('refresh_replay');

      // The user's other login is untouched.
      expect((await me(other.access)).status).toBe(200);
      expect((await refresh(other.refresh)).status).toBe(200);
    });

    it('refuses an access token, a garbage token and a token of a deactivated account', async () => {
      const user = await createUser(t);
      expect((await refresh(user.token)).status).toBe(401);

      const garbage = await refresh('not-a-jwt');
      expect(garbage.status).toBe(400);
      expect(Object.keys(garbage.body)).toEqual(['refresh_token']);

      const missing = await t.http.post('/auth/refresh', {});
      expect(missing.status).toBe(400);
      expect(missing.body).toEqual({ refresh_token: ['This field is required.'] });

      await t.db.query('UPDATE users SET is_active = false WHERE id = $1', [user.id]);
      expect((await refresh(user.refreshToken)).status).toBe(401);
    });
  });

  describe('logout', () => {
    it('answers 204 and ends that login: its refresh and access tokens stop working', async () => {
      const user = await createUser(t);
      const other = await secondLogin(user);
      const res = await t.http.post('/auth/logout', { refresh_token: user.refreshToken }, { token: user.token });
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect((await refresh(user.refreshToken)).status).toBe(401);
      expect((await me(user.token)).status).toBe(401);
      // Logging out one device leaves the others logged in.
      expect((await me(other.access)).status).toBe(200);
      expect((await refresh(other.refresh)).status).toBe(200);
    });

    it("refuses another user's refresh token with 400 keyed refresh_token and leaves that login alone", async () => {
      const alice = await createUser(t);
      const bob = await createUser(t);
      const res = await t.http.post('/auth/logout', { refresh_token: bob.refreshToken }, { token: alice.token });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ refresh_token: ['Token is invalid or expired.'] });
      expect((await me(bob.token)).status).toBe(200);
      expect((await me(alice.token)).status).toBe(200);
      expect((await refresh(bob.refreshToken)).status).toBe(200);
    });

    it('needs an access token', async () => {
      const user = await createUser(t);
      const res = await t.http.post('/auth/logout', { refresh_token: user.refreshToken });
      expect(res.status).toBe(401);
      expect((await refresh(user.refreshToken)).status).toBe(200);
    });
  });

  describe('revocation when Redis has lost its markers', () => {
    const forgetMarkers = async () => {
      const keys = await t.redis.keys(`${t.env.REDIS_KEY_PREFIX}auth:*`);
      if (keys.length) await t.redis.del(...keys);
    };

    it('still refuses revoked tokens (the database answers) and rebuilds the markers', async () => {
      const loggedOut = await createUser(t);
      expect(
        (await t.http.post('/auth/logout', { refresh_token: loggedOut.refreshToken }, { token: loggedOut.token })).status,
      ).toBe(204);
      const deactivated = await createUser(t);
      expect((await t.http.delete('/users/me', { token: deactivated.token })).status).toBe(204);
      const live = await createUser(t);

      await forgetMarkers();
      expect((await me(loggedOut.token)).status).toBe(401);
      expect((await me(deactivated.token)).status).toBe(401);
      expect((await me(live.token)).status).toBe(200);

      // The markers come back, and the fast path refuses the same tokens.
      await waitFor(() => t.redis.exists(`${t.env.REDIS_KEY_PREFIX}auth:warm`), { what: 'the warm marker' });
      expect(await t.redis.exists(`${t.env.REDIS_KEY_PREFIX}auth:sr:${decodeClaims(loggedOut.token).sid}`)).toBe(1);
      expect(await t.redis.get(`${t.env.REDIS_KEY_PREFIX}auth:uv:${deactivated.id}`)).toBe('1');
      expect((await me(loggedOut.token)).status).toBe(401);
      expect((await me(deactivated.token)).status).toBe(401);
      expect((await me(live.token)).status).toBe(200);
    });
  });

  describe('token attacks', () => {
    let user: TestUser;
    let claims: Record<string, unknown>;
    const secret = () => t.env.SECRET_KEY;

    beforeAll(async () => {
      user = await createUser(t);
      claims = decodeClaims(user.token);
    });

    const expect401 = async (token: string) => {
      const res = await me(token);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ detail: 'Given token not valid for any token type', code: 'token_not_valid' });
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
    };

    it('accepts a hand-signed token with the real claims (so the refusals below are for the stated reason)', async () => {
      const token = signHs256({ ...claims, iat: nowSeconds(), exp: nowSeconds() + 600 }, secret());
      const res = await me(token);
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(user.id);
    });

    it('refuses an expired access token', async () => {
      await expect401(signHs256({ ...claims, iat: nowSeconds() - 7200, exp: nowSeconds() - 60 }, secret()));
    });

    it('refuses a token signed with another key', async () => {
      await expect401(signHs256({ ...claims, exp: nowSeconds() + 600 }, 'some-other-secret-key-that-is-long-enough-0123'));
    });

    it('refuses alg: none', async () => {
      await expect401(unsigned({ ...claims, exp: nowSeconds() + 600 }));
      // A none header that still carries a valid HMAC must not be read as HS256 either.
      const forged = signHs256({ ...claims, exp: nowSeconds() + 600 }, secret(), { alg: 'none' });
      await expect401(forged);
    });

    it('refuses another HMAC algorithm with the right key', async () => {
      const { createHmac } = await import('node:crypto');
      const head = Buffer.from(JSON.stringify({ alg: 'HS512', typ: 'JWT' })).toString('base64url');
      const body = Buffer.from(JSON.stringify({ ...claims, exp: nowSeconds() + 600 })).toString('base64url');
      const sig = createHmac('sha512', secret()).update(`${head}.${body}`).digest('base64url');
      await expect401(`${head}.${body}.${sig}`);
    });

    it('refuses a wrong issuer and a wrong audience', async () => {
      await expect401(signHs256({ ...claims, iss: 'someone-else', exp: nowSeconds() + 600 }, secret()));
      await expect401(signHs256({ ...claims, aud: 'another-app', exp: nowSeconds() + 600 }, secret()));
    });

    it('refuses a refresh token used as an access token', async () => {
      await expect401(user.refreshToken);
      // Even one that otherwise carries everything an access token does.
      const refreshClaims = decodeClaims(user.refreshToken);
      await expect401(signHs256({ ...claims, ...refreshClaims, role: 'admin', wards: [], ver: 0 }, secret()));
    });

    it('refuses a role the contract does not know', async () => {
      await expect401(signHs256({ ...claims, role: 'superuser', exp: nowSeconds() + 600 }, secret()));
    });

    it('refuses a malformed Authorization header', async () => {
      for (const header of ['Bearer', 'Bearer not.a.token', `Basic ${user.token}`]) {
        const res = await t.http.get('/auth/me', { headers: { authorization: header } });
        expect(res.status).toBe(401);
      }
    });
  });

  describe('OTP', () => {
    it('sends a code through the queue and the SMS gateway; the code verifies the phone once', async () => {
      const user = await createUser(t);
      const res = await t.http.post('/auth/otp/request', { phone: `+88${user.phone}`, purpose: 'verify' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ detail: expect.any(String) });
      const code = await smsCode(user.phone);
      const sms = t.sms.to(user.phone)[0];
      expect(sms.message).toContain(code);
      // The code is never stored in clear.
      const stored = await t.db.query('SELECT code_hash FROM otp_codes WHERE phone = $1', [user.phone]);
      expect(stored.rows).toHaveLength(1);
      expect(stored.rows[0].code_hash).not.toContain(code);

      const verified = await t.http.post('/auth/otp/verify', { phone: user.phone, code });
      expect(verified.status).toBe(200);
      expect((await me(user.token)).body.is_verified).toBe(true);
      expect((await login(user.phone, user.password)).body.user.is_verified).toBe(true);
      // One use only.
      const reuse = await t.http.post('/auth/otp/verify', { phone: user.phone, code });
      expect(reuse.status).toBe(400);
      expect(reuse.body).toEqual(INVALID_CODE);
    });

    it('counts a wrong code', async () => {
      const { user, code } = await userWithCode();
      await expectCodeRefused(user, code === '000000' ? '000001' : '000000');
      const row = await t.db.query('SELECT attempts FROM otp_codes WHERE phone = $1', [user.phone]);
      expect(row.rows[0].attempts).toBe(1);
      expect((await t.http.post('/auth/otp/verify', { phone: user.phone, code })).status).toBe(200);
    });

    it('after 5 wrong codes even the right one fails', async () => {
      const { user, code } = await userWithCode();
      const wrongs = ['111111', '222222', '333333', '444444', '555555', '666666'].filter((c) => c !== code).slice(0, 5);
      for (const wrong of wrongs) {
        expect((await t.http.post('/auth/otp/verify', { phone: user.phone, code: wrong })).status).toBe(400);
      }
      await expectCodeRefused(user, code);
    });

    it('refuses an expired code', async () => {
      const { user, code } = await userWithCode();
      const expiry = await t.db.query(
        `SELECT extract(epoch FROM expires_at - created_at) AS ttl FROM otp_codes WHERE phone = $1`,
        [user.phone],
      );
      expect(Number(expiry.rows[0].ttl)).toBeCloseTo(300, 0);
      await t.db.query(`UPDATE otp_codes SET expires_at = now() - interval '1 second' WHERE phone = $1`, [user.phone]);
      await expectCodeRefused(user, code);
    });

    it('accepts only the newest code', async () => {
      const user = await createUser(t);
      await t.http.post('/auth/otp/request', { phone: user.phone, purpose: 'verify' });
      const first = await smsCode(user.phone, 0);
      let newest = first;
      // Two requests could draw the same code (one in a million): ask again until they differ.
      for (let n = 1; newest === first; n++) {
        await t.http.post('/auth/otp/request', { phone: user.phone, purpose: 'verify' });
        newest = await smsCode(user.phone, n);
      }
      await expectCodeRefused(user, first);
      expect((await t.http.post('/auth/otp/verify', { phone: user.phone, code: newest })).status).toBe(200);
    });

    it('gives an unknown phone the same answer and sends it nothing', async () => {
      const unknown = nextPhone();
      const user = await createUser(t);
      const a = await t.http.post('/auth/otp/request', { phone: unknown, purpose: 'verify' });
      const b = await t.http.post('/auth/otp/request', { phone: user.phone, purpose: 'verify' });
      expect(a.status).toBe(b.status);
      expect(a.text).toBe(b.text);
      // The known number's SMS went out after the unknown one was handled; nothing was queued for it.
      await smsCode(user.phone);
      expect(t.sms.to(unknown)).toEqual([]);
      expect((await t.db.query('SELECT 1 FROM otp_codes WHERE phone = $1', [unknown])).rowCount).toBe(0);
      const verify = await t.http.post('/auth/otp/verify', { phone: unknown, code: '123456' });
      expect(verify.status).toBe(400);
      expect(verify.body).toEqual(INVALID_CODE);
    });

    it('validates purpose and code format', async () => {
      const res = await t.http.post('/auth/otp/request', { phone: nextPhone(), purpose: 'login' });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body)).toEqual(['purpose']);
      const bad = await t.http.post('/auth/otp/verify', { phone: nextPhone(), code: '12ab' });
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({ code: ['Enter the 6-digit code.'] });
    });
  });

  describe('password reset', () => {
    it('sets a new password with an SMS code; the old one stops working and every login ends', async () => {
      const user = await createUser(t);
      const other = await secondLogin(user);
      expect((await t.http.post('/auth/otp/request', { phone: user.phone, purpose: 'reset' })).status).toBe(200);
      const code = await smsCode(user.phone);
      // A verify code and a reset code are not interchangeable.
      expect((await t.http.post('/auth/otp/verify', { phone: user.phone, code })).status).toBe(400);

      const res = await t.http.post('/auth/password/reset', { phone: user.phone, code, new_password: 'brand-new-pass-2' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ detail: expect.any(String) });

      expect(await login(user.phone, user.password)).toMatchObject({ status: 401, body: INVALID_CREDENTIALS });
      expect((await login(user.phone, 'brand-new-pass-2')).status).toBe(200);
      for (const access of [user.token, other.access]) expect((await me(access)).status).toBe(401);
      for (const token of [user.refreshToken, other.refresh]) expect((await refresh(token)).status).toBe(401);
      // The code is spent.
      const again = await t.http.post('/auth/password/reset', { phone: user.phone, code, new_password: 'another-pass-3' });
      expect(again.status).toBe(400);
    });

    it('refuses a wrong code and a weak password, and changes nothing', async () => {
      const { user, code } = await userWithCode('reset');
      const weak = await t.http.post('/auth/password/reset', { phone: user.phone, code, new_password: '12345678' });
      expect(weak.status).toBe(400);
      expect(weak.body).toEqual({ new_password: ['This password is entirely numeric.'] });
      const wrong = code === '999999' ? '999998' : '999999';
      const res = await t.http.post('/auth/password/reset', { phone: user.phone, code: wrong, new_password: 'brand-new-pass-2' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(INVALID_CODE);
      expect((await login(user.phone, user.password)).status).toBe(200);
      expect((await me(user.token)).status).toBe(200);
    });
  });

  describe('password change', () => {
    const change = (token: string, body: Record<string, unknown>) => t.http.post('/auth/password/change', body, { token });

    it('refuses a wrong old password with 400 keyed old_password', async () => {
      const user = await createUser(t);
      const res = await change(user.token, { old_password: 'not-my-password', new_password: 'brand-new-pass-2' });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body)).toEqual(['old_password']);
      expect((await login(user.phone, user.password)).status).toBe(200);
    });

    it('refuses the same password and a weak one', async () => {
      const user = await createUser(t);
      const same = await change(user.token, { old_password: user.password, new_password: user.password });
      expect(same.status).toBe(400);
      expect(Object.keys(same.body)).toEqual(['new_password']);
      const weak = await change(user.token, { old_password: user.password, new_password: 'short' });
      expect(weak.status).toBe(400);
      expect(Object.keys(weak.body)).toEqual(['new_password']);
    });

    it('changes the password, ends the other logins and keeps this one', async () => {
      const user = await createUser(t);
      const other = await secondLogin(user);
      const res = await change(user.token, { old_password: user.password, new_password: 'brand-new-pass-2' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ detail: expect.any(String) });

      expect((await me(other.access)).status).toBe(401);
      expect((await refresh(other.refresh)).status).toBe(401);
      expect((await me(user.token)).status).toBe(200);
      expect((await refresh(user.refreshToken)).status).toBe(200);

      expect((await login(user.phone, user.password)).status).toBe(401);
      expect((await login(user.phone, 'brand-new-pass-2')).status).toBe(200);
    });

    it('needs an access token', async () => {
      const res = await t.http.post('/auth/password/change', { old_password: 'a', new_password: 'brand-new-pass-2' });
      expect(res.status).toBe(401);
    });
  });

  describe('GET auth/me', () => {
    it("returns the caller's full profile", async () => {
      const user = await createUser(t, { name: 'Me Myself' });
      const res = await me(user.token);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: user.id,
        name: 'Me Myself',
        phone: user.phone,
        email: null,
        role: 'citizen',
        is_verified: false,
        is_staff: false,
        is_active: true,
        address: null,
        ward: null,
        wards: [],
        avatar_url: null,
        language: 'bn',
        created_at: expect.stringMatching(/\+06:00$/),
        updated_at: expect.stringMatching(/\+06:00$/),
      });
    });

    it('needs a token', async () => {
      const res = await t.http.get('/auth/me');
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ detail: 'Authentication credentials were not provided.' });
    });
  });
});
