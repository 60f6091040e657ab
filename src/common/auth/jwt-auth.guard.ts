import { Injectable, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { PermissionDeniedException } from '../http/api-errors.js';
import { toErrorResponse } from '../http/error-response.js';
import type { RequestContext } from '../http/request-context.js';
import { isRateLimitSkipped, RateLimitedException, RateLimitService } from '../rate-limit/rate-limit.js';
import type { AuthUser } from './auth-user.js';
import { IS_PUBLIC_KEY, ROLES_KEY } from './decorators.js';
import type { Role } from './roles.js';

/** The caller, for what the request writes (the audit log reads it from the request context). */
function setActor(request: { user?: AuthUser; ctx?: RequestContext }): void {
  if (request.ctx && request.user) request.ctx.actorId = request.user.id;
}

/** 401 with DRF's wording and a WWW-Authenticate challenge. */
export class AuthenticationFailedException extends UnauthorizedException {
  readonly headers = { 'WWW-Authenticate': 'Bearer realm="api"' };

  constructor(missing: boolean) {
    super(
      missing
        ? { detail: 'Authentication credentials were not provided.' }
        : { detail: 'Given token not valid for any token type', code: 'token_not_valid' },
    );
  }
}

/**
 * The one global guard, deny by default: a route needs a valid, unrevoked
 * access token unless it is `@Public()`, and the caller's role must be in its
 * `@Roles()`. On a public route a valid token still identifies the caller.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimitService,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    // A socket.io event: the socket was authenticated in its handshake and is
    // closed when its token expires or is revoked (RealtimeGateway).
    if (context.getType() === 'ws') return true;
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets);
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; user?: AuthUser; ctx?: RequestContext }>();
    if (isRateLimitSkipped(this.reflector, context)) this.limits.markSkipped(request as unknown as FastifyRequest);
    if (isPublic) {
      if (request.headers.authorization) {
        try {
          await super.canActivate(context);
          setActor(request);
        } catch {
          request.user = undefined;
        }
      }
      return true;
    }
    try {
      await super.canActivate(context);
    } catch (err) {
      // A request with no valid token still counts against its IP's limit,
      // so guessing tokens is throttled like everything else.
      if (!(err instanceof RateLimitedException)) await this.limits.consumeGeneral(request as unknown as FastifyRequest);
      throw err;
    }
    setActor(request);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles?.length && !roles.includes(request.user!.role)) throw new PermissionDeniedException();
    return true;
  }

  override handleRequest<TUser = AuthUser>(err: unknown, user: TUser | false, info: unknown): TUser {
    // The token could not be checked because the database is unreachable: a 503 the app retries,
    // not a 401 that would log the user out.
    if (err && toErrorResponse(err).status === 503) throw err;
    // Rate limited while authenticating (see JwtStrategy): a 429, not a 401.
    if (err instanceof RateLimitedException) throw err;
    if (err || !user) {
      const message = info instanceof Error ? info.message : '';
      throw new AuthenticationFailedException(!err && /no auth token/i.test(message));
    }
    return user;
  }
}
