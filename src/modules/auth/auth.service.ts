import { HttpStatus, Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { DomainEvents } from '../../common/events/domain-event.js';
import { FieldValidationException, PermissionDeniedException, RawBodyException } from '../../common/http/api-errors.js';
import type { RequestContext } from '../../common/http/request-context.js';
import { TransactionRunner } from '../../database/unit-of-work.js';
import { PasswordHasher } from '../users/password-hasher.js';
import { User } from '../users/user.entity.js';
import { UserAccessChanged } from '../users/users.events.js';
import { mapUserSummary } from '../users/users.mapper.js';
import { DEACTIVATED_RETENTION_DAYS, UsersService } from '../users/users.service.js';
import type { AuthResponse, TokenPairResponse } from './dto/auth.response.js';
import type { LoginDto, PasswordChangeDto, PasswordResetDto, RegisterDto } from './dto/auth.dto.js';
import type { OtpPurpose } from './otp-code.entity.js';
import { OtpService } from './otp.service.js';
import { TokenService, type ClientInfo } from './token.service.js';
import { TokenRevocationService } from './token-revocation.service.js';

/** The seed's failed-login body; the same for an unknown phone and a wrong password. */
const invalidCredentials = () => new RawBodyException({ error: 'Invalid credentials' }, HttpStatus.UNAUTHORIZED);

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly revocations: TokenRevocationService,
    private readonly otp: OtpService,
    private readonly tx: TransactionRunner,
    private readonly events: DomainEvents,
  ) {}

  /** A new citizen account, logged in. Role and flags are never taken from the body. */
  async register(dto: RegisterDto, client: ClientInfo): Promise<AuthResponse> {
    const user = await this.users.create({ phone: dto.phone, name: dto.name, password: dto.password, email: dto.email ?? null });
    const pair = await this.tokens.startSession(user, client);
    return { ...pair, user: mapUserSummary(user) };
  }

  async login(dto: LoginDto, client: ClientInfo): Promise<AuthResponse> {
    const found = await this.users.findByPhoneWithPassword(dto.phone);
    if (!found) {
      await this.hasher.verifyNothing(dto.password);
      throw invalidCredentials();
    }
    if (!(await this.hasher.verify(found.passwordHash, dto.password))) throw invalidCredentials();
    if (!found.isActive && !found.deactivatedAt) throw new PermissionDeniedException('This account has been disabled.');
    // Past the retention window a self-deactivated account is gone, even before the daily purge runs.
    if (
      !found.isActive &&
      found.deactivatedAt &&
      Date.now() - found.deactivatedAt.getTime() > DEACTIVATED_RETENTION_DAYS * 86_400_000
    ) {
      throw invalidCredentials();
    }
    await this.users.recordLogin(found);
    const user = await this.users.getEntity(found.id);
    const pair = await this.tokens.startSession(user, client);
    return { ...pair, user: mapUserSummary(user) };
  }

  refresh(refreshToken: string): Promise<TokenPairResponse> {
    return this.tokens.rotate(refreshToken);
  }

  async logout(userId: string, refreshToken: string): Promise<void> {
    if (!(await this.tokens.logout(refreshToken, userId))) {
      throw FieldValidationException.of('refresh_token', 'Token is invalid or expired.');
    }
  }

  requestOtp(phone: string, purpose: OtpPurpose, origin: RequestContext): Promise<void> {
    return this.otp.request(phone, purpose, origin);
  }

  async verifyPhone(phone: string, code: string, origin: RequestContext): Promise<void> {
    await this.otp.consume(phone, 'verify', code, origin);
    const user = await this.users.findByPhoneWithPassword(phone);
    if (user) await this.users.markVerified(user.id);
  }

  /** Sets a new password with an SMS code; every login of the account ends. */
  async resetPassword(dto: PasswordResetDto, origin: RequestContext): Promise<void> {
    await this.otp.consume(dto.phone, 'reset', dto.code, origin);
    const user = await this.users.findByPhoneWithPassword(dto.phone);
    if (!user) throw FieldValidationException.of('code', 'Invalid or expired code.');
    const passwordHash = await this.hasher.hash(dto.new_password);
    await this.tx.run(origin, async (uow) => {
      const tokenVersion = user.tokenVersion + 1;
      await uow.manager.update(User, { id: user.id }, { passwordHash, tokenVersion });
      await this.events.publish(uow, new UserAccessChanged(user.id, tokenVersion, true));
    });
  }

  /** Changes the password; the caller stays logged in, every other login ends. */
  async changePassword(caller: AuthUser, dto: PasswordChangeDto): Promise<void> {
    const user = await this.users.findWithPassword(caller.id);
    if (!user || !(await this.hasher.verify(user.passwordHash, dto.old_password))) {
      throw FieldValidationException.of('old_password', 'Your old password was entered incorrectly. Please enter it again.');
    }
    if (dto.old_password === dto.new_password) {
      throw FieldValidationException.of('new_password', 'The new password must differ from the old one.');
    }
    const passwordHash = await this.hasher.hash(dto.new_password);
    const revoked = await this.tx.run(caller.origin, async (uow) => {
      await uow.manager.update(User, { id: caller.id }, { passwordHash });
      return this.tokens.revokeAllSessions(uow.manager, caller.id, 'password_change', caller.sessionId);
    });
    await this.revocations.sessionsRevoked(revoked);
  }
}
