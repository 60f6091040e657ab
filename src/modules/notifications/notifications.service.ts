import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { In, IsNull, Repository } from 'typeorm';
import { NotFoundError } from '../../common/http/api-errors.js';
import { pageWindow, toPage, type Page } from '../../common/pagination/pagination.js';
import type { UnitOfWork } from '../../database/unit-of-work.js';
import { OutboxService } from '../queue/outbox.service.js';
import { RealtimePublisher } from '../realtime/realtime.publisher.js';
import { User } from '../users/user.entity.js';
import type { NotificationQuery } from './dto/notifications.dto.js';
import type { NotificationResponse } from './dto/notifications.response.js';
import { Notification, type NotificationCategory } from './notification.entity.js';
import { mapNotification } from './notifications.mapper.js';

export interface NotifyInput {
  userId: string;
  category: NotificationCategory;
  title: string;
  body: string;
  /** Deep-link data for the app. */
  data?: Record<string, string>;
  /** Also send an SMS: true sends `body`, a string sends that text instead. */
  sms?: boolean | string;
  /** Also send a push notification to the user's devices. */
  push?: boolean;
}

/**
 * The in-app list plus SMS and push fan-out. Everything happens inside the
 * caller's transaction: the row, and outbox jobs for SMS and push that reach
 * the queue only after the commit. The socket push follows the commit.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    private readonly outbox: OutboxService,
    private readonly realtime: RealtimePublisher,
  ) {}

  async notify(uow: UnitOfWork, input: NotifyInput): Promise<Notification> {
    const [row] = await this.notifyMany(uow, [input]);
    return row;
  }

  /**
   * `notify` for many users at once (ward fan-outs): one INSERT for the rows
   * and one per kind of outbox job, whatever the number of recipients.
   */
  async notifyMany(uow: UnitOfWork, inputs: NotifyInput[]): Promise<Notification[]> {
    if (!inputs.length) return [];
    const rows = inputs.map((input) =>
      uow.manager.create(Notification, {
        userId: input.userId,
        category: input.category,
        title: input.title.slice(0, 200),
        body: input.body,
        data: input.data ?? {},
        readAt: null,
      }),
    );
    await uow.manager.insert(Notification, rows);
    const smsInputs = inputs.filter((input) => input.sms);
    if (smsInputs.length) {
      const users = await uow.manager.find(User, {
        where: { id: In(smsInputs.map((input) => input.userId)) },
        select: { id: true, phone: true, isActive: true },
      });
      const phones = new Map(users.filter((u) => u.isActive).map((u) => [u.id, u.phone]));
      await this.outbox.enqueueMany(
        uow,
        'sendSms',
        smsInputs
          .filter((input) => phones.has(input.userId))
          .map((input) => ({
            data: { phone: phones.get(input.userId)!, message: typeof input.sms === 'string' ? input.sms : input.body },
          })),
      );
    }
    await this.outbox.enqueueMany(
      uow,
      'sendPush',
      inputs
        .filter((input) => input.push)
        .map((input) => ({
          data: { userId: input.userId, title: input.title, body: input.body, data: input.data, category: input.category },
        })),
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
