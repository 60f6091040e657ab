import { Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../../common/events/domain-event.js';
import type { UnitOfWork } from '../../database/unit-of-work.js';
import { UserAccessChanged } from '../users/users.events.js';
import { TokenRevocationService } from './token-revocation.service.js';
import { TokenService } from './token.service.js';

/** Ends logins when an account's access changes (deactivation, role or ward change, password reset). */
@Injectable()
export class AuthListener {
  constructor(
    private readonly tokens: TokenService,
    private readonly revocations: TokenRevocationService,
  ) {}

  @OnDomainEvent(UserAccessChanged.eventName)
  async onUserAccessChanged(event: UserAccessChanged, uow: UnitOfWork): Promise<void> {
    const revoked = event.endSessions ? await this.tokens.revokeAllSessions(uow.manager, event.userId, 'access_changed') : [];
    uow.afterCommit(async () => {
      await this.revocations.userVersionChanged(event.userId, event.tokenVersion);
      await this.revocations.sessionsRevoked(revoked);
    });
  }
}
