import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TransactionRunner, type ChangeOrigin } from '../../database/unit-of-work.js';
import type { Recipient } from '../users/user-directory.js';
import { NotificationFanout } from './notification-fanout.entity.js';
import { NotificationsService, type NotifyInput } from './notifications.service.js';

export interface FanoutSpec {
  /** Names this message; the same key never reaches a recipient twice. */
  key: string;
  /** Recipients per transaction. */
  batchSize: number;
  /** The next recipients after `afterId` in id order (null: from the start), at most `limit`. */
  recipients(manager: EntityManager, afterId: string | null, limit: number): Promise<Recipient[]>;
  /** The notification one recipient gets. */
  message(recipient: Recipient): Omit<NotifyInput, 'userId'>;
}

export interface FanoutResult {
  /** Recipients notified by this run (0 when an earlier run finished the job). */
  sent: number;
  /** Recipients notified under this key in all runs. */
  total: number;
}

/**
 * Sends one message to a large group in batches, each batch one transaction
 * that also moves the progress row on. A run that dies half way is resumed by
 * the next (Bull retries) from the last committed batch; two runs at once
 * queue on the progress row's lock. Either way, nobody is notified twice.
 */
@Injectable()
export class NotificationFanoutService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly notifications: NotificationsService,
  ) {}

  /** Runs (or resumes) the fan-out `spec` describes, for the job `origin` names. */
  async run(origin: ChangeOrigin, spec: FanoutSpec): Promise<FanoutResult> {
    let sent = 0;
    for (;;) {
      const step = await this.tx.run(origin, async (uow) => {
        await uow.manager.createQueryBuilder().insert().into(NotificationFanout).values({ key: spec.key }).orIgnore().execute();
        const progress = await uow.manager.findOneOrFail(NotificationFanout, {
          where: { key: spec.key },
          lock: { mode: 'pessimistic_write' },
        });
        if (progress.completedAt) return { done: true, batch: 0, total: progress.sent };
        const batch = await spec.recipients(uow.manager, progress.lastRecipientId, spec.batchSize);
        await this.notifications.notifyMany(
          uow,
          batch.map((recipient) => ({ ...spec.message(recipient), userId: recipient.id })),
        );
        const done = batch.length < spec.batchSize;
        const total = progress.sent + batch.length;
        await uow.manager.update(
          NotificationFanout,
          { key: spec.key },
          {
            lastRecipientId: batch.at(-1)?.id ?? progress.lastRecipientId,
            sent: total,
            completedAt: done ? new Date() : null,
          },
        );
        return { done, batch: batch.length, total };
      });
      sent += step.batch;
      if (step.done) return { sent, total: step.total };
    }
  }
}
