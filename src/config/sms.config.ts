import { registerAs } from '@nestjs/config';
import { validateEnv } from './env.schema.js';

export const smsConfig = registerAs('sms', () => {
  const env = validateEnv(process.env);
  return {
    gatewayUrl: env.SMS_GATEWAY_URL,
    apiKey: env.SMS_API_KEY,
    timeoutMs: env.SMS_TIMEOUT_MS,
  };
});
export type SmsConfig = ReturnType<typeof smsConfig>;
