import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { authConfig, type AuthConfig } from '../../config/auth.config.js';
import { redisConfig, type RedisConfig } from '../../config/redis.config.js';
import { REDIS } from '../../common/redis/redis.module.js';
import { RealtimePublisher } from '../realtime/realtime.publisher.js';

/**
 * Decides whether an access token that verified cryptographically has been
 * revoked since it was issued — without a database query on the hot path.
 *
 * The database is the truth (auth_sessions.revoked_at, users.token_version);
 * Redis holds only what changed within the last access-token lifetime: a
 * marker per revoked session and the newest token version per user whose
 * role, wards or active state changed. A token older than that has expired
 * anyway, so one MGET per request answers the question. Every instance sees
 * the same markers, so a logout anywhere takes effect everywhere at once.
 *
 * If Redis lost its data (a restart without persistence) the `warm` marker is
 * gone: requests are checked against the database until the markers have been
 * rebuilt. If Redis is unreachable, the database answers.
 */
@Injectable()
export class TokenRevocationService implements OnModuleInit {
  private readonly logger = new Logger(TokenRevocationService.name);
  private readonly ttl: number;
  private readonly prefix: string;
  private warming?: Promise<void>;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(authConfig.KEY) auth: AuthConfig,
    @Inject(redisConfig.KEY) redisCfg: RedisConfig,
    private readonly realtime: RealtimePublisher,
  ) {
    // Markers outlive every access token they could concern.
    this.ttl = auth.accessTtlSeconds + 60;
    this.prefix = `${redisCfg.keyPrefix}auth:`;
  }

  /**
   * A revocation committed while Redis was unreachable never got its marker.
   * Each time the connection comes back, the markers are rebuilt from the
   * database, so such a revocation takes effect as soon as Redis is reachable.
   */
  onModuleInit(): void {
    // The shared client is connected already (or still trying); every later 'ready' is a reconnect.
    this.redis.on('ready', () => void this.warmUp());
  }

  /** True when the token of session `sid`, user `userId`, version `ver` is still good. */
  async isValid(sid: string, userId: string, ver: number): Promise<boolean> {
    let values: Array<string | null>;
    try {
      values = await this.redis.mget(this.sessionKey(sid), this.userKey(userId), this.warmKey());
    } catch {
      return this.isValidInDatabase(sid, userId, ver);
    }
    const [sessionRevoked, userVersion, warm] = values;
    if (!warm) {
      void this.warmUp();
      return this.isValidInDatabase(sid, userId, ver);
    }
    if (sessionRevoked) return false;
    return userVersion === null || ver >= Number(userVersion);
  }

  /** Call after the revocation of these sessions committed. Their open sockets are closed too. */
  async sessionsRevoked(sessionIds: string[]): Promise<void> {
    if (!sessionIds.length) return;
    this.realtime.disconnectSessions(sessionIds);
    const pipeline = this.redis.pipeline();
    for (const sid of sessionIds) pipeline.set(this.sessionKey(sid), '1', 'EX', this.ttl);
    await pipeline.exec().catch((err: Error) => this.logger.warn(`could not publish session revocations: ${err.message}`));
  }

  /**
   * Call after a user's token version was raised (role, wards, active state,
   * password reset). Their sockets are closed; the app reconnects with a
   * refreshed token that carries the new role and wards.
   */
  async userVersionChanged(userId: string, version: number): Promise<void> {
    this.realtime.disconnectUser(userId);
    await this.redis
      .set(this.userKey(userId), String(version), 'EX', this.ttl)
      .catch((err: Error) => this.logger.warn(`could not publish token version: ${err.message}`));
  }

  private async isValidInDatabase(sid: string, userId: string, ver: number): Promise<boolean> {
    const rows: Array<{ revoked: boolean; token_version: number; is_active: boolean }> = await this.dataSource.query(
      `SELECT s.revoked_at IS NOT NULL AS revoked, u.token_version, u.is_active
         FROM auth_sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.user_id = $2`,
      [sid, userId],
    );
    const row = rows[0];
    return !!row && !row.revoked && row.is_active && ver >= row.token_version;
  }

  /** Rebuilds the markers from the database (single-flight per process). */
  private warmUp(): Promise<void> {
    this.warming ??= (async () => {
      try {
        const since = new Date(Date.now() - this.ttl * 1000);
        const sessions: Array<{ id: string }> = await this.dataSource.query(
          'SELECT id FROM auth_sessions WHERE revoked_at > $1',
          [since],
        );
        const users: Array<{ id: string; token_version: number }> = await this.dataSource.query(
          'SELECT id, token_version FROM users WHERE updated_at > $1 AND token_version > 0',
          [since],
        );
        const pipeline = this.redis.pipeline();
        for (const s of sessions) pipeline.set(this.sessionKey(s.id), '1', 'EX', this.ttl);
        for (const u of users) pipeline.set(this.userKey(u.id), String(u.token_version), 'EX', this.ttl);
        pipeline.set(this.warmKey(), new Date().toISOString());
        await pipeline.exec();
      } catch (err) {
        this.logger.warn(`revocation warm-up failed: ${(err as Error).message}`);
      } finally {
        this.warming = undefined;
      }
    })();
    return this.warming;
  }

  private sessionKey(sid: string): string {
    return `${this.prefix}sr:${sid}`;
  }

  private userKey(userId: string): string {
    return `${this.prefix}uv:${userId}`;
  }

  private warmKey(): string {
    return `${this.prefix}warm`;
  }
}
