import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { ROLES } from '../../common/auth/roles.js';
import type { AccessClaims } from './token.service.js';
import { TokenRevocationService } from './token-revocation.service.js';

/**
 * What makes an access token acceptable, in one place for HTTP (the passport
 * strategy) and socket.io handshakes: HS256 with our issuer and audience, not
 * expired, an access token (never a refresh token), well-formed claims, and
 * not revoked since it was issued.
 */
@Injectable()
export class AccessTokenVerifier {
  constructor(
    private readonly jwt: JwtService,
    private readonly revocations: TokenRevocationService,
  ) {}

  /** The caller a raw bearer token stands for, or null. */
  async verify(token: string): Promise<(AuthUser & { expiresAt: number }) | null> {
    let claims: AccessClaims & { exp?: number };
    try {
      claims = this.jwt.verify<AccessClaims & { exp?: number }>(token);
    } catch {
      return null;
    }
    const user = await this.toUser(claims);
    return user && claims.exp ? { ...user, expiresAt: claims.exp * 1000 } : null;
  }

  /** The caller verified claims stand for, or null when they are not an unrevoked access token. */
  async toUser(claims: AccessClaims & { exp?: unknown }): Promise<AuthUser | null> {
    if (
      claims?.typ !== 'access' ||
      // The JWT library checks `exp` only when it is there: a token without one would never expire.
      typeof claims.exp !== 'number' ||
      typeof claims.sub !== 'string' ||
      typeof claims.sid !== 'string' ||
      !ROLES.includes(claims.role) ||
      !Array.isArray(claims.wards) ||
      typeof claims.ver !== 'number'
    ) {
      return null;
    }
    if (!(await this.revocations.isValid(claims.sid, claims.sub, claims.ver))) return null;
    return { id: claims.sub, role: claims.role, wardIds: claims.wards, sessionId: claims.sid };
  }
}
