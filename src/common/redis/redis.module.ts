import { Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { redisConfig, type RedisConfig } from '../../config/redis.config.js';

export const REDIS = Symbol('REDIS');

/**
 * The shared Redis connection for rate limits, token revocations and the
 * realtime emitter. Commands fail at once while Redis is unreachable (no
 * offline queue), so callers can fall back instead of hanging.
 */
export function createRedisClient(url: string, name: string): Redis {
  return new Redis(url, {
    connectionName: `clean-care:${name}`,
    // Commands issued in the same tick share one write (e.g. a request's revocation check and rate-limit count).
    enableAutoPipelining: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
}

@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [redisConfig.KEY],
      useFactory: async (config: RedisConfig) => {
        const client = createRedisClient(config.url, 'app');
        client.on('error', (err: Error) => new Logger('Redis').warn(err.message));
        // Wait briefly for the first connection; serve (health says "not ready") if Redis is down.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 2_000);
          client.once('ready', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        return client;
      },
    },
    RedisLifecycle,
  ],
  exports: [REDIS],
})
export class RedisModule {}
