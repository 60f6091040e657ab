import { image, uploadForm } from '../helpers/files.js';
import { createRoleUsers, createUser, seedGeography, type RoleUsers, type TestUser } from '../helpers/fixtures.js';
import type { HttpResponse } from '../helpers/http.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { listRoutes, sampleUrl, type RouteInfo } from './routes.js';

/** A stack frame, a file path, SQL, or a driver's or runtime's own message. */
const LEAK =
  /\bat \S+ \(|node_modules|\.(ts|js):\d+|QueryFailedError|\bSELECT\b.+\bFROM\b|\bINSERT INTO\b|\bUPDATE\b.+\bSET\b|\bDELETE FROM\b|syntax error at or near|violates .* constraint|TypeError|ReferenceError|Cannot read propert|is not a function|\bstack\b/i;

/**
 * OWASP API8 (security misconfiguration) and API4 (unrestricted resource
 * consumption, at the edge): CORS does not trust foreign origins, security
 * headers are on every answer (errors and files too), and no error — whatever
 * a client sends to whichever route — is a 500 or shows a stack trace, SQL or
 * an internal message.
 */
describe('security: HTTP hardening', () => {
  let t: TestApp;
  let u: RoleUsers;
  let fuzzer: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    u = await createRoleUsers(t, await seedGeography(t));
    fuzzer = await createUser(t);
  });
  afterAll(() => t?.close());

  describe('CORS', () => {
    const origins = { allowed: 'http://localhost:3000' };
    const foreign = [
      'https://evil.example',
      'null',
      'http://localhost:3000.evil.example',
      'http://evil.localhost:3000',
      'http://127.0.0.1:3001',
    ];

    it('reflects only a configured origin, with credentials', async () => {
      const res = await t.http.get('/meta/choices', { headers: { origin: origins.allowed } });
      expect(res.headers.get('access-control-allow-origin')).toBe(origins.allowed);
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
      expect(res.headers.get('vary')).toMatch(/origin/i);
    });

    it('adds no CORS headers to a request without an Origin (the app, servers)', async () => {
      const res = await t.http.get('/meta/choices');
      expect([...res.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
    });

    it.each(foreign)('does not reflect %s on a request or a preflight', async (origin) => {
      const res = await t.http.get('/users/me', { token: u.citizen.token, headers: { origin } });
      expect(res.status).toBe(200);
      // Without Access-Control-Allow-Origin a browser keeps the answer from the foreign page.
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      const preflight = await t.http.request('OPTIONS', '/payments', {
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('security headers', () => {
    const header = (res: { headers: Headers }) => (name: string) => res.headers.get(name);
    /** A JSON answer: the set OWASP asks of an API (nothing loads, nothing frames it, no sniffing, HSTS). */
    const expectApiHardened = (what: string, res: { headers: Headers }) => {
      const h = header(res);
      expect({ what, type: h('content-type') }).toEqual({ what, type: expect.stringMatching(/^application\/json/) });
      expect({ what, csp: h('content-security-policy') }).toEqual({ what, csp: "default-src 'none'; frame-ancestors 'none'" });
      expect({ what, nosniff: h('x-content-type-options') }).toEqual({ what, nosniff: 'nosniff' });
      expect({ what, frame: h('x-frame-options') }).toEqual({ what, frame: 'DENY' });
      expect(h('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(h('referrer-policy')).toBe('no-referrer');
      expect(h('cross-origin-resource-policy')).toBe('same-origin');
      // What only governs a page a browser renders is left to pages and files.
      expect(h('cross-origin-opener-policy')).toBeNull();
      expect(h('x-powered-by')).toBeNull();
      expect(h('x-request-id')).toBeTruthy();
    };
    /** An HTML page or a file: helmet's whole set. */
    const expectDocumentHardened = (what: string, res: { headers: Headers }) => {
      const h = header(res);
      expect({ what, nosniff: h('x-content-type-options') }).toEqual({ what, nosniff: 'nosniff' });
      expect({ what, frame: h('x-frame-options') }).toEqual({ what, frame: 'SAMEORIGIN' });
      expect(h('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(h('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(h('content-security-policy')).toContain("default-src 'self'");
      expect(h('referrer-policy')).toBe('no-referrer');
      expect(h('cross-origin-opener-policy')).toBe('same-origin');
      expect(h('x-permitted-cross-domain-policies')).toBe('none');
      expect(h('x-powered-by')).toBeNull();
      expect(h('x-request-id')).toBeTruthy();
    };

    it('are on successes, on every kind of error, on pages and on files', async () => {
      expectApiHardened('200', await t.http.get('/meta/choices'));
      expectApiHardened('400', await t.http.post('/auth/login', { phone: 'x' }));
      expectApiHardened('401', await t.http.get('/users/me'));
      expectApiHardened('403', await t.http.get('/users', { token: u.citizen.token }));
      expectApiHardened('404', await t.http.get('/no/such/route'));
      expectApiHardened('413', await t.http.post('/auth/login', { phone: 'x'.repeat(2_000_000) }));
      expectApiHardened(
        '415',
        await t.http.request('POST', '/users/me/avatar', { token: u.citizen.token, body: uploadForm('<svg/>') }),
      );
      const avatar = await t.http.request('POST', '/users/me/avatar', {
        token: u.citizen.token,
        body: uploadForm(await image(8, 8)),
      });
      const file = await fetch(`${t.url}/media/${avatar.body.avatar_url.replace(t.env.MEDIA_URL, '')}`);
      expect(file.status).toBe(200);
      expectDocumentHardened('media', file);
      const docs = await fetch(`${t.url}/api/docs`);
      expect(docs.headers.get('content-type')).toMatch(/^text\/html/);
      expectDocumentHardened('docs page', docs);
    });
  });

  describe('no error is a 500 or tells how the server works inside', () => {
    const seen: Array<{ what: string; res: HttpResponse }> = [];
    const tokenFor = (route: RouteInfo) =>
      route.roles.length && !route.roles.includes('citizen') ? u.admin.token : route.isPublic ? undefined : fuzzer.token;
    const record = async (what: string, send: () => Promise<HttpResponse>) => seen.push({ what, res: await send() });
    /** Routes the fuzz must not run for real: deactivating the fuzzing account ends its session. */
    const skip = (r: RouteInfo) => r.operationId === 'deactivateMe';

    it('for hostile query strings on every list', async () => {
      const queries = [
        'page=-1',
        'page=abc',
        'page=9'.padEnd(25, '9'),
        'page_size=1000000',
        'ordering=password_hash',
        'ordering=-created_at;DROP TABLE users',
        "search=' OR 1=1 --",
        'search=%00',
        'search=%E0%A4%A',
        `search=${'x'.repeat(5_000)}`,
        'ward=not-a-uuid',
        'status=a&status=b&category[]=x',
        'from=9999-99-99&to=0000-00-00&month=2026-13',
        'is_active=maybe&is_read=2',
        'user=00000000-0000-0000-0000-000000000000',
        '__proto__[role]=admin&constructor[prototype][x]=1',
      ];
      for (const route of listRoutes(t.app).filter((r) => r.method === 'GET' && !skip(r))) {
        for (const q of queries) {
          const url = `${sampleUrl(route).replace(/^\/api\/v1/, '')}?${q}`;
          await record(`GET ${route.path}?${q.slice(0, 40)}`, () => t.http.get(url, { token: tokenFor(route) }));
        }
      }
      expect(seen.length).toBeGreaterThan(500);
    });

    it('for hostile bodies on every write', async () => {
      const values: unknown[] = [
        null,
        [],
        {},
        'x'.repeat(100_000),
        -1e308,
        Number.MAX_SAFE_INTEGER * 1024,
        '\u0000',
        ['a', { b: [] }],
        true,
        '1;DROP TABLE users',
      ];
      const raw = [
        '[]',
        '"x"',
        'null',
        '{"a":',
        '{"__proto__":{"role":"admin"}}',
        '{"amount":1e400,"page":-0}',
        `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
      ];
      for (const route of listRoutes(t.app).filter((r) => r.method !== 'GET' && !skip(r))) {
        const path = sampleUrl(route).replace(/^\/api\/v1/, '');
        const token = tokenFor(route);
        for (const body of raw) {
          await record(`${route.method} ${route.path} raw ${body.slice(0, 12)}`, () =>
            t.http.request(route.method, path, { token, body, headers: { 'content-type': 'application/json' } }),
          );
        }
        await record(`${route.method} ${route.path} text/plain`, () =>
          t.http.request(route.method, path, { token, body: 'hello', headers: { 'content-type': 'text/plain' } }),
        );
        for (const value of values) {
          const json = Object.fromEntries((route.body?.properties ?? ['x']).map((p) => [p, value]));
          await record(`${route.method} ${route.path} every field = ${JSON.stringify(value)?.slice(0, 20)}`, () =>
            t.http.request(route.method, path, { token, json }),
          );
        }
      }
      expect(seen.length).toBeGreaterThan(1_000);
    });

    it('for hostile path parameters', async () => {
      const ids = ["1' OR '1'='1", '..%2f..%2fetc%2fpasswd', '%00', '0'.repeat(400), '00000000-0000-0000-0000-00000000000g'];
      for (const route of listRoutes(t.app).filter((r) => r.path.includes(':') && !skip(r))) {
        for (const id of ids) {
          const url = sampleUrl(route, { id, attachment_id: id, tracking_number: id, gateway: id }).replace(/^\/api\/v1/, '');
          await record(`${route.method} ${route.path} id=${id.slice(0, 20)}`, () =>
            t.http.request(route.method, url, { token: tokenFor(route) }),
          );
        }
      }
      expect(seen.length).toBeGreaterThan(100);
    });

    afterEach(() => {
      const failures = seen
        .filter(({ res }) => res.status >= 500 || LEAK.test(res.text))
        .map(({ what, res }) => `${what} → ${res.status} ${res.text.slice(0, 160)}`);
      seen.length = 0;
      expect(failures).toEqual([]);
    });

    afterAll(async () => {
      // The server is none the worse for it.
      expect((await t.http.get('/health/ready')).status).toBe(200);
      expect((await t.http.get('/users/me', { token: fuzzer.token })).status).toBe(200);
    });
  });
});
