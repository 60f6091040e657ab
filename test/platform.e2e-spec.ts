import { createRoleUsers, seedGeography } from './helpers/fixtures.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

describe('platform: wire conventions and error shapes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('serves health and readiness', async () => {
    expect((await t.http.get('/health')).body).toEqual({ status: 'ok' });
    const ready = await t.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', checks: { database: 'up', redis: 'up' } });
  });

  it('accepts a trailing slash on every route', async () => {
    expect((await t.http.get('/health/')).status).toBe(200);
    expect((await t.http.get('/meta/choices/')).status).toBe(200);
  });

  it('answers malformed JSON with 400 and a detail, never a 500', async () => {
    const res = await t.http.request('POST', '/auth/login', {
      body: '{"phone": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(typeof res.body.detail).toBe('string');
    expect(res.text).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/);
  });

  it('refuses unknown body fields with 400 keyed by the field', async () => {
    const res = await t.http.post('/auth/login', { phone: '01712345678', password: 'whatever1', is_staff: true });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ is_staff: ['This field is not allowed.'] });
  });

  it('answers missing fields with the DRF field map', async () => {
    const res = await t.http.post('/auth/register', {});
    expect(res.status).toBe(400);
    expect(res.body.phone).toEqual(['This field is required.']);
    expect(res.body.name).toEqual(['This field is required.']);
    expect(res.body.password).toEqual(['This field is required.']);
  });

  it('refuses an explicit null for a field that cannot be empty with 400, never a 500', async () => {
    const geo = await seedGeography(t);
    const users = await createRoleUsers(t, geo);
    const me = await t.http.patch('/users/me', { name: null }, { token: users.citizen.token });
    expect(me.status).toBe(400);
    expect(me.body).toEqual({ name: ['This field may not be null.'] });
    const ward = await t.http.patch(`/wards/${geo.wardIds[0]}`, { name: null, number: null }, { token: users.admin.token });
    expect(ward.status).toBe(400);
    expect(ward.body).toEqual({ name: ['This field may not be null.'], number: ['This field may not be null.'] });
    const role = await t.http.patch(`/users/${users.citizen.id}`, { role: null }, { token: users.admin.token });
    expect(role.status).toBe(400);
    // Clearing an optional value with null is still allowed.
    const cleared = await t.http.patch('/users/me', { email: null, address: null }, { token: users.citizen.token });
    expect(cleared.status).toBe(200);
  });

  it('answers a body over the limit with 413', async () => {
    const res = await t.http.post('/auth/login', { phone: '01712345678', password: 'x'.repeat(2 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(typeof res.body.detail).toBe('string');
  });

  it('answers a non-UUID id in a path with 404', async () => {
    const res = await t.http.get('/wards/not-a-uuid');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: 'Not found.' });
  });

  it('answers a NUL byte (which PostgreSQL text cannot hold) with 400, never a 500', async () => {
    for (const path of ['/wards?search=a%00b', '/city-corporations?search=%00']) {
      const res = await t.http.get(path);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ detail: 'Invalid value.' });
    }
  });

  it('answers an unknown route with 404 and a detail', async () => {
    const res = await t.http.get('/no-such-route');
    expect(res.status).toBe(404);
    expect(typeof res.body.detail).toBe('string');
  });

  it('denies by default: a protected route without a token is 401', async () => {
    const res = await t.http.get('/users/me');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: 'Authentication credentials were not provided.' });
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('sends security headers', async () => {
    const res = await t.http.get('/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBeTruthy();
    expect(res.headers.get('strict-transport-security')).toBeTruthy();
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('allows only the configured CORS origins', async () => {
    const allowed = await t.http.get('/health', { headers: { origin: 'http://localhost:3000' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    const foreign = await t.http.get('/health', { headers: { origin: 'https://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lists every choice set with Bengali and English labels', async () => {
    const res = await t.http.get('/meta/choices');
    expect(res.status).toBe(200);
    expect(res.body.complaint_status[0]).toEqual({
      value: 'জমা দেওয়া হয়েছে',
      label_bn: 'জমা দেওয়া হয়েছে',
      label_en: 'Submitted',
    });
    expect(res.body.payment_method.map((c: { value: string }) => c.value)).toEqual(['bkash', 'nagad', 'rocket', 'upay']);
    for (const set of Object.values(res.body) as Array<Array<Record<string, string>>>) {
      for (const choice of set) expect(Object.keys(choice).sort()).toEqual(['label_bn', 'label_en', 'value']);
    }
  });

  it('serves Swagger UI and the OpenAPI JSON', async () => {
    const ui = await fetch(`${t.url}/api/docs`);
    expect(ui.status).toBe(200);
    const doc = await fetch(`${t.url}/api/docs-json`);
    expect(doc.status).toBe(200);
    const json = (await doc.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(json.openapi).toMatch(/^3\./);
    expect(json.paths['/api/v1/auth/login']).toBeDefined();
  });
});
