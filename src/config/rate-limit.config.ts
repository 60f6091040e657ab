import { registerAs } from '@nestjs/config';
import { validateEnv } from './env.schema.js';

export const rateLimitConfig = registerAs('rateLimit', () => {
  const env = validateEnv(process.env);
  return {
    perMinute: env.RATE_LIMIT_PER_MINUTE,
    authPerMinute: env.AUTH_RATE_LIMIT_PER_MINUTE,
    chatPerMinute: env.CHAT_RATE_LIMIT_PER_MINUTE,
  };
});
export type RateLimitConfig = ReturnType<typeof rateLimitConfig>;
