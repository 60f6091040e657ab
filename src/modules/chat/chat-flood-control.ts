import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { REDIS } from '../../common/redis/redis.module.js';
import { rateLimitConfig, type RateLimitConfig } from '../../config/rate-limit.config.js';
import { redisConfig, type RedisConfig } from '../../config/redis.config.js';

/** 429 with Retry-After over REST; the `error` event's body on a socket. */
export class TooManyMessagesException extends HttpException {
  readonly headers: Record<string, string>;

  constructor(retryAfterSeconds: number) {
    super(
      { detail: `Too many messages. Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.` },
      HttpStatus.TOO_MANY_REQUESTS,
    );
    this.headers = { 'Retry-After': String(retryAfterSeconds) };
  }
}

/**
 * CHAT_RATE_LIMIT_PER_MINUTE messages per user, over sockets and REST
 * together, counted in Redis so every instance shares the count (an
 * in-process limiter stands in while Redis is unreachable). Each socket also
 * has its own burst limit for every event it sends (ChatGateway).
 */
@Injectable()
export class ChatFloodControl {
  private readonly limiter: RateLimiterRedis;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(rateLimitConfig.KEY) limits: RateLimitConfig,
    @Inject(redisConfig.KEY) redisCfg: RedisConfig,
  ) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${redisCfg.keyPrefix}rl:chat`,
      points: limits.chatPerMinute,
      duration: 60,
      insuranceLimiter: new RateLimiterMemory({ points: limits.chatPerMinute, duration: 60 }),
    });
  }

  /** Counts one message of `userId`; TooManyMessagesException past the limit. */
  async consume(userId: string): Promise<void> {
    try {
      await this.limiter.consume(userId);
    } catch (res) {
      if (res instanceof RateLimiterRes) throw new TooManyMessagesException(Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
      throw res;
    }
  }
}
