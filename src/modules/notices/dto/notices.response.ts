export class NoticeResponse {
  id: string;
  title: string;
  content: string;
  category: string;
  /** low | normal | high | urgent */
  priority: string;
  /** Ward ids it is meant for; empty = every ward. */
  target_wards: string[];
  published_at: string;
  expires_at: string | null;
  /** Published and not expired. */
  is_active: boolean;
  /** Whether the caller has opened it (always false without a token). */
  is_read: boolean;
  attachment_url: string | null;
  /** image | pdf */
  attachment_type: string | null;
  attachment_name: string | null;
  created_at: string;
  updated_at: string;
}

export class NoticeUnreadCountResponse {
  count: number;
}
