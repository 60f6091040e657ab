import { createRoleUsers, createUser, seedGeography, type RoleUsers } from './helpers/fixtures.js';
import { waitFor } from './helpers/wait.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const BOARD = '/admin/queues';
const QUEUES = ['notifications', 'maintenance', 'content', 'payments', 'emergency', 'waste-management', 'reports'];

/**
 * Bull Board at /api/v1/admin/queues: admins only (bearer token, or the
 * path-scoped HttpOnly cookie a browser tab uses), operational actions only,
 * each one in the audit log.
 */
describe('queue dashboard (Bull Board)', () => {
  let t: TestApp;
  let u: RoleUsers;

  beforeAll(async () => {
    t = await startTestApp();
    u = await createRoleUsers(t, await seedGeography(t));
  });
  afterAll(() => t?.close());

  const cookieOf = (setCookie: string | null) => (setCookie ?? '').split(';')[0];

  it('refuses anyone but an admin, page, API and static files alike', async () => {
    for (const path of [BOARD, `${BOARD}/api/queues`, `${BOARD}/queue/payments`]) {
      const anonymous = await t.http.get(path);
      expect({ path, status: anonymous.status, body: anonymous.body }).toEqual({
        path,
        status: 401,
        body: { detail: 'Authentication credentials were not provided.' },
      });
      expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="api"');
      const forged = await t.http.get(path, { token: `${u.admin.token}x` });
      expect(forged.status).toBe(401);
      expect(forged.body).toEqual({ detail: 'Given token not valid for any token type', code: 'token_not_valid' });
      for (const user of [u.citizen, u.staff]) {
        const res = await t.http.get(path, { token: user.token });
        expect({ path, role: user.role, status: res.status, body: res.body }).toEqual({
          path,
          role: user.role,
          status: 403,
          body: { detail: 'You do not have permission to perform this action.' },
        });
      }
    }
    // The static bundle is behind the same check.
    const page = await t.http.get(BOARD, { token: u.admin.token });
    const script = /src="(static\/js\/[^"]+\.js)"/.exec(page.text)![1];
    expect((await t.http.get(`${BOARD}/${script}`)).status).toBe(401);
    expect((await t.http.get(`${BOARD}/${script}`, { token: u.admin.token })).status).toBe(200);
  });

  it("shows an admin every queue, with the API's security headers", async () => {
    const page = await t.http.get(BOARD, { token: u.admin.token });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('<title>Clean Care queues</title>');
    expect(page.text).toContain('<base href="/api/v1/admin/queues/"');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");

    const api = await t.http.get(`${BOARD}/api/queues`, { token: u.admin.token });
    expect(api.status).toBe(200);
    expect(api.body.queues.map((q: { name: string }) => q.name).sort()).toEqual([...QUEUES].sort());
    // Nothing in the HTML or the queue list is a secret of the app.
    expect(page.text + api.text).not.toMatch(/SECRET_KEY|password_hash|\$argon2/);
  });

  it("shows an SMS job's recipient but never its text (it may be a one-time code)", async () => {
    const { phone } = await createUser(t, { role: 'citizen', name: 'Code receiver' });
    expect((await t.http.post('/auth/otp/request', { phone, purpose: 'reset' })).status).toBe(200);
    const [sms] = await waitFor(() => (t.sms.to(phone).length ? t.sms.to(phone) : undefined), { what: 'the OTP SMS' });
    const code = /\d{6}/.exec(sms.message)![0];
    const listed = await waitFor(
      async () => {
        const res = await t.http.get(`${BOARD}/api/queues?activeQueue=notifications&status=completed&page=1&jobsPerPage=50`, {
          token: u.admin.token,
        });
        const queue = res.body.queues.find((q: { name: string }) => q.name === 'notifications');
        const job = queue?.jobs?.find((j: { data: { phone?: string } }) => j.data?.phone === phone);
        return job ? { res, job } : undefined;
      },
      { what: 'the SMS job on the board' },
    );
    expect(listed.job.data).toEqual({ phone, message: '[redacted]' });
    expect(listed.res.text).not.toContain(code);
    const one = await t.http.get(`${BOARD}/api/queues/notifications/${listed.job.id}`, { token: u.admin.token });
    expect(one.status).toBe(200);
    expect(one.text).not.toContain(code);
  });

  it('gives a browser tab an HttpOnly cookie for the board path only, which dies with the token', async () => {
    const admin = await createUser(t, { role: 'admin', name: 'Board admin' });
    expect((await t.http.post(`${BOARD}/session`, {}, { token: u.citizen.token })).status).toBe(403);
    expect((await t.http.post(`${BOARD}/session`, {})).status).toBe(401);

    const opened = await t.http.post(`${BOARD}/session`, {}, { token: admin.token });
    expect(opened.status).toBe(204);
    const setCookie = opened.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^cc_queue_board=[\w-]+\.[\w-]+\.[\w-]+; /);
    expect(setCookie).toContain('; Path=/api/v1/admin/queues;');
    expect(setCookie).toContain('; HttpOnly');
    expect(setCookie).toContain('; SameSite=Lax');
    const maxAge = Number(/Max-Age=(\d+)/.exec(setCookie)![1]);
    expect(maxAge).toBeGreaterThan(3_000);
    expect(maxAge).toBeLessThanOrEqual(3_600);

    const cookie = cookieOf(setCookie);
    const withCookie = await t.http.get(`${BOARD}/api/queues`, { headers: { cookie: `theme=dark; ${cookie}` } });
    expect(withCookie.status).toBe(200);
    // The cookie opens the board, not the API.
    expect((await t.http.get('/users/me', { headers: { cookie } })).status).toBe(401);

    // Logging out revokes the token, and with it the cookie.
    expect((await t.http.post('/auth/logout', { refresh_token: admin.refreshToken }, { token: admin.token })).status).toBe(204);
    expect((await t.http.get(`${BOARD}/api/queues`, { headers: { cookie } })).status).toBe(401);

    const closed = await t.http.delete(`${BOARD}/session`, { token: u.admin.token });
    expect(closed.status).toBe(204);
    expect(closed.headers.get('set-cookie')).toMatch(/^cc_queue_board=; Path=\/api\/v1\/admin\/queues; Max-Age=0;/);
  });

  it('lets an admin pause and resume a queue, each action in the audit log; refuses adding, editing or emptying', async () => {
    const as = { token: u.admin.token, headers: { 'x-request-id': 'board-pause-0001' } };
    const paused = await t.http.put(`${BOARD}/api/queues/reports/pause`, {}, as);
    expect(paused.status).toBeLessThan(300);
    const state = await t.http.get(`${BOARD}/api/queues?activeQueue=reports`, { token: u.admin.token });
    expect(state.body.queues.find((q: { name: string }) => q.name === 'reports').isPaused).toBe(true);
    expect((await t.http.put(`${BOARD}/api/queues/reports/resume`, {}, { token: u.admin.token })).status).toBeLessThan(300);

    const refused: Array<[string, string, unknown]> = [
      ['post', `${BOARD}/api/queues/notifications/add`, { name: 'send-sms', data: { phone: '01711111111', message: 'hi' } }],
      ['put', `${BOARD}/api/queues/notifications/empty`, {}],
      ['put', `${BOARD}/api/queues/payments/obliterate`, {}],
      ['put', `${BOARD}/api/queues/payments/retry/completed`, {}],
      ['put', `${BOARD}/api/queues/payments/concurrency`, { concurrency: 100 }],
      ['patch', `${BOARD}/api/queues/payments/1/update-data`, { paymentId: 'x' }],
    ];
    for (const [method, path, body] of refused) {
      const res = await t.http.request(method.toUpperCase(), path, { json: body, token: u.admin.token });
      expect({ path, status: res.status, body: res.body }).toEqual({
        path,
        status: 403,
        body: { detail: 'This action is not allowed on the queue dashboard.' },
      });
    }

    const audit = await t.http.get('/audit-logs?entity_type=queue_job&page_size=10', { token: u.admin.token });
    expect(audit.status).toBe(200);
    expect(audit.body.results.map((e: { action: string }) => e.action)).toEqual(['queue_job.resume', 'queue_job.pause']);
    expect(audit.body.results[1]).toMatchObject({
      actor: u.admin.id,
      entity_type: 'queue_job',
      entity_id: null,
      after: { path: '/api/queues/reports/pause', queue: 'reports', job_id: null },
      request_id: 'board-pause-0001',
    });
  });
});
