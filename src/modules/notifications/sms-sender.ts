import { Logger } from '@nestjs/common';
import type { SmsConfig } from '../../config/sms.config.js';

/** Sends one SMS. Throws when the message was not accepted, so the job retries. */
export abstract class SmsSender {
  abstract send(phone: string, message: string): Promise<void>;
}

/**
 * The seed's gateway: POST {api_key, phone, message} as JSON to
 * SMS_GATEWAY_URL. A non-2xx answer or a timeout is a failure.
 */
export class HttpSmsSender extends SmsSender {
  constructor(private readonly config: SmsConfig & { gatewayUrl: string }) {
    super();
  }

  async send(phone: string, message: string): Promise<void> {
    const response = await fetch(this.config.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ api_key: this.config.apiKey ?? '', phone, message }),
      signal: AbortSignal.timeout(this.config.timeoutMs),
    });
    if (!response.ok) {
      // The body may echo the API key back; keep only the status.
      await response.body?.cancel();
      throw new Error(`SMS gateway answered ${response.status}`);
    }
    await response.body?.cancel();
  }
}

/** Used when no gateway is configured: the message is logged (phone masked), not sent. */
export class LoggingSmsSender extends SmsSender {
  private readonly logger = new Logger('SMS');

  async send(phone: string, message: string): Promise<void> {
    this.logger.log(
      `(no SMS gateway configured) to ${phone.slice(0, 5)}****${phone.slice(-2)}: ${message.replace(/\d{6}/g, '******')}`,
    );
  }
}
