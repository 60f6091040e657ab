import { generateKeyPairSync, randomUUID, verify } from 'node:crypto';
import { getQueueToken } from '@nestjs/bull';
import type { Job, Queue } from 'bull';
import { TransactionRunner } from '../src/database/unit-of-work.js';
import { NotificationsService, type NotifyInput } from '../src/modules/notifications/notifications.service.js';
import { JOBS, QUEUES, type SendPushJob } from '../src/modules/queue/jobs.js';
import { OutboxRelay } from '../src/modules/queue/outbox.relay.js';
import { FakeServer, type RecordedRequest } from './helpers/fake-server.js';
import { createUser, type TestUser } from './helpers/fixtures.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { sleep, waitFor } from './helpers/wait.js';

const PROJECT_ID = 'clean-care-test';
const CLIENT_EMAIL = 'push-sender@clean-care-test.iam.gserviceaccount.com';
const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
const SEND_PATH = `/v1/projects/${PROJECT_ID}/messages:send`;
const CATEGORIES = ['account', 'complaint', 'payment', 'donation', 'emergency', 'notice', 'waste', 'event', 'chat', 'system'];

type FcmReply = { status: number; body: unknown; headers?: Record<string, string> };
interface FcmMessage {
  token: string;
  notification: { title: string; body: string };
  data?: Record<string, string>;
  android: { priority: string };
  apns: { headers: Record<string, string>; payload: { aps: Record<string, unknown> } };
}

const fcmError = (status: number, code: string, errorCode?: string, extra: object[] = []): FcmReply => ({
  status,
  body: {
    error: {
      code: status,
      message: `${code} from the fake`,
      status: code,
      details: [...(errorCode ? [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode }] : []), ...extra],
    },
  },
});

/**
 * The OAuth token endpoint: checks the service account's signed JWT grant
 * (RS256 with the account's key, issuer, FCM scope, audience, lifetime) and
 * issues access tokens it remembers.
 */
class FakeOAuth extends FakeServer {
  readonly issued: string[] = [];

  constructor(publicKey: string) {
    super((req) => {
      const form = req.body as Record<string, string>;
      if (req.method !== 'POST' || req.path !== '/token') return { status: 404, body: { error: 'not_found' } };
      if (form.grant_type !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
        return { status: 400, body: { error: 'unsupported_grant_type' } };
      }
      const [header, payload, signature] = (form.assertion ?? '').split('.');
      const signed = verify(
        'RSA-SHA256',
        Buffer.from(`${header}.${payload}`),
        publicKey,
        Buffer.from(signature ?? '', 'base64url'),
      );
      const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8') || '{}');
      const now = Date.now() / 1000;
      const valid =
        signed &&
        JSON.parse(Buffer.from(header, 'base64url').toString('utf8')).alg === 'RS256' &&
        claims.iss === CLIENT_EMAIL &&
        claims.scope === FCM_SCOPE &&
        claims.aud === 'https://oauth2.googleapis.com/token' &&
        claims.iat <= now + 5 &&
        claims.exp > now;
      if (!valid) return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT' } };
      const token = `ya29.fake-${randomUUID()}`;
      this.issued.push(token);
      return { status: 200, body: { access_token: token, expires_in: 3600, token_type: 'Bearer' } };
    });
  }
}

/**
 * FCM HTTP v1: answers 401 unless the bearer is a live token of the fake
 * OAuth, 400 (a BadRequest naming the field) unless the body is a v1 message,
 * and otherwise what the test scripted for the token (200 by default).
 */
class FakeFcm extends FakeServer {
  /** Scripted answers per device token, by attempt (the last one repeats). */
  readonly script = new Map<string, FcmReply[]>();
  readonly revoked = new Set<string>();
  /** Every authorised, well-formed send: its token, when it came and what it was answered. */
  readonly sends: { token: string; at: number; status: number; message: FcmMessage }[] = [];

  constructor(oauth: FakeOAuth) {
    super((req) => {
      const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
      if (!bearer || !oauth.issued.includes(bearer) || this.revoked.has(bearer)) return fcmError(401, 'UNAUTHENTICATED');
      if (req.method !== 'POST' || req.path !== SEND_PATH) return fcmError(404, 'NOT_FOUND');
      const problem = shapeProblem(req);
      if (problem) {
        return fcmError(400, 'INVALID_ARGUMENT', undefined, [
          { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field: problem, description: 'bad' }] },
        ]);
      }
      const message = (req.body as { message: FcmMessage }).message;
      const replies = this.script.get(message.token) ?? [];
      const reply: FcmReply = replies.length
        ? replies[Math.min(this.to(message.token).length, replies.length - 1)]
        : { status: 200, body: { name: `projects/${PROJECT_ID}/messages/${randomUUID()}` } };
      this.sends.push({ token: message.token, at: Date.now(), status: reply.status, message });
      return reply;
    });
  }

  /** Authorised, well-formed sends to `token`, whatever they were answered. */
  to(token: string): FcmFakeSend[] {
    return this.sends.filter((s) => s.token === token);
  }

  /** Messages FCM accepted for `token`. */
  delivered(token: string): FcmMessage[] {
    return this.to(token)
      .filter((s) => s.status === 200)
      .map((s) => s.message);
  }
}

type FcmFakeSend = FakeFcm['sends'][number];

/** The first field of a v1 send body that is not as FCM wants it, or null. */
function shapeProblem(req: RecordedRequest): string | null {
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return 'content-type';
  const body = req.body as { message?: Partial<FcmMessage> & Record<string, unknown> };
  const m = body?.message;
  if (!m || typeof m !== 'object') return 'message';
  const allowed = ['token', 'notification', 'data', 'android', 'apns', 'webpush', 'fcm_options', 'name'];
  const unknown = Object.keys(m).find((k) => !allowed.includes(k));
  if (unknown) return `message.${unknown}`;
  if (typeof m.token !== 'string' || !m.token) return 'message.token';
  if (typeof m.notification?.title !== 'string' || typeof m.notification?.body !== 'string') return 'message.notification';
  if (m.data !== undefined) {
    const bad = Object.entries(m.data).find(([k, v]) => typeof v !== 'string' || /^(google|gcm)/.test(k) || k === 'from');
    if (bad) return `message.data.${bad[0]}`;
  }
  if (m.android && !['high', 'normal'].includes(m.android.priority)) return 'message.android.priority';
  return null;
}

describe('push notifications (FCM HTTP v1) and notification preferences', () => {
  let t: TestApp;
  let oauth: FakeOAuth;
  let fcm: FakeFcm;
  let queue: Queue;

  beforeAll(async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    oauth = new FakeOAuth(publicKey);
    fcm = new FakeFcm(oauth);
    await oauth.start();
    await fcm.start();
    const serviceAccount = {
      type: 'service_account',
      project_id: PROJECT_ID,
      private_key_id: 'test-key-1',
      private_key: privateKey,
      client_email: CLIENT_EMAIL,
      client_id: '1234567890',
      token_uri: `${oauth.url}/token`,
    };
    t = await startTestApp({
      env: { FCM_SERVICE_ACCOUNT_JSON: JSON.stringify(serviceAccount), FCM_BASE_URL: fcm.url },
    });
    queue = t.app.get<Queue>(getQueueToken(QUEUES.notifications), { strict: false });
  });
  afterAll(async () => {
    await t?.close();
    await fcm?.stop();
    await oauth?.stop();
    delete process.env.FCM_SERVICE_ACCOUNT_JSON;
    delete process.env.FCM_BASE_URL;
  });

  const notify = (input: NotifyInput) =>
    t.app.get(TransactionRunner).run(null, (uow) => t.app.get(NotificationsService).notify(uow, input));

  async function addDevices(user: TestUser, count: number): Promise<string[]> {
    const tokens: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const token = `fcm-token-${randomUUID()}`;
      const res = await t.http.post('/users/me/devices', { token, platform: i % 2 ? 'ios' : 'android' }, { token: user.token });
      expect(res.status).toBe(201);
      tokens.push(token);
    }
    return tokens;
  }

  const deviceTokens = async (user: TestUser): Promise<string[]> =>
    (await t.db.query('SELECT token FROM user_devices WHERE user_id = $1 ORDER BY token', [user.id])).rows.map(
      (r: { token: string }) => r.token,
    );

  const pushJobs = async (user: TestUser): Promise<Job<SendPushJob>[]> =>
    ((await queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed', 'paused'])) as Job<SendPushJob>[]).filter(
      (j) => j.name === JOBS.sendPush.name && j.data.userId === user.id,
    );

  const completedPush = (user: TestUser) =>
    waitFor(async () => (await queue.getCompleted()).find((j) => j.name === JOBS.sendPush.name && j.data.userId === user.id), {
      timeoutMs: 20_000,
      what: 'the completed push job',
    });

  /** Hands every outbox row to Redis, so "no job" means none was enqueued (not: not yet relayed). */
  const settle = async () => {
    await t.app.get(OutboxRelay).flush();
    expect((await t.db.query('SELECT count(*)::int AS n FROM outbox_jobs')).rows[0].n).toBe(0);
  };

  const inApp = async (user: TestUser) =>
    (await t.http.get('/notifications?page_size=100', { token: user.token })).body.results as {
      category: string;
      title: string;
      body: string;
    }[];

  describe('delivery', () => {
    it('pushes to every device of the user with an OAuth bearer and a v1 message, and prunes an unregistered token', async () => {
      const user = await createUser(t);
      const [a, b, dead] = await addDevices(user, 3);
      fcm.script.set(dead, [fcmError(404, 'NOT_FOUND', 'UNREGISTERED')]);

      const row = await notify({
        userId: user.id,
        category: 'complaint',
        title: 'অভিযোগ আপডেট',
        body: 'আপনার অভিযোগ প্রক্রিয়াধীন',
        data: { complaint_id: 'c-42' },
        push: true,
      });

      await waitFor(async () => (await deviceTokens(user)).length === 2, { what: 'the dead token to be removed' });
      expect(await deviceTokens(user)).toEqual([a, b].sort());
      for (const token of [a, b, dead]) {
        const requests = fcm.requests.filter((r) => (r.body as { message?: { token?: string } }).message?.token === token);
        expect(requests).toHaveLength(1);
        expect(requests[0].method).toBe('POST');
        expect(requests[0].path).toBe(SEND_PATH);
        expect(oauth.issued).toContain(String(requests[0].headers.authorization).replace('Bearer ', ''));
        expect(requests[0].body).toEqual({
          message: {
            token,
            notification: { title: 'অভিযোগ আপডেট', body: 'আপনার অভিযোগ প্রক্রিয়াধীন' },
            data: { complaint_id: 'c-42', category: 'complaint', notification_id: row.id },
            android: { priority: 'high', notification: { sound: 'default' } },
            apns: { headers: { 'apns-priority': '10' }, payload: { aps: { sound: 'default' } } },
            webpush: { headers: { Urgency: 'high' } },
          },
        });
      }
      const job = await completedPush(user);
      expect(job.returnvalue).toEqual({ devices: 3, delivered: 2, pruned: 1, rejected: 0 });
      // The device list the app sees agrees.
      const listed = await t.http.get('/users/me/devices', { token: user.token });
      expect(listed.body.map((d: { token: string }) => d.token).sort()).toEqual([a, b].sort());
    });

    it('prunes a token FCM calls invalid, but keeps tokens when the refusal is not about the token', async () => {
      const user = await createUser(t);
      const [invalid, mismatched, fine] = await addDevices(user, 3);
      fcm.script.set(invalid, [
        fcmError(400, 'INVALID_ARGUMENT', 'INVALID_ARGUMENT'), // "The registration token is not a valid FCM registration token"
      ]);
      fcm.script.set(mismatched, [fcmError(403, 'PERMISSION_DENIED', 'SENDER_ID_MISMATCH')]);

      await notify({ userId: user.id, category: 'waste', title: 'Pickup', body: 'Tomorrow 7am', push: true });

      const job = await completedPush(user);
      expect(job.returnvalue).toEqual({ devices: 3, delivered: 1, pruned: 1, rejected: 1 });
      expect(job.attemptsMade).toBe(0); // a refusal is not retried
      expect(await deviceTokens(user)).toEqual([mismatched, fine].sort());
      for (const token of [invalid, mismatched, fine]) expect(fcm.to(token)).toHaveLength(1);
    });

    it('retries a 503 after its Retry-After, sending again only to the device that did not get it', async () => {
      const user = await createUser(t);
      const [first, second, flaky] = await addDevices(user, 3);
      fcm.script.set(flaky, [
        { ...fcmError(503, 'UNAVAILABLE', 'UNAVAILABLE'), headers: { 'retry-after': '3' } },
        { status: 200, body: { name: `projects/${PROJECT_ID}/messages/late` } },
      ]);

      await notify({ userId: user.id, category: 'emergency', title: 'Alert', body: 'Fire reported in ward 1', push: true });

      await waitFor(() => fcm.to(flaky).length === 2, { timeoutMs: 20_000, what: 'the second attempt' });
      const job = await completedPush(user);
      expect(job.attemptsMade).toBe(1);
      expect(fcm.to(first)).toHaveLength(1);
      expect(fcm.to(second)).toHaveLength(1);
      // Retry-After: 3 outweighs the 2 s of the first exponential backoff.
      const [failedAt, retriedAt] = fcm.to(flaky).map((send) => send.at);
      expect(retriedAt - failedAt).toBeGreaterThanOrEqual(2_900);
      expect(job.returnvalue).toEqual({ devices: 3, delivered: 1, pruned: 0, rejected: 0 });
      expect(await deviceTokens(user)).toHaveLength(3);
      await sleep(300);
      expect(fcm.to(first)).toHaveLength(1);
    }, 40_000);

    it('reuses the OAuth token, and fetches a new one when FCM refuses it', async () => {
      const user = await createUser(t);
      const [token] = await addDevices(user, 1);
      const issuedBefore = oauth.issued.length;
      expect(issuedBefore).toBe(1); // every earlier push used the one token

      fcm.revoked.add(oauth.issued[issuedBefore - 1]);
      await notify({ userId: user.id, category: 'notice', title: 'Notice', body: 'Road closed', push: true });

      await waitFor(() => fcm.delivered(token).length === 1, { timeoutMs: 20_000, what: 'delivery with a fresh token' });
      expect(oauth.issued).toHaveLength(issuedBefore + 1);
      const job = await completedPush(user);
      expect(job.attemptsMade).toBe(1);
      expect(job.returnvalue).toMatchObject({ delivered: 1 });
    }, 40_000);

    it('does not push to a deactivated account', async () => {
      const user = await createUser(t);
      const [token] = await addDevices(user, 1);
      expect((await t.http.delete('/users/me', { token: user.token })).status).toBe(204);
      await notify({
        userId: user.id,
        category: 'complaint',
        title: 'Closed',
        body: 'Your complaint was closed',
        push: true,
        sms: true,
      });
      await settle();
      expect(await pushJobs(user)).toEqual([]);
      expect(fcm.to(token)).toEqual([]);
    });
  });

  describe('preferences', () => {
    it('lists every category, on by default; payment and account are always on', async () => {
      const user = await createUser(t);
      const res = await t.http.get('/users/me/notification-preferences', { token: user.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        Object.fromEntries(CATEGORIES.map((c) => [c, { sms: true, push: true, always_on: c === 'payment' || c === 'account' }])),
      );
      expect((await t.http.get('/users/me/notification-preferences')).status).toBe(401);
      expect((await t.http.patch('/users/me/notification-preferences', {})).status).toBe(401);
    });

    it('changes only the channels named, for the caller only', async () => {
      const user = await createUser(t);
      const other = await createUser(t);
      const res = await t.http.patch(
        '/users/me/notification-preferences/',
        { complaint: { push: false }, notice: { sms: false, push: false } },
        { token: user.token },
      );
      expect(res.status).toBe(200);
      expect(res.body.complaint).toEqual({ sms: true, push: false, always_on: false });
      expect(res.body.notice).toEqual({ sms: false, push: false, always_on: false });
      expect(res.body.waste).toEqual({ sms: true, push: true, always_on: false });

      const again = await t.http.patch(
        '/users/me/notification-preferences',
        { complaint: { sms: false }, notice: { push: true }, payment: { sms: true } },
        { token: user.token },
      );
      expect(again.status).toBe(200);
      expect(again.body.complaint).toEqual({ sms: false, push: false, always_on: false });
      expect(again.body.notice).toEqual({ sms: false, push: true, always_on: false });
      expect(again.body.payment).toEqual({ sms: true, push: true, always_on: true });
      expect((await t.http.get('/users/me/notification-preferences', { token: user.token })).body).toEqual(again.body);

      const untouched = await t.http.get('/users/me/notification-preferences', { token: other.token });
      expect(Object.values(untouched.body).every((c) => (c as { sms: boolean }).sms && (c as { push: boolean }).push)).toBe(true);
    });

    it('refuses to turn off payment or account messages, unknown categories and malformed values', async () => {
      const user = await createUser(t);
      const patch = (body: unknown) => t.http.patch('/users/me/notification-preferences', body, { token: user.token });

      const payment = await patch({ payment: { sms: false }, complaint: { push: false } });
      expect(payment.status).toBe(400);
      expect(payment.body).toEqual({ 'payment.sms': ['Payments messages are always on.'] });
      const account = await patch({ account: { sms: false, push: false } });
      expect(account.status).toBe(400);
      expect(account.body).toEqual({
        'account.sms': ['Account and verification codes messages are always on.'],
        'account.push': ['Account and verification codes messages are always on.'],
      });
      // Nothing of a refused request was saved.
      expect((await t.http.get('/users/me/notification-preferences', { token: user.token })).body.complaint.push).toBe(true);

      const unknown = await patch({ spam: { sms: false } });
      expect(unknown.status).toBe(400);
      expect(unknown.body).toEqual({ spam: ['This field is not allowed.'] });
      const channel = await patch({ complaint: { email: false } });
      expect(channel.status).toBe(400);
      expect(channel.body).toEqual({ 'complaint.email': ['This field is not allowed.'] });
      const notBoolean = await patch({ complaint: { sms: 'no' } });
      expect(notBoolean.status).toBe(400);
      expect(Object.keys(notBoolean.body)).toEqual(['complaint.sms']);
      const nullChannel = await patch({ complaint: { push: null } });
      expect(nullChannel.status).toBe(400);
      expect(nullChannel.body).toEqual({ 'complaint.push': ['This field may not be null.'] });
      const notObject = await patch({ complaint: false });
      expect(notObject.status).toBe(400);
      expect(Object.keys(notObject.body)).toEqual(['complaint']);
      const notJsonObject = await patch([1]);
      expect(notJsonObject.status).toBe(400);

      // The table refuses it as well, whatever writes to it.
      await expect(
        t.db.query(`INSERT INTO notification_preferences (user_id, category, sms, push) VALUES ($1, 'payment', false, true)`, [
          user.id,
        ]),
      ).rejects.toThrow(/ck_notification_preferences_always_on/);
    });

    it('skips push and SMS the user turned off, and still lists the notification in the app', async () => {
      const user = await createUser(t);
      const [token] = await addDevices(user, 1);
      await t.http.patch('/users/me/notification-preferences', { complaint: { push: false } }, { token: user.token });

      await notify({ userId: user.id, category: 'complaint', title: 'Push off', body: 'sms only please', push: true, sms: true });
      await waitFor(() => t.sms.to(user.phone).length === 1, { what: 'the SMS' });
      expect(t.sms.to(user.phone)[0].message).toBe('sms only please');
      await settle();
      expect(await pushJobs(user)).toEqual([]);
      expect(fcm.to(token)).toEqual([]);

      await t.http.patch('/users/me/notification-preferences', { complaint: { sms: false, push: true } }, { token: user.token });
      await notify({ userId: user.id, category: 'complaint', title: 'SMS off', body: 'push only please', push: true, sms: true });
      await waitFor(() => fcm.to(token).length === 1, { what: 'the push' });
      await completedPush(user);
      await settle();
      const smsJobs = (await queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed'])).filter(
        (j) => j.name === JOBS.sendSms.name && (j.data as { phone: string }).phone === user.phone,
      );
      expect(smsJobs).toHaveLength(1); // the first notification's only
      expect(t.sms.to(user.phone)).toHaveLength(1);

      // Another category is untouched by the complaint switches.
      await notify({ userId: user.id, category: 'waste', title: 'Other', body: 'both channels', push: true, sms: true });
      await waitFor(() => t.sms.to(user.phone).length === 2 && fcm.to(token).length === 2, { what: 'both channels' });

      expect((await inApp(user)).map((n) => n.title)).toEqual(['Other', 'SMS off', 'Push off']);
    });

    it('always delivers payment messages, even with every other category off', async () => {
      const user = await createUser(t);
      const [token] = await addDevices(user, 1);
      const off = Object.fromEntries(
        CATEGORIES.filter((c) => c !== 'payment' && c !== 'account').map((c) => [c, { sms: false, push: false }]),
      );
      expect((await t.http.patch('/users/me/notification-preferences', off, { token: user.token })).status).toBe(200);

      await notify({
        userId: user.id,
        category: 'payment',
        title: 'পেমেন্ট',
        body: 'আপনার পেমেন্ট completed হয়েছে। পরিমাণ: 150.00 টাকা',
        push: true,
        sms: true,
      });
      await waitFor(() => t.sms.to(user.phone).length === 1 && fcm.to(token).length === 1, { what: 'SMS and push' });
    });
  });

  describe('language', () => {
    it('renders a template in the recipient’s language for the list, the push and the SMS', async () => {
      const english = await createUser(t);
      const bengali = await createUser(t);
      expect((await t.http.patch('/users/me', { language: 'en' }, { token: english.token })).status).toBe(200);
      const [enToken] = await addDevices(english, 1);
      const [bnToken] = await addDevices(bengali, 1);

      for (const user of [english, bengali]) {
        await notify({
          userId: user.id,
          category: 'notice',
          template: { name: 'urgentNotice', params: { title: 'Water off', excerpt: 'Ward 1, 10am-2pm' } },
          data: { notice_id: 'n-1' },
          push: true,
        });
      }
      await waitFor(() => fcm.to(enToken).length === 1 && fcm.to(bnToken).length === 1, { what: 'both pushes' });
      expect(fcm.delivered(enToken)[0].notification).toEqual({ title: 'Urgent notice: Water off', body: 'Ward 1, 10am-2pm' });
      expect(fcm.delivered(bnToken)[0].notification).toEqual({ title: 'জরুরি নোটিশ: Water off', body: 'Ward 1, 10am-2pm' });
      expect((await inApp(english))[0]).toMatchObject({ title: 'Urgent notice: Water off', body: 'Ward 1, 10am-2pm' });
      expect((await inApp(bengali))[0]).toMatchObject({ title: 'জরুরি নোটিশ: Water off' });

      // SMS too: a template whose wording differs by language.
      for (const user of [english, bengali]) {
        await notify({
          userId: user.id,
          category: 'account',
          template: { name: 'otpVerify', params: { code: '123456', minutes: 5 } },
          sms: true,
        });
      }
      await waitFor(() => t.sms.to(english.phone).length === 1 && t.sms.to(bengali.phone).length === 1, { what: 'both SMS' });
      expect(t.sms.to(english.phone)[0].message).toBe(
        'Clean Care: your verification code is 123456. It is valid for 5 minutes. Do not share it.',
      );
      expect(t.sms.to(bengali.phone)[0].message).toBe('Clean Care: আপনার যাচাই কোড 123456। কোডটি 5 মিনিট বৈধ। কাউকে জানাবেন না।');
    });

    it('still takes text the caller wrote itself', async () => {
      const user = await createUser(t);
      await notify({ userId: user.id, category: 'system', title: 'Maintenance', body: 'Tonight 1am' });
      expect((await inApp(user))[0]).toMatchObject({ category: 'system', title: 'Maintenance', body: 'Tonight 1am' });
    });
  });
});
