import type { NotificationCategory } from '../notification.entity.js';

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

export class ChannelPreferenceResponse {
  sms: boolean;
  push: boolean;
  /** True for payment and account messages: their SMS and push cannot be turned off. */
  always_on: boolean;
}

/** Every notification category with its channels (on unless the user turned them off). */
export class NotificationPreferencesResponse implements Record<NotificationCategory, ChannelPreferenceResponse> {
  account: ChannelPreferenceResponse;
  complaint: ChannelPreferenceResponse;
  payment: ChannelPreferenceResponse;
  donation: ChannelPreferenceResponse;
  emergency: ChannelPreferenceResponse;
  notice: ChannelPreferenceResponse;
  waste: ChannelPreferenceResponse;
  event: ChannelPreferenceResponse;
  chat: ChannelPreferenceResponse;
  system: ChannelPreferenceResponse;
}
