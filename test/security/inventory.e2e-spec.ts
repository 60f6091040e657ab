import { createRoleUsers, seedGeography, type RoleUsers } from '../helpers/fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { decodeClaims, nowSeconds, signHs256, unsigned } from '../helpers/tokens.js';
import { listRoutes, sampleUrl, type RouteInfo } from './routes.js';

/**
 * OWASP API2 (broken authentication) and API5 (broken function level
 * authorization), for every route the application has: the inventory is
 * read from the controllers Nest mapped, so a new route is checked the day
 * it is added.
 *
 * - Only the routes the contract makes public are public (an explicit list:
 *   adding `@Public()` anywhere else fails here).
 * - Every other route answers 401 without a token and with every kind of
 *   forged token — which proves the guard is global, not remembered per route.
 * - Every staff/admin route answers 403 to a citizen (and every admin route to
 *   staff) before its body is even validated.
 * - The OpenAPI document says what is enforced.
 * Detailed token checks (rotation, revocation, HS512 with the right key, bad
 * headers) are in test/auth.e2e-spec.ts; rate-limit behaviour in test/rate-limit.e2e-spec.ts.
 */
describe('security: route inventory', () => {
  let t: TestApp;
  let u: RoleUsers;
  let routes: RouteInfo[];

  /** The contract's public routes (SPEC "Roles and access"): auth entry points, health, docs, public content, gateway callbacks. */
  const PUBLIC = [
    'register',
    'login',
    'refresh',
    'requestOtp',
    'verifyOtp',
    'resetPassword',
    'liveness',
    'readiness',
    'getChoices',
    'serveMedia',
    'paymentCallbackGet',
    'paymentCallbackPost',
    'listCityCorporations',
    'getCityCorporation',
    'listZones',
    'getZone',
    'listWards',
    'getWard',
    'listNotices',
    'getNotice',
    'listCalendarEvents',
    'getCalendarEvent',
    'listGalleryPhotos',
    'getGalleryPhoto',
    'listCampaigns',
    'getCampaign',
    'listEmergencyContacts',
    'getEmergencyContact',
    'listWasteSchedules',
    'getWasteSchedule',
    'listCollectionPoints',
    'getCollectionPoint',
    'listWasteGuidelines',
    'getWasteGuideline',
  ].sort();

  beforeAll(async () => {
    t = await startTestApp();
    u = await createRoleUsers(t, await seedGeography(t));
    routes = listRoutes(t.app);
  });
  afterAll(() => t?.close());

  const call = (route: RouteInfo, options: { token?: string; headers?: Record<string, string>; json?: unknown } = {}) =>
    t.http.request(route.method, sampleUrl(route).replace(/^\/api\/v1/, ''), options);
  const protectedRoutes = () => routes.filter((r) => !r.isPublic);
  const label = (r: RouteInfo) => `${r.method} ${r.path} (${r.operationId})`;

  it('reads every route the application serves', async () => {
    expect(routes.length).toBeGreaterThan(100);
    // Every operation in the OpenAPI document is in the inventory, and every route of the inventory is
    // documented unless it is deliberately left out of the docs (gateway callbacks, media files).
    const doc = (await (await fetch(`${t.url}/api/docs-json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    const documented = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    const inventory = routes.map((r) => r.operationId);
    expect(documented.filter((id) => !inventory.includes(id))).toEqual([]);
    expect(inventory.filter((id) => !documented.includes(id)).sort()).toEqual([
      'paymentCallbackGet',
      'paymentCallbackPost',
      'serveMedia',
    ]);
    // Operation ids are unique (client generators need them).
    expect(new Set(inventory).size).toBe(inventory.length);
  });

  it('makes public exactly the routes the contract makes public', () => {
    expect(
      routes
        .filter((r) => r.isPublic)
        .map((r) => r.operationId)
        .sort(),
    ).toEqual(PUBLIC);
    // Public routes only read, except the auth entry points and the gateways' callbacks.
    const writes = routes
      .filter((r) => r.isPublic && r.method !== 'GET')
      .map((r) => r.operationId)
      .sort();
    expect(writes).toEqual(['login', 'paymentCallbackPost', 'refresh', 'register', 'requestOtp', 'resetPassword', 'verifyOtp']);
  });

  it('answers 401 on every other route when no token is sent, whatever the method and body', async () => {
    const wrong: string[] = [];
    for (const route of protectedRoutes()) {
      const res = await call(route, {
        json: route.method === 'GET' || route.method === 'DELETE' ? undefined : { role: 'admin' },
      });
      const ok =
        res.status === 401 &&
        res.body?.detail === 'Authentication credentials were not provided.' &&
        (res.headers.get('www-authenticate') ?? '').startsWith('Bearer');
      if (!ok) wrong.push(`${label(route)} → ${res.status} ${res.text.slice(0, 100)}`);
    }
    expect(protectedRoutes().length).toBeGreaterThan(60);
    expect(wrong).toEqual([]);
  });

  describe('forged and misused tokens, on every protected route', () => {
    const secret = () => t.env.SECRET_KEY;
    const claims = () => ({ ...decodeClaims(u.admin.token), iat: nowSeconds(), exp: nowSeconds() + 600 });
    const attacks: Array<[string, () => string]> = [
      ['alg none', () => unsigned(claims())],
      ['alg confusion: RS256 in the header, HMAC-signed with the secret', () => signHs256(claims(), secret(), { alg: 'RS256' })],
      ['alg confusion: none in the header over a valid HMAC', () => signHs256(claims(), secret(), { alg: 'none' })],
      ['signed with another key', () => signHs256(claims(), 'not-the-server-secret-but-long-enough-0123456789')],
      ['expired', () => signHs256({ ...claims(), iat: nowSeconds() - 7200, exp: nowSeconds() - 60 }, secret())],
      ['without an expiry', () => signHs256({ ...claims(), exp: undefined }, secret())],
      ['wrong issuer', () => signHs256({ ...claims(), iss: 'evil-issuer' }, secret())],
      ['wrong audience', () => signHs256({ ...claims(), aud: 'another-app' }, secret())],
      ['a refresh token', () => u.admin.refreshToken],
      [
        'a refresh token re-signed as an admin access token',
        () => signHs256({ ...decodeClaims(u.admin.refreshToken), role: 'admin', wards: [], ver: 0 }, 'x'.repeat(40)),
      ],
    ];

    it('accepts the genuine claims, correctly signed (so each refusal below is for its stated reason)', async () => {
      const res = await t.http.get('/users', { token: signHs256(claims(), secret()) });
      expect(res.status).toBe(200);
    });

    it.each(attacks)('refuses %s with 401', async (_name, forge) => {
      const token = forge();
      const wrong: string[] = [];
      for (const route of protectedRoutes()) {
        const res = await call(route, { token });
        if (res.status !== 401 || res.body?.code !== 'token_not_valid') wrong.push(`${label(route)} → ${res.status}`);
      }
      expect(wrong).toEqual([]);
    });
  });

  it('refuses a citizen on every staff and admin route with 403, before looking at the body', async () => {
    const guarded = routes.filter((r) => r.roles.length && !r.roles.includes('citizen'));
    expect(guarded.length).toBeGreaterThan(40);
    const wrong: string[] = [];
    for (const route of guarded) {
      // A body the validation pipe would refuse with a 400: the guard must answer first.
      const res = await call(route, { token: u.citizen.token, json: route.method === 'GET' ? undefined : { not_a_field: [1] } });
      if (res.status !== 403 || res.body?.detail !== 'You do not have permission to perform this action.') {
        wrong.push(`${label(route)} → ${res.status} ${res.text.slice(0, 80)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses staff on every admin-only route with 403', async () => {
    const adminOnly = routes.filter((r) => r.roles.length === 1 && r.roles[0] === 'admin');
    expect(adminOnly.length).toBeGreaterThan(35);
    const wrong: string[] = [];
    for (const route of adminOnly) {
      const res = await call(route, { token: u.staff.token, json: route.method === 'GET' ? undefined : { not_a_field: [1] } });
      if (res.status !== 403) wrong.push(`${label(route)} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('documents in OpenAPI exactly the protection it enforces', async () => {
    const doc = (await (await fetch(`${t.url}/api/docs-json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string; security: unknown[]; 'x-roles'?: string[] }>>;
    };
    const ops = new Map(
      Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => [op.operationId, op] as const)),
    );
    const wrong: string[] = [];
    for (const route of routes) {
      const op = ops.get(route.operationId);
      if (!op) continue;
      const documented = { public: op.security.length === 0, roles: op['x-roles'] ?? [] };
      const enforced = { public: route.isPublic, roles: route.roles };
      if (JSON.stringify(documented) !== JSON.stringify(enforced))
        wrong.push(`${label(route)}: ${JSON.stringify({ documented, enforced })}`);
    }
    expect(wrong).toEqual([]);
  });

  it('puts the strict per-phone and per-IP limit on every route that checks a password or a code', () => {
    const limited = Object.fromEntries(routes.filter((r) => r.authRateLimit).map((r) => [r.operationId, r.authRateLimit]));
    expect(limited).toEqual({ login: 'login', requestOtp: 'otp', verifyOtp: 'otp-verify', resetPassword: 'reset' });
  });
});
