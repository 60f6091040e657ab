import { Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { TransactionRunner, type ChangeOrigin, type UnitOfWork } from '../../database/unit-of-work.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { render } from '../notifications/templates.js';
import { PRIORITY_URGENT } from './notice.choices.js';
import { Notice } from './notice.entity.js';
import { NoticesRepository } from './notices.repository.js';

export type PushOutcome = 'pushed' | 'already-pushed' | 'gone' | 'not-urgent' | 'expired' | 'not-yet-published';

/** A job that fires this close before the publication time waits for it instead of giving up. */
const EARLY_TOLERANCE_MS = 5_000;
const EXCERPT_LENGTH = 160;

/**
 * The urgent-notice fan-out. Target users are notified in batches, each
 * batch in one transaction with the notice row locked and the cursor
 * (`push_cursor`, the last user id done) moved in the same commit; the
 * finished push sets `pushed_at`. A rerun — Bull's at-least-once delivery, a
 * crash mid-way, a second job for the same notice — resumes after the cursor
 * or finds the push done, so nobody is notified twice.
 */
@Injectable()
export class NoticePushService {
  private readonly logger = new Logger(NoticePushService.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: NoticesRepository,
    private readonly notifications: NotificationsService,
  ) {}

  async push(origin: ChangeOrigin, noticeId: string, batchSize = 500): Promise<{ outcome: PushOutcome; notified: number }> {
    let notified = 0;
    for (;;) {
      const step = await this.tx.run(origin, (uow) => this.pushBatch(uow, noticeId, batchSize));
      notified += step.notified;
      if (step.waitMs !== undefined) {
        await sleep(step.waitMs);
        continue;
      }
      if (step.outcome) {
        if (notified) this.logger.log(`urgent notice ${noticeId}: ${notified} user(s) notified (${step.outcome})`);
        return { outcome: step.outcome, notified };
      }
    }
  }

  private async pushBatch(
    uow: UnitOfWork,
    noticeId: string,
    batchSize: number,
  ): Promise<{ outcome?: PushOutcome; notified: number; waitMs?: number }> {
    const manager = uow.manager;
    const notice = await manager.findOne(Notice, { where: { id: noticeId }, lock: { mode: 'pessimistic_write' } });
    if (!notice) return { outcome: 'gone', notified: 0 };
    if (notice.pushedAt) return { outcome: 'already-pushed', notified: 0 };
    if (notice.priority !== PRIORITY_URGENT) return { outcome: 'not-urgent', notified: 0 };
    const now = new Date();
    if (notice.expiresAt && notice.expiresAt.getTime() <= now.getTime()) return { outcome: 'expired', notified: 0 };
    const early = notice.publishedAt.getTime() - now.getTime();
    // Published later: the job queued for that time (every reschedule queues one) will push it.
    if (early > EARLY_TOLERANCE_MS) return { outcome: 'not-yet-published', notified: 0 };
    if (early > 0) return { notified: 0, waitMs: early };

    const users = await this.repo.nextPushBatch(manager, notice, batchSize);
    const excerpt = notice.content.length > EXCERPT_LENGTH ? `${notice.content.slice(0, EXCERPT_LENGTH - 1)}…` : notice.content;
    for (const user of users) {
      const text = render('urgentNotice', user.language, { title: notice.title, excerpt });
      await this.notifications.notify(uow, {
        userId: user.id,
        category: 'notice',
        title: text.title,
        body: text.body,
        data: { notice_id: notice.id },
        push: true,
      });
    }
    const finished = users.length < batchSize;
    // Raw UPDATE: fan-out bookkeeping is not an edit, so updated_at stays.
    await manager.query('UPDATE notices SET pushed_at = $2, push_cursor = $3 WHERE id = $1', [
      notice.id,
      finished ? now : null,
      finished ? null : users[users.length - 1].id,
    ]);
    return { outcome: finished ? 'pushed' : undefined, notified: users.length };
  }
}
