import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { ROLES } from '../../common/auth/roles.js';
import { authConfig, type AuthConfig } from '../../config/auth.config.js';
import type { AccessClaims } from './token.service.js';
import { TokenRevocationService } from './token-revocation.service.js';

/**
 * Bearer access tokens: HS256 only (no `none`, no algorithm confusion), our
 * issuer and audience, not expired, an access token (a refresh token is
 * refused), and not revoked since it was issued.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(authConfig.KEY) config: AuthConfig,
    private readonly revocations: TokenRevocationService,
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
    if (
      claims.typ !== 'access' ||
      typeof claims.sub !== 'string' ||
      typeof claims.sid !== 'string' ||
      !ROLES.includes(claims.role) ||
      !Array.isArray(claims.wards) ||
      typeof claims.ver !== 'number'
    ) {
      return false;
    }
    if (!(await this.revocations.isValid(claims.sid, claims.sub, claims.ver))) return false;
    return { id: claims.sub, role: claims.role, wardIds: claims.wards, sessionId: claims.sid };
  }
}
