import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { TransactionRunner } from '../src/database/unit-of-work.js';
import { NotificationsService, type NotifyInput } from '../src/modules/notifications/notifications.service.js';
import { QUEUES } from '../src/modules/queue/jobs.js';
import { OutboxRelay } from '../src/modules/queue/outbox.relay.js';
import { OutboxService } from '../src/modules/queue/outbox.service.js';
import { createUser, nextPhone, type TestUser } from './helpers/fixtures.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { sleep, waitFor } from './helpers/wait.js';

describe('notifications', () => {
  let t: TestApp;
  let queue: Queue;

  beforeAll(async () => {
    t = await startTestApp();
    queue = t.app.get<Queue>(getQueueToken(QUEUES.notifications), { strict: false });
  });
  afterAll(() => t?.close());

  /** Writes a notification the way domain listeners do: in a transaction, through the service. */
  const notify = (input: NotifyInput) =>
    t.app.get(TransactionRunner).run(null, (uow) => t.app.get(NotificationsService).notify(uow, input));

  const note = (user: TestUser, title: string, extra: Partial<NotifyInput> = {}) =>
    notify({ userId: user.id, category: 'complaint', title, body: `${title} body`, ...extra });

  /** Every job the notifications queue holds, in any state. */
  const allJobs = () => queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed', 'paused']);

  describe('in-app list', () => {
    it("lists the caller's notifications newest first, with filters and an unread count", async () => {
      const user = await createUser(t);
      const other = await createUser(t);
      await note(user, 'First', { data: { complaint_id: 'c-1' } });
      await note(user, 'Second', { category: 'payment' });
      await note(user, 'Third');
      await note(other, 'Not yours');

      const res = await t.http.get('/notifications', { token: user.token });
      expect(res.status).toBe(200);
      expect(res.body.count).toBe(3);
      expect(res.body.results.map((n: { title: string }) => n.title)).toEqual(['Third', 'Second', 'First']);
      expect(res.body.results[2]).toEqual({
        id: expect.any(String),
        category: 'complaint',
        title: 'First',
        body: 'First body',
        data: { complaint_id: 'c-1' },
        is_read: false,
        read_at: null,
        created_at: expect.stringMatching(/\+06:00$/),
      });
      const payments = await t.http.get('/notifications?category=payment', { token: user.token });
      expect(payments.body.results.map((n: { title: string }) => n.title)).toEqual(['Second']);
      expect((await t.http.get('/notifications?category=spam', { token: user.token })).status).toBe(400);

      const unread = await t.http.get('/notifications/unread-count', { token: user.token });
      expect(unread.status).toBe(200);
      expect(unread.body).toEqual({ count: 3 });
    });

    it('marks one read (again is harmless); another user’s notification is 404', async () => {
      const user = await createUser(t);
      const other = await createUser(t);
      const mine = await note(user, 'Mine');
      const theirs = await note(other, 'Theirs');

      const read = await t.http.patch(`/notifications/${mine.id}/read`, undefined, { token: user.token });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id: mine.id, is_read: true, read_at: expect.stringMatching(/\+06:00$/) });
      const again = await t.http.patch(`/notifications/${mine.id}/read`, undefined, { token: user.token });
      expect(again.status).toBe(200);
      expect(again.body.read_at).toBe(read.body.read_at);

      const foreign = await t.http.patch(`/notifications/${theirs.id}/read`, undefined, { token: user.token });
      expect(foreign.status).toBe(404);
      expect(foreign.body).toEqual({ detail: 'Not found.' });
      expect((await t.http.get('/notifications/unread-count', { token: other.token })).body).toEqual({ count: 1 });
      expect((await t.http.patch('/notifications/nope/read', undefined, { token: user.token })).status).toBe(404);

      expect((await t.http.get('/notifications?is_read=true', { token: user.token })).body.count).toBe(1);
      expect((await t.http.get('/notifications?is_read=false', { token: user.token })).body.count).toBe(0);
    });

    it('marks all read, for the caller only', async () => {
      const user = await createUser(t);
      const other = await createUser(t);
      await note(user, 'One');
      await note(user, 'Two');
      await note(other, 'Other');
      const res = await t.http.post('/notifications/read-all', undefined, { token: user.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ updated: 2 });
      expect((await t.http.get('/notifications/unread-count', { token: user.token })).body).toEqual({ count: 0 });
      expect((await t.http.get('/notifications/unread-count', { token: other.token })).body).toEqual({ count: 1 });
      expect((await t.http.post('/notifications/read-all', undefined, { token: user.token })).body).toEqual({ updated: 0 });
    });

    it('needs a token', async () => {
      expect((await t.http.get('/notifications')).status).toBe(401);
      expect((await t.http.get('/notifications/unread-count')).status).toBe(401);
    });
  });

  describe('SMS through the queue', () => {
    afterEach(() => t.sms.setHandler(() => ({ status: 200, body: { ok: true } })));

    it('reaches the gateway as the seed’s POST {api_key, phone, message}', async () => {
      const user = await createUser(t);
      await note(user, 'Status changed', { body: 'আপনার অভিযোগের অবস্থা পরিবর্তিত হয়েছে', sms: true });
      const request = await waitFor(() => t.sms.requests.find((r) => (r.body as { phone?: string }).phone === user.phone), {
        what: 'the SMS request',
      });
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/send');
      expect(request.headers['content-type']).toContain('application/json');
      expect(request.body).toEqual({
        api_key: 'test-sms-key',
        phone: user.phone,
        message: 'আপনার অভিযোগের অবস্থা পরিবর্তিত হয়েছে',
      });
      // The job was handed over and the outbox row is gone.
      await waitFor(async () => (await t.db.query('SELECT count(*) AS n FROM outbox_jobs')).rows[0].n === '0', {
        what: 'an empty outbox',
      });
    });

    it('retries a failing gateway with backoff until it accepts', async () => {
      const phone = nextPhone();
      let calls = 0;
      const at: number[] = [];
      t.sms.setHandler((req) => {
        if ((req.body as { phone?: string }).phone !== phone) return { status: 200, body: { ok: true } };
        calls += 1;
        at.push(Date.now());
        return calls < 3 ? { status: 500, body: { error: 'gateway down' } } : { status: 200, body: { ok: true } };
      });
      await t.app.get(TransactionRunner).run(null, (uow) => t.app.get(NotificationsService).sendSms(uow, phone, 'retry me'));

      await waitFor(() => calls >= 3, { timeoutMs: 30_000, what: 'the third delivery attempt' });
      const attempts = t.sms.to(phone);
      expect(attempts).toHaveLength(3);
      expect(attempts.every((m) => m.message === 'retry me')).toBe(true);
      const job = await waitFor(
        async () => (await queue.getCompleted()).find((j) => (j.data as { phone?: string }).phone === phone),
        { what: 'the completed job' },
      );
      expect(await job.isCompleted()).toBe(true);
      // Exponential backoff from 2 s: the retries wait about 2 s, then about 4 s.
      expect(at[1] - at[0]).toBeGreaterThanOrEqual(1_900);
      expect(at[2] - at[1]).toBeGreaterThanOrEqual(3_900);
      // Accepted once: no further sends.
      await sleep(500);
      expect(t.sms.to(phone)).toHaveLength(3);
    }, 45_000);

    it('never hands a job to Redis when its transaction rolls back', async () => {
      const rolledBack = nextPhone();
      const committed = nextPhone();
      const outbox = t.app.get(OutboxService);
      const tx = t.app.get(TransactionRunner);

      await expect(
        tx.run(null, async (uow) => {
          await outbox.enqueue(uow, 'sendSms', { phone: rolledBack, message: 'must never be sent' });
          const row = await uow.manager.query('SELECT 1 FROM outbox_jobs WHERE data->>$1 = $2', ['phone', rolledBack]);
          expect(row).toHaveLength(1); // written, inside the transaction
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      await tx.run(null, (uow) => outbox.enqueue(uow, 'sendSms', { phone: committed, message: 'sent after commit' }));

      await waitFor(() => t.sms.to(committed)[0], { what: 'the committed SMS' });
      await t.app.get(OutboxRelay).flush();
      expect((await t.db.query(`SELECT 1 FROM outbox_jobs WHERE data->>'phone' = $1`, [rolledBack])).rowCount).toBe(0);
      const jobs = await allJobs();
      expect(jobs.some((j) => (j.data as { phone?: string }).phone === committed)).toBe(true);
      expect(jobs.some((j) => (j.data as { phone?: string }).phone === rolledBack)).toBe(false);
      expect(t.sms.to(rolledBack)).toEqual([]);
    });

    it('rolls back the in-app row and its SMS together', async () => {
      const user = await createUser(t);
      await expect(
        t.app.get(TransactionRunner).run(null, async (uow) => {
          await t.app.get(NotificationsService).notify(uow, {
            userId: user.id,
            category: 'account',
            title: 'Never',
            body: 'never delivered',
            sms: true,
          });
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      await note(user, 'Later', { sms: 'later sms' });
      await waitFor(() => t.sms.to(user.phone)[0], { what: 'the later SMS' });
      expect(t.sms.to(user.phone).map((m) => m.message)).toEqual(['later sms']);
      const list = await t.http.get('/notifications', { token: user.token });
      expect(list.body.results.map((n: { title: string }) => n.title)).toEqual(['Later']);
    });
  });
});
