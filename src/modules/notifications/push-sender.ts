import { Logger } from '@nestjs/common';

export interface PushMessage {
  title: string;
  body: string;
  /** Delivered to the app with the notification (string values only, as FCM requires). */
  data?: Record<string, string>;
}

/** What became of each token of one send. Every token given appears in exactly one list. */
export interface PushResult {
  delivered: string[];
  /** The push service says the token is dead (app uninstalled, token rotated or malformed): remove it. */
  unregistered: string[];
  /** Refused for a reason a retry will not fix (the message itself, the project's permissions). */
  rejected: string[];
  /** Failed for now (rate limit, outage, timeout): worth another attempt later. */
  retry: string[];
  /** The longest wait the push service asked for before retrying, if it said. */
  retryAfterMs?: number;
}

/**
 * Delivers one push message to device tokens. Per-token failures are reported
 * in the result, never thrown; a failure that concerns every token (the OAuth
 * token cannot be obtained) may be thrown and is retried by the job.
 */
export abstract class PushSender {
  abstract send(tokens: string[], message: PushMessage): Promise<PushResult>;
}

/** Used when FCM is not configured: pushes are logged, not sent. */
export class LoggingPushSender extends PushSender {
  private readonly logger = new Logger('Push');

  async send(tokens: string[], message: PushMessage): Promise<PushResult> {
    this.logger.log(`(no push service configured) ${tokens.length} device(s): ${message.title}`);
    return { delivered: [...tokens], unregistered: [], rejected: [], retry: [] };
  }
}
