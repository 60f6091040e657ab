import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { AuthenticationFailedException } from '../../common/auth/jwt-auth.guard.js';
import type { Role } from '../../common/auth/roles.js';
import { authConfig, type AuthConfig } from '../../config/auth.config.js';
import { User } from '../users/user.entity.js';
import { AuthSession } from './auth-session.entity.js';
import { RefreshToken } from './refresh-token.entity.js';
import { TokenRevocationService } from './token-revocation.service.js';

export interface AccessClaims {
  sub: string;
  sid: string;
  role: Role;
  /** Staff wards (empty = all; always empty for citizens). */
  wards: string[];
  /** users.token_version when issued. */
  ver: number;
  typ: 'access';
}

export interface RefreshClaims {
  sub: string;
  sid: string;
  jti: string;
  typ: 'refresh';
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
}

export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

type RotateOutcome = { ok: true; user: User; sid: string; jti: string } | { ok: false; revokedSid?: string };

/** Signs and rotates tokens; owns the login sessions (refresh-token families). */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly revocations: TokenRevocationService,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
  ) {}

  /** A new login for `user`: a session and its first token pair. */
  async startSession(user: User, client: ClientInfo): Promise<TokenPair> {
    return this.dataSource.transaction(async (manager) => {
      const session = manager.create(AuthSession, {
        userId: user.id,
        ip: client.ip?.slice(0, 64) ?? null,
        userAgent: client.userAgent?.slice(0, 255) ?? null,
      });
      await manager.insert(AuthSession, session);
      return this.issuePair(manager, user, session.id);
    });
  }

  /**
   * Exchanges a refresh token for a new pair. The presented token dies; a
   * token that was already exchanged is a replay (it was stolen, or the
   * client is confused) and revokes the whole login.
   */
  async rotate(refreshToken: string): Promise<TokenPair> {
    const claims = this.verifyRefresh(refreshToken);
    let pair: TokenPair | undefined;
    const outcome = await this.dataSource.transaction(async (manager): Promise<RotateOutcome> => {
      const row = await manager.findOne(RefreshToken, { where: { id: claims.jti }, lock: { mode: 'pessimistic_write' } });
      if (!row || row.sessionId !== claims.sid) return { ok: false };
      const session = await manager.findOneBy(AuthSession, { id: row.sessionId });
      if (!session || session.revokedAt) return { ok: false };
      if (row.usedAt) {
        await manager.update(AuthSession, { id: session.id }, { revokedAt: new Date(), revokedReason: 'refresh_replay' });
        return { ok: false, revokedSid: session.id };
      }
      const user = await manager.findOne(User, { where: { id: session.userId }, relations: { wards: true } });
      if (!user || !user.isActive) return { ok: false };
      await manager.update(RefreshToken, { id: row.id }, { usedAt: new Date() });
      await manager.update(AuthSession, { id: session.id }, { lastRefreshedAt: new Date() });
      pair = await this.issuePair(manager, user, session.id);
      return { ok: true, user, sid: session.id, jti: row.id };
    });
    if (!outcome.ok) {
      if (outcome.revokedSid) await this.revocations.sessionsRevoked([outcome.revokedSid]);
      throw new AuthenticationFailedException(false);
    }
    return pair!;
  }

  /** Ends the login a refresh token belongs to, if it is the caller's. Returns false when it is not. */
  async logout(refreshToken: string, userId: string): Promise<boolean> {
    let claims: RefreshClaims;
    try {
      claims = this.verifyRefresh(refreshToken, true);
    } catch {
      return false;
    }
    if (claims.sub !== userId) return false;
    const result = await this.dataSource
      .getRepository(AuthSession)
      .update({ id: claims.sid, userId, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: 'logout' });
    if (result.affected) await this.revocations.sessionsRevoked([claims.sid]);
    return true;
  }

  /**
   * Revokes every login of a user (except `keepSessionId`) in `manager`'s
   * transaction; returns the ids so the caller can publish them after commit.
   */
  async revokeAllSessions(manager: EntityManager, userId: string, reason: string, keepSessionId?: string): Promise<string[]> {
    const qb = manager
      .createQueryBuilder()
      .update(AuthSession)
      .set({ revokedAt: () => 'now()', revokedReason: reason })
      .where('user_id = :userId AND revoked_at IS NULL', { userId });
    if (keepSessionId) qb.andWhere('id <> :keep', { keep: keepSessionId });
    const result = await qb.returning(['id']).execute();
    return (result.raw as Array<{ id: string }>).map((r) => r.id);
  }

  private async issuePair(manager: EntityManager, user: User, sid: string): Promise<TokenPair> {
    const jti = randomUUID();
    await manager.insert(RefreshToken, {
      id: jti,
      sessionId: sid,
      expiresAt: new Date(Date.now() + this.config.refreshTtlSeconds * 1000),
    });
    const access: AccessClaims = {
      sub: user.id,
      sid,
      role: user.role,
      wards: user.role === 'citizen' ? [] : (user.wards ?? []).map((w) => w.id),
      ver: user.tokenVersion,
      typ: 'access',
    };
    const refresh: RefreshClaims = { sub: user.id, sid, jti, typ: 'refresh' };
    return {
      access_token: this.jwt.sign(access, { expiresIn: this.config.accessTtlSeconds }),
      refresh_token: this.jwt.sign(refresh, { expiresIn: this.config.refreshTtlSeconds }),
    };
  }

  private verifyRefresh(token: string, ignoreExpiration = false): RefreshClaims {
    let claims: RefreshClaims;
    try {
      claims = this.jwt.verify<RefreshClaims>(token, { ignoreExpiration });
    } catch {
      throw new AuthenticationFailedException(false);
    }
    if (claims.typ !== 'refresh' || !claims.jti || !claims.sid || !claims.sub) throw new AuthenticationFailedException(false);
    return claims;
  }
}
