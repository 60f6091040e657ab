import { toIso } from '../../common/time/dhaka-time.js';
import type { NoticeResponse } from './dto/notices.response.js';
import type { Notice } from './notice.entity.js';

/** A notice with what its response needs beyond its own columns. */
export interface NoticeRow {
  notice: Notice;
  targetWards: string[];
  isRead: boolean;
}

export function isNoticeActive(n: Notice, now: Date): boolean {
  return n.publishedAt.getTime() <= now.getTime() && (n.expiresAt === null || n.expiresAt.getTime() > now.getTime());
}

/** `fileUrl` resolves a stored key to its public URL (the storage module's job). */
export function mapNotice(row: NoticeRow, now: Date, fileUrl: (key: string) => string): NoticeResponse {
  const n = row.notice;
  return {
    id: n.id,
    title: n.title,
    content: n.content,
    category: n.category,
    priority: n.priority,
    target_wards: row.targetWards,
    published_at: toIso(n.publishedAt),
    expires_at: toIso(n.expiresAt),
    is_active: isNoticeActive(n, now),
    is_read: row.isRead,
    attachment_url: n.attachmentKey ? fileUrl(n.attachmentKey) : null,
    attachment_type: n.attachmentType,
    attachment_name: n.attachmentName,
    created_at: toIso(n.createdAt),
    updated_at: toIso(n.updatedAt),
  };
}
