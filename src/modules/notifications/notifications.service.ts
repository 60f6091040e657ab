import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { IsNull, Repository } from 'typeorm';
import { NotFoundError } from '../../common/http/api-errors.js';
import { pageWindow, toPage, type Page } from '../../common/pagination/pagination.js';
import type { UnitOfWork } from '../../database/unit-of-work.js';
import { OutboxService } from '../queue/outbox.service.js';
import { RETRY_AFTER_BACKOFF } from '../queue/retry-later.js';
import { RealtimePublisher } from '../realtime/realtime.publisher.js';
import type { NotificationQuery } from './dto/notifications.dto.js';
import type { NotificationResponse } from './dto/notifications.response.js';
import { Notification, type NotificationCategory } from './notification.entity.js';
import { NotificationPreferencesService, recipientKey } from './notification-preferences.service.js';
import { mapNotification } from './notifications.mapper.js';
import { renderCall, type TemplateCall } from './templates.js';

/**
 * One notification to one user. The text is either `title` + `body` as the
 * caller wrote them, or a `template` of templates.ts that `notify()` renders
 * in the recipient's language (bn unless they chose en).
 */
export interface NotifyInput {
  userId: string;
  category: NotificationCategory;
  title?: string;
  body?: string;
  /** Instead of title and body: `{ name: 'urgentNotice', params: {...} }`. */
  template?: TemplateCall;
  /** Deep-link data for the app. */
  data?: Record<string, string>;
  /** Also send an SMS (unless the user turned SMS off for the category): true sends the body, a string sends that text instead. */
  sms?: boolean | string;
  /** Also push to the user's devices (unless the user turned push off for the category). */
  push?: boolean;
}

/**
 * The in-app list plus SMS and push fan-out. Everything happens inside the
 * caller's transaction: the row, and outbox jobs for SMS and push that reach
 * the queue only after the commit. The socket push follows the commit.
 *
 * The recipient (phone, active state, language, channel switches for the
 * category) is read in one query, and only when a channel or a template
 * needs it. The in-app row is written whatever the switches say; SMS and
 * push go only to an active user who has not turned that channel off.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    private readonly preferences: NotificationPreferencesService,
    private readonly outbox: OutboxService,
    private readonly realtime: RealtimePublisher,
  ) {}

  async notify(uow: UnitOfWork, input: NotifyInput): Promise<Notification> {
    const [row] = await this.notifyMany(uow, [input]);
    return row;
  }

  /**
   * `notify` for many users at once (ward fan-outs): one query for the
   * recipients' phones, languages and channel switches, one INSERT for the
   * rows and one per kind of outbox job, whatever the number of recipients.
   */
  async notifyMany(uow: UnitOfWork, inputs: NotifyInput[]): Promise<Notification[]> {
    if (!inputs.length) return [];
    for (const input of inputs) {
      if (!input.template && (input.title === undefined || input.body === undefined)) {
        throw new Error('notify() needs a template, or a title and a body');
      }
    }
    const recipients = await this.preferences.recipients(
      uow.manager,
      inputs.filter((input) => input.sms || input.push || input.template),
    );
    const recipientOf = (input: NotifyInput) => recipients.get(recipientKey(input.userId, input.category));
    const texts = inputs.map((input) =>
      input.template
        ? renderCall(input.template, recipientOf(input)?.language)
        : { title: input.title ?? '', body: input.body ?? '' },
    );
    const rows = inputs.map((input, i) =>
      uow.manager.create(Notification, {
        userId: input.userId,
        category: input.category,
        title: texts[i].title.slice(0, 200),
        body: texts[i].body,
        data: input.data ?? {},
        readAt: null,
      }),
    );
    await uow.manager.insert(Notification, rows);
    await this.outbox.enqueueMany(
      uow,
      'sendSms',
      inputs.flatMap((input, i) => {
        const recipient = recipientOf(input);
        if (!input.sms || !recipient?.isActive || !recipient.sms) return [];
        return [{ data: { phone: recipient.phone, message: typeof input.sms === 'string' ? input.sms : texts[i].body } }];
      }),
    );
    await this.outbox.enqueueMany(
      uow,
      'sendPush',
      inputs.flatMap((input, i) => {
        const recipient = recipientOf(input);
        if (!input.push || !recipient?.isActive || !recipient.push) return [];
        return [
          {
            data: {
              userId: input.userId,
              notificationId: rows[i].id,
              title: texts[i].title,
              body: texts[i].body,
              data: input.data,
              category: input.category,
            },
            options: { backoff: RETRY_AFTER_BACKOFF },
          },
        ];
      }),
    );
    const payloads = rows.map(mapNotification);
    uow.afterCommit(() => payloads.forEach((payload, i) => this.realtime.toUser(inputs[i].userId, 'notification', payload)));
    return rows;
  }

  /** An SMS that is not an in-app notification (one-time codes to a phone number). */
  async sendSms(uow: UnitOfWork, phone: string, message: string): Promise<void> {
    await this.outbox.enqueue(uow, 'sendSms', { phone, message });
  }

  async list(request: FastifyRequest, userId: string, query: NotificationQuery): Promise<Page<NotificationResponse>> {
    const window = pageWindow(query);
    const qb = this.notifications
      .createQueryBuilder('n')
      .where('n.userId = :userId', { userId })
      .orderBy('n.createdAt', 'DESC')
      .addOrderBy('n.id', 'DESC');
    if (query.is_read === true) qb.andWhere('n.readAt IS NOT NULL');
    if (query.is_read === false) qb.andWhere('n.readAt IS NULL');
    if (query.category) qb.andWhere('n.category = :category', { category: query.category });
    const [rows, count] = await qb.skip(window.offset).take(window.pageSize).getManyAndCount();
    return toPage(request, window, count, rows.map(mapNotification));
  }

  unreadCount(userId: string): Promise<number> {
    return this.notifications.countBy({ userId, readAt: IsNull() });
  }

  async markRead(userId: string, id: string): Promise<NotificationResponse> {
    const row = await this.notifications.findOneBy({ id, userId });
    if (!row) throw new NotFoundError();
    if (!row.readAt) {
      row.readAt = new Date();
      await this.notifications.update({ id, userId, readAt: IsNull() }, { readAt: row.readAt });
    }
    return mapNotification(row);
  }

  async markAllRead(userId: string): Promise<number> {
    const result = await this.notifications.update({ userId, readAt: IsNull() }, { readAt: new Date() });
    return result.affected ?? 0;
  }
}
