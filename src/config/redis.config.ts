import { registerAs } from '@nestjs/config';
import { validateEnv } from './env.schema.js';

export const redisConfig = registerAs('redis', () => {
  const env = validateEnv(process.env);
  return {
    url: env.REDIS_URL,
    keyPrefix: env.REDIS_KEY_PREFIX,
    queuePrefix: env.QUEUE_PREFIX,
    outboxPollMs: env.OUTBOX_POLL_MS,
    lockDurationMs: env.BULL_LOCK_DURATION_MS,
    stalledIntervalMs: env.BULL_STALLED_INTERVAL_MS,
  };
});
export type RedisConfig = ReturnType<typeof redisConfig>;
