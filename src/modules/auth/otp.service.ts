import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { FieldValidationException } from '../../common/http/api-errors.js';
import type { RequestContext } from '../../common/http/request-context.js';
import { authConfig, type AuthConfig } from '../../config/auth.config.js';
import { TransactionRunner } from '../../database/unit-of-work.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { render } from '../notifications/templates.js';
import { UsersService } from '../users/users.service.js';
import { OtpCode, type OtpPurpose } from './otp-code.entity.js';

const INVALID_CODE = 'Invalid or expired code.';

/**
 * Six-digit SMS codes: valid OTP_TTL_SECONDS (5 minutes), stored only as an
 * HMAC, at most OTP_MAX_ATTEMPTS guesses, one use, and only the newest code of
 * a phone and purpose counts. A code is sent only to a registered number, but
 * the answer never says whether the number is registered.
 */
@Injectable()
export class OtpService {
  constructor(
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
    private readonly tx: TransactionRunner,
    private readonly users: UsersService,
    private readonly notifications: NotificationsService,
  ) {}

  async request(phone: string, purpose: OtpPurpose, origin: RequestContext): Promise<void> {
    const user = await this.users.findByPhoneWithPassword(phone);
    if (!user) return;
    if (purpose === 'verify' && user.isVerified) return;
    if (purpose === 'reset' && !user.isActive && !user.deactivatedAt) return;
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await this.tx.run(origin, async (uow) => {
      await uow.manager
        .createQueryBuilder()
        .update(OtpCode)
        .set({ consumedAt: () => 'now()' })
        .where('phone = :phone AND purpose = :purpose AND consumed_at IS NULL', { phone, purpose })
        .execute();
      await uow.manager.insert(OtpCode, {
        phone,
        purpose,
        codeHash: this.hash(phone, purpose, code),
        expiresAt: new Date(Date.now() + this.config.otpTtlSeconds * 1000),
      });
      const minutes = Math.round(this.config.otpTtlSeconds / 60);
      const text = render(purpose === 'verify' ? 'otpVerify' : 'otpReset', user.language, { code, minutes });
      await this.notifications.sendSms(uow, phone, text.body);
    });
  }

  /**
   * Uses up the newest live code of `phone` for `purpose` if `code` matches;
   * otherwise counts the attempt and answers 400 keyed `code`. Runs in its own
   * transaction so a wrong guess is counted whatever the caller does next.
   */
  async consume(phone: string, purpose: OtpPurpose, code: string, origin: RequestContext): Promise<void> {
    const accepted = await this.tx.run(origin, async (uow) => {
      const row = await uow.manager
        .createQueryBuilder(OtpCode, 'o')
        .setLock('pessimistic_write')
        .where('o.phone = :phone AND o.purpose = :purpose AND o.consumedAt IS NULL AND o.expiresAt > now()', { phone, purpose })
        .orderBy('o.createdAt', 'DESC')
        .getOne();
      if (!row || row.attempts >= this.config.otpMaxAttempts) return false;
      const ok = this.matches(row.codeHash, this.hash(phone, purpose, code));
      await uow.manager.update(
        OtpCode,
        { id: row.id },
        { attempts: row.attempts + 1, ...(ok ? { consumedAt: new Date() } : {}) },
      );
      return ok;
    });
    if (!accepted) throw FieldValidationException.of('code', INVALID_CODE);
  }

  private hash(phone: string, purpose: OtpPurpose, code: string): string {
    return createHmac('sha256', this.config.secret).update(`${phone}:${purpose}:${code}`).digest('hex');
  }

  private matches(storedHex: string, candidateHex: string): boolean {
    const a = Buffer.from(storedHex, 'hex');
    const b = Buffer.from(candidateHex, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
