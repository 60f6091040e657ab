import { Logger } from '@nestjs/common';

export interface PushMessage {
  title: string;
  body: string;
  data?: Record<string, string>;
}

export interface PushResult {
  /** Tokens the push service reported as no longer registered (to be removed). */
  unregistered: string[];
}

/** Delivers a push message to device tokens. Throws on a failure worth retrying. */
export abstract class PushSender {
  abstract send(tokens: string[], message: PushMessage): Promise<PushResult>;
}

/** Used when FCM is not configured: pushes are logged, not sent. */
export class LoggingPushSender extends PushSender {
  private readonly logger = new Logger('Push');

  async send(tokens: string[], message: PushMessage): Promise<PushResult> {
    this.logger.log(`(no push service configured) ${tokens.length} device(s): ${message.title}`);
    return { unregistered: [] };
  }
}
