import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { RateLimitService } from '../../common/rate-limit/rate-limit.js';
import { authConfig, type AuthConfig } from '../../config/auth.config.js';
import { AccessTokenVerifier } from './access-token.verifier.js';
import type { AccessClaims } from './token.service.js';

/**
 * Bearer access tokens on HTTP: HS256 only (no `none`, no algorithm
 * confusion), our issuer and audience, not expired; then the claims checks
 * and revocation check shared with socket.io (AccessTokenVerifier).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(authConfig.KEY) config: AuthConfig,
    private readonly verifier: AccessTokenVerifier,
    private readonly limits: RateLimitService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // The key the token names (current, or the previous one during a rotation): see SigningKeys.
      secretOrKeyProvider: (_request: unknown, rawJwtToken: string, done: (err: Error | null, key?: string) => void) =>
        done(null, config.keys.keyFor(rawJwtToken) as unknown as string),
      algorithms: ['HS256'],
      issuer: config.issuer,
      audience: config.audience,
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  /**
   * The revocation check and the caller's rate-limit count start together,
   * so both go to Redis in one round trip instead of two in a row.
   */
  async validate(request: FastifyRequest, claims: AccessClaims): Promise<AuthUser | false> {
    const counted = typeof claims?.sub === 'string' ? this.limits.consumeGeneralForUser(request, claims.sub) : undefined;
    const [user] = await Promise.all([this.verifier.toUser(claims), counted]);
    return user ?? false;
  }
}
