import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { FieldValidationException, type FieldErrors } from '../../common/http/api-errors.js';
import { TransactionRunner } from '../../database/unit-of-work.js';
import type { Language } from '../users/user.entity.js';
import type { ChannelPreferenceDto, UpdateNotificationPreferencesDto } from './dto/notification-preferences.dto.js';
import type { NotificationPreferencesResponse } from './dto/notifications.response.js';
import { NotificationPreference } from './notification-preference.entity.js';
import { isAlwaysOn, NOTIFICATION_CATEGORY_CHOICES } from './notification.choices.js';
import { NOTIFICATION_CATEGORIES, type NotificationCategory } from './notification.entity.js';
import { mapPreferences } from './notifications.mapper.js';

/** Who a notification goes to, and through which channels for its category. */
export interface Recipient {
  phone: string;
  isActive: boolean;
  language: Language;
  /** The user allows SMS for this category (always, for payment and account). */
  sms: boolean;
  /** The user allows push for this category (always, for payment and account). */
  push: boolean;
}

const CHANNELS = ['sms', 'push'] as const;

/** Per-category SMS and push switches. The in-app list records everything regardless. */
@Injectable()
export class NotificationPreferencesService {
  constructor(
    @InjectRepository(NotificationPreference) private readonly preferences: Repository<NotificationPreference>,
    private readonly tx: TransactionRunner,
  ) {}

  async getPreferences(userId: string): Promise<NotificationPreferencesResponse> {
    const rows = await this.preferences.find({ where: { userId }, select: { category: true, sms: true, push: true } });
    return mapPreferences(rows);
  }

  /** Changes only the channels named; answers with every category, as GET does. */
  async updatePreferences(user: AuthUser, dto: UpdateNotificationPreferencesDto): Promise<NotificationPreferencesResponse> {
    const changes = NOTIFICATION_CATEGORIES.flatMap((category): [NotificationCategory, ChannelPreferenceDto][] =>
      dto[category] ? [[category, dto[category]]] : [],
    );
    const errors: FieldErrors = {};
    for (const [category, change] of changes) {
      if (!isAlwaysOn(category)) continue;
      const label = NOTIFICATION_CATEGORY_CHOICES.find((c) => c.value === category)?.label_en ?? category;
      for (const channel of CHANNELS) {
        if (change[channel] === false) errors[`${category}.${channel}`] = [`${label} messages are always on.`];
      }
    }
    if (Object.keys(errors).length) throw new FieldValidationException(errors);

    return this.tx.run(user.origin, async (uow) => {
      for (const [category, change] of changes) {
        if (isAlwaysOn(category) || (change.sms === undefined && change.push === undefined)) continue;
        // A channel left out keeps its value (on, for a category without a row yet).
        await uow.manager.query(
          `INSERT INTO notification_preferences (user_id, category, sms, push)
           VALUES ($1, $2, COALESCE($3::boolean, true), COALESCE($4::boolean, true))
           ON CONFLICT (user_id, category) DO UPDATE
             SET sms = COALESCE($3::boolean, notification_preferences.sms),
                 push = COALESCE($4::boolean, notification_preferences.push),
                 updated_at = now()`,
          [user.id, category, change.sms ?? null, change.push ?? null],
        );
      }
      const rows = await uow.manager.find(NotificationPreference, {
        where: { userId: user.id },
        select: { category: true, sms: true, push: true },
      });
      return mapPreferences(rows);
    });
  }

  /**
   * The one query `notify()` makes: for each (user, category), the user's
   * phone, active state, language and channel switches, inside the caller's
   * transaction. Keyed by `recipientKey(userId, category)`; users that do not
   * exist are absent.
   */
  async recipients(
    manager: EntityManager,
    wanted: Array<{ userId: string; category: NotificationCategory }>,
  ): Promise<Map<string, Recipient>> {
    const found = new Map<string, Recipient>();
    if (!wanted.length) return found;
    const rows: Array<{
      id: string;
      category: NotificationCategory;
      phone: string;
      is_active: boolean;
      language: Language;
      sms: boolean | null;
      push: boolean | null;
    }> = await manager.query(
      `SELECT u.id, w.category, u.phone, u.is_active, u.language, p.sms, p.push
         FROM unnest($1::uuid[], $2::text[]) AS w(user_id, category)
         JOIN users u ON u.id = w.user_id
         LEFT JOIN notification_preferences p ON p.user_id = w.user_id AND p.category = w.category`,
      [wanted.map((w) => w.userId), wanted.map((w) => w.category)],
    );
    for (const row of rows) {
      const alwaysOn = isAlwaysOn(row.category);
      found.set(recipientKey(row.id, row.category), {
        phone: row.phone,
        isActive: row.is_active,
        language: row.language,
        sms: alwaysOn || row.sms !== false,
        push: alwaysOn || row.push !== false,
      });
    }
    return found;
  }
}

export const recipientKey = (userId: string, category: string): string => `${userId}:${category}`;
