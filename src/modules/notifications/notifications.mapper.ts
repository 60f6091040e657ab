import { toIso } from '../../common/time/dhaka-time.js';
import type { NotificationResponse } from './dto/notifications.response.js';
import type { Notification } from './notification.entity.js';

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
