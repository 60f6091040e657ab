import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { TransactionRunner } from '../src/database/unit-of-work.js';
import { OutboxService } from '../src/modules/queue/outbox.service.js';
import { nextPhone } from './helpers/fixtures.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { sleep, waitFor } from './helpers/wait.js';

/**
 * The transactional outbox: a job is written in the transaction of the
 * change that caused it and reaches Redis only after that transaction
 * commits — never for a change that rolled back, and not while the
 * transaction is still open (even though the relay sweeps every
 * OUTBOX_POLL_MS, 200 ms here).
 */
describe('outbox: jobs only after commit', () => {
  let t: TestApp;
  let tx: TransactionRunner;
  let outbox: OutboxService;
  let queue: Queue;

  beforeAll(async () => {
    t = await startTestApp();
    tx = t.app.get(TransactionRunner);
    outbox = t.app.get(OutboxService);
    queue = t.app.get<Queue>(getQueueToken('notifications'));
  });
  afterAll(() => t?.close());

  const outboxRows = async () => (await t.db.query('SELECT count(*)::int AS n FROM outbox_jobs')).rows[0].n as number;

  it('never sends the job of a transaction that rolled back', async () => {
    const phone = nextPhone();
    await expect(
      tx.run(null, async (uow) => {
        await outbox.enqueue(uow, 'sendSms', { phone, message: 'rolled back' }, { jobId: `rollback-${phone}` });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await sleep(1_000);
    expect(await queue.getJob(`rollback-${phone}`)).toBeNull();
    expect(await outboxRows()).toBe(0);
    expect(t.sms.to(phone)).toEqual([]);
  });

  it('hands the job to Redis only once the transaction has committed, and it runs once', async () => {
    const phone = nextPhone();
    const jobId = `commit-${phone}`;
    await tx.run(null, async (uow) => {
      await outbox.enqueue(uow, 'sendSms', { phone, message: 'committed' }, { jobId });
      // Several relay sweeps pass while the transaction is open: they cannot see the row.
      await sleep(800);
      expect(await queue.getJob(jobId)).toBeNull();
      expect(t.sms.to(phone)).toEqual([]);
    });
    await waitFor(() => t.sms.to(phone).length === 1, { what: 'the SMS after the commit' });
    await sleep(1_000);
    expect(t.sms.to(phone).map((m) => m.message)).toEqual(['committed']);
    expect(await outboxRows()).toBe(0);
  });
});
