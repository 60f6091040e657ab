export class NotificationResponse {
  id: string;
  category: string;
  title: string;
  body: string;
  data: Record<string, string>;
  is_read: boolean;
  read_at: string | null;
  created_at: string;
}

export class UnreadCountResponse {
  count: number;
}

export class ReadAllResponse {
  /** How many notifications were marked read. */
  updated: number;
}
