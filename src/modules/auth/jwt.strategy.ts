import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthUser } from '../../common/auth/auth-user.js';
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
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.secret,
      algorithms: ['HS256'],
      issuer: config.issuer,
      audience: config.audience,
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessClaims): Promise<AuthUser | false> {
    return (await this.verifier.toUser(claims)) ?? false;
  }
}
