import { toIso } from '../../common/time/dhaka-time.js';
import type {
  ChannelPreferenceResponse,
  NotificationPreferencesResponse,
  NotificationResponse,
} from './dto/notifications.response.js';
import type { NotificationPreference } from './notification-preference.entity.js';
import { isAlwaysOn } from './notification.choices.js';
import { NOTIFICATION_CATEGORIES, type Notification, type NotificationCategory } from './notification.entity.js';

export function mapNotification(n: Notification): NotificationResponse {
  return {
    id: n.id,
    category: n.category,
    title: n.title,
    body: n.body,
    data: n.data ?? {},
    is_read: n.readAt !== null,
    read_at: toIso(n.readAt),
    created_at: toIso(n.createdAt),
  };
}

/** Every category, its stored channels or the defaults (on). */
export function mapPreferences(
  rows: Pick<NotificationPreference, 'category' | 'sms' | 'push'>[],
): NotificationPreferencesResponse {
  const stored = new Map(rows.map((r) => [r.category, r]));
  const entries = NOTIFICATION_CATEGORIES.map((category) => {
    const alwaysOn = isAlwaysOn(category);
    const row = stored.get(category);
    return [
      category,
      { sms: alwaysOn || (row?.sms ?? true), push: alwaysOn || (row?.push ?? true), always_on: alwaysOn },
    ] as const;
  });
  return Object.fromEntries(entries) as Record<NotificationCategory, ChannelPreferenceResponse>;
}
