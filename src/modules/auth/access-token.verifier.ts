import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { LRUCache } from 'lru-cache';
import type { Identity } from '../../common/auth/auth-user.js';
import { ROLES } from '../../common/auth/roles.js';
import type { AccessClaims } from './token.service.js';
import { TokenRevocationService } from './token-revocation.service.js';

/** Claims whose signature, issuer, audience and expiry have been checked. */
export type VerifiedClaims = AccessClaims & { exp?: unknown };

/**
 * How many distinct verified tokens are remembered. An app makes many
 * requests with one access token, so the signature is checked once per
 * token, not once per request; the oldest drop out first.
 */
const VERIFIED_TOKENS = 5_000;

/**
 * What makes an access token acceptable, in one place for HTTP (the global
 * guard), socket.io handshakes and the queue board: HS256 with our issuer and
 * audience, not expired, an access token (never a refresh token),
 * well-formed claims, and not revoked since it was issued.
 */
@Injectable()
export class AccessTokenVerifier {
  /**
   * Tokens whose signature already verified, by their exact text. A hit
   * skips only the HMAC and the JSON parsing: the expiry is checked again on
   * every use and the revocation check (toIdentity) always runs. Only someone who
   * holds a valid token can present its text, and the keys cannot change
   * while the process runs, so a hit proves what a fresh check would.
   */
  private readonly verified = new LRUCache<string, VerifiedClaims>({ max: VERIFIED_TOKENS });

  constructor(
    private readonly jwt: JwtService,
    private readonly revocations: TokenRevocationService,
  ) {}

  /** Who a raw bearer token stands for, or null. */
  async verify(token: string): Promise<(Identity & { expiresAt: number }) | null> {
    const claims = this.claimsOf(token);
    const user = claims ? await this.toIdentity(claims) : null;
    return user ? { ...user, expiresAt: (claims!.exp as number) * 1000 } : null;
  }

  /**
   * The token's claims if its signature, issuer, audience and expiry check
   * out, or null. Synchronous: the caller can start the revocation check and
   * whatever else it needs at once.
   */
  claimsOf(token: string): VerifiedClaims | null {
    const known = this.verified.get(token);
    if (known) {
      // The JWT library's rule: a token is expired from its `exp` second on.
      if (Math.floor(Date.now() / 1000) < (known.exp as number)) return known;
      this.verified.delete(token);
      return null;
    }
    let claims: VerifiedClaims;
    try {
      claims = this.jwt.verify<VerifiedClaims>(token);
    } catch {
      return null;
    }
    // Only well-formed access tokens are remembered (an `exp` is required for the check above).
    // Frozen, as the one copy every later request with this token shares.
    if (this.isAccessClaims(claims))
      this.verified.set(token, Object.freeze({ ...claims, wards: Object.freeze([...claims.wards]) as string[] }));
    return claims;
  }

  /** Who verified claims stand for, or null when they are not an unrevoked access token. */
  async toIdentity(claims: VerifiedClaims): Promise<Identity | null> {
    if (!this.isAccessClaims(claims)) return null;
    if (!(await this.revocations.isValid(claims.sid, claims.sub, claims.ver))) return null;
    return { id: claims.sub, role: claims.role, wardIds: claims.wards, sessionId: claims.sid };
  }

  private isAccessClaims(claims: VerifiedClaims): boolean {
    return (
      claims?.typ === 'access' &&
      // The JWT library checks `exp` only when it is there: a token without one would never expire.
      typeof claims.exp === 'number' &&
      typeof claims.sub === 'string' &&
      typeof claims.sid === 'string' &&
      ROLES.includes(claims.role) &&
      Array.isArray(claims.wards) &&
      typeof claims.ver === 'number'
    );
  }
}
