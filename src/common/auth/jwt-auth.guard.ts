import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AccessTokenVerifier } from '../../modules/auth/access-token.verifier.js';
import { PermissionDeniedException } from '../http/api-errors.js';
import { toErrorResponse } from '../http/error-response.js';
import { isRateLimitSkipped, RateLimitedException, RateLimitService } from '../rate-limit/rate-limit.js';
import { callerOf, type AuthUser, type Identity } from './auth-user.js';
import { bearerToken } from './bearer-token.js';
import { IS_PUBLIC_KEY, ROLES_KEY } from './decorators.js';
import type { Role } from './roles.js';

type GuardedRequest = FastifyRequest & { user?: AuthUser };

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
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimitService,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // A socket.io event: the socket was authenticated in its handshake and is
    // closed when its token expires or is revoked (RealtimeGateway).
    if (context.getType() === 'ws') return true;
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets);
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    if (isRateLimitSkipped(this.reflector, context)) this.limits.markSkipped(request);
    const token = bearerToken(request.headers.authorization);
    if (isPublic) {
      const identity = token ? await this.authenticate(request, token).catch(() => null) : null;
      if (identity) request.user = callerOf(identity, request.ctx);
      return true;
    }
    let user: Identity | null;
    try {
      user = token ? await this.authenticate(request, token) : null;
    } catch (err) {
      // Rate limited while authenticating: a 429, not a 401.
      if (err instanceof RateLimitedException) throw err;
      // The database could not be asked whether the token was revoked: a 503 the app retries,
      // not a 401 that would log the user out.
      if (toErrorResponse(err).status === 503) {
        await this.limits.consumeGeneral(request);
        throw err;
      }
      user = null;
    }
    if (!user) {
      // A request with no valid token still counts against its IP's limit,
      // so guessing tokens is throttled like everything else.
      await this.limits.consumeGeneral(request);
      throw new AuthenticationFailedException(!token);
    }
    request.user = callerOf(user, request.ctx);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles?.length && !roles.includes(user.role)) throw new PermissionDeniedException();
    return true;
  }

  /**
   * Who the token stands for, or null. The revocation check and the
   * caller's rate-limit count start together, so both go to Redis in one
   * round trip instead of two in a row.
   */
  private async authenticate(request: GuardedRequest, token: string): Promise<Identity | null> {
    const claims = this.verifier.claimsOf(token);
    if (!claims) return null;
    const counted = typeof claims.sub === 'string' ? this.limits.consumeGeneralForUser(request, claims.sub) : undefined;
    const [user] = await Promise.all([this.verifier.toIdentity(claims), counted]);
    return user;
  }
}
