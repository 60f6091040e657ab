import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../../common/redis/redis.module.js';
import { dashboardConfig, type DashboardConfig } from '../../config/dashboard.config.js';
import { redisConfig, type RedisConfig } from '../../config/redis.config.js';

/**
 * A short-lived Redis cache for computed dashboards (DASHBOARD_CACHE_TTL_SECONDS,
 * at most a minute; 0 turns it off). Entries are never invalidated: they
 * expire, and every answer says when it was computed (`generated_at`).
 * Concurrent misses of one key in this process share one computation, and a
 * Redis outage only means computing every time.
 */
@Injectable()
export class DashboardCache {
  private readonly logger = new Logger(DashboardCache.name);
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(redisConfig.KEY) redisCfg: RedisConfig,
    @Inject(dashboardConfig.KEY) private readonly config: DashboardConfig,
  ) {
    this.prefix = `${redisCfg.keyPrefix}dashboard:`;
  }

  /** A cache key from its parts (hashed: a staff member's ward list can be long). */
  static key(...parts: string[]): string {
    return createHash('sha256').update(parts.join('|')).digest('base64url');
  }

  async getOrCompute<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const ttl = this.config.cacheTtlSeconds;
    if (ttl === 0) return compute();
    const redisKey = this.prefix + key;
    const running = this.inFlight.get(redisKey);
    if (running) return running as Promise<T>;
    const work = (async () => {
      const hit = await this.redis.get(redisKey).catch(() => null);
      if (hit) return JSON.parse(hit) as T;
      const value = await compute();
      await this.redis
        .set(redisKey, JSON.stringify(value), 'EX', ttl)
        .catch((err: Error) => this.logger.warn(`dashboard cache not written: ${err.message}`));
      return value;
    })();
    this.inFlight.set(redisKey, work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(redisKey);
    }
  }
}
