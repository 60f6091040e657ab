import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  SetMetadata,
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { rateLimitConfig, type RateLimitConfig } from '../../config/rate-limit.config.js';
import { redisConfig, type RedisConfig } from '../../config/redis.config.js';
import type { AuthUser } from '../auth/auth-user.js';
import { REDIS } from '../redis/redis.module.js';
import { normalizeBdPhone } from '../validation/phone.js';

const AUTH_SCOPE_KEY = 'rateLimit:authScope';
const SKIP_KEY = 'rateLimit:skip';
const COUNTED = Symbol('rateLimit:counted');
const SKIPPED = Symbol('rateLimit:skipped');

/** Whether the route being called is exempt from rate limiting (`@SkipRateLimit()`). */
export const isRateLimitSkipped = (reflector: Reflector, context: ExecutionContext): boolean =>
  !!reflector.getAllAndOverride<boolean>(SKIP_KEY, [context.getHandler(), context.getClass()]);

/**
 * Applies the stricter AUTH_RATE_LIMIT_PER_MINUTE to a login/OTP/reset route,
 * counted per phone number (from the body) and per client IP, on top of the
 * general limit. `scope` names the bucket (login, otp, reset).
 */
export const AuthRateLimit = (scope: string): MethodDecorator =>
  applyDecorators(SetMetadata(AUTH_SCOPE_KEY, scope), ApiExtension('x-auth-rate-limit', scope));

/** Exempts a route from rate limiting (health probes, gateway callbacks are still limited by IP unless marked). */
export const SkipRateLimit = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(SKIP_KEY, true), ApiExtension('x-skip-rate-limit', true));

export class RateLimitedException extends HttpException {
  readonly headers: Record<string, string>;

  constructor(retryAfterSeconds: number) {
    super({ detail: `Request was throttled. Expected available in ${retryAfterSeconds} seconds.` }, HttpStatus.TOO_MANY_REQUESTS);
    this.headers = { 'Retry-After': String(retryAfterSeconds) };
  }
}

/**
 * Fixed one-minute windows kept in Redis, so every API instance shares the
 * counts. If Redis is unreachable an in-process limiter stands in (limits
 * then hold per instance), so an outage never turns into a lockout or an
 * open door.
 */
@Injectable()
export class RateLimitService {
  private readonly general: RateLimiterAbstract;
  private readonly authByIp: RateLimiterAbstract;
  private readonly authByPhone: RateLimiterAbstract;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(rateLimitConfig.KEY) limits: RateLimitConfig,
    @Inject(redisConfig.KEY) redisCfg: RedisConfig,
  ) {
    const make = (name: string, points: number) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${redisCfg.keyPrefix}rl:${name}`,
        points,
        duration: 60,
        insuranceLimiter: new RateLimiterMemory({ points, duration: 60 }),
      });
    this.general = make('general', limits.perMinute);
    this.authByIp = make('auth-ip', limits.authPerMinute);
    this.authByPhone = make('auth-phone', limits.authPerMinute);
  }

  /**
   * RATE_LIMIT_PER_MINUTE per user, or per IP for a caller without a valid
   * token (429 past it). Counts a request once, however many steps ask.
   */
  async consumeGeneral(request: FastifyRequest & { user?: AuthUser }): Promise<void> {
    await this.consumeGeneralAs(request, request.user ? `user:${request.user.id}` : `ip:${request.ip}`);
  }

  /** Whether this request has been counted against the general limit already, or is exempt from it. */
  isSettled(request: FastifyRequest): boolean {
    const marked = request as FastifyRequest & { [COUNTED]?: boolean; [SKIPPED]?: boolean };
    return !!(marked[COUNTED] || marked[SKIPPED]);
  }

  /**
   * The general limit for a caller already identified by a verified token
   * (`userId`), while its revocation check is still in flight: the
   * authentication step starts both at once, so they share one round trip
   * to Redis (auto-pipelining).
   */
  async consumeGeneralForUser(request: FastifyRequest, userId: string): Promise<void> {
    await this.consumeGeneralAs(request, `user:${userId}`);
  }

  private async consumeGeneralAs(request: FastifyRequest, key: string): Promise<void> {
    if (this.isSettled(request)) return;
    (request as FastifyRequest & { [COUNTED]?: boolean })[COUNTED] = true;
    await consume(this.general, key);
  }

  /** Records that this request's route is exempt (read before authentication runs). */
  markSkipped(request: FastifyRequest): void {
    (request as FastifyRequest & { [SKIPPED]?: boolean })[SKIPPED] = true;
  }

  /** AUTH_RATE_LIMIT_PER_MINUTE for `scope` per IP, and per phone when the body names one. */
  async consumeAuth(request: FastifyRequest, scope: string): Promise<void> {
    await consume(this.authByIp, `${scope}:${request.ip}`);
    const phone = normalizeBdPhone((request.body as { phone?: unknown } | undefined)?.phone);
    if (phone) await consume(this.authByPhone, `${scope}:${phone}`);
  }
}

/** Applies the limits a route is subject to (see RateLimitService); runs after authentication. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimitService,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (isRateLimitSkipped(this.reflector, context)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    const scope = this.reflector.get<string | undefined>(AUTH_SCOPE_KEY, context.getHandler());
    // Most requests were counted while their token was checked: nothing left to wait for.
    if (!scope && this.limits.isSettled(request)) return true;
    return this.consume(request, scope);
  }

  private async consume(request: FastifyRequest & { user?: AuthUser }, scope: string | undefined): Promise<boolean> {
    await this.limits.consumeGeneral(request);
    if (scope) await this.limits.consumeAuth(request, scope);
    return true;
  }
}

async function consume(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (res) {
    if (res instanceof RateLimiterRes) throw new RateLimitedException(Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
    throw res;
  }
}
