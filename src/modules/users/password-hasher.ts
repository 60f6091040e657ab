import { Inject, Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { authConfig, type AuthConfig } from '../../config/auth.config.js';

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * argon2id hashing off the event loop (libuv's pool), with at most
 * PASSWORD_HASH_CONCURRENCY hashes at once so a login storm cannot take every
 * core from the requests that do not hash.
 */
@Injectable()
export class PasswordHasher {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly limit: number;
  /** Verified against when the phone is unknown, so both cases take the same time. */
  private dummyHash?: Promise<string>;

  constructor(@Inject(authConfig.KEY) config: AuthConfig) {
    this.limit = config.passwordHashConcurrency;
  }

  hash(password: string): Promise<string> {
    return this.withSlot(() => argon2.hash(password, ARGON2_OPTIONS));
  }

  verify(hash: string, password: string): Promise<boolean> {
    return this.withSlot(() => argon2.verify(hash, password).catch(() => false));
  }

  /** Spends the time a real verification would, for a phone that has no account. */
  async verifyNothing(password: string): Promise<false> {
    this.dummyHash ??= this.hash('not-a-real-password-0000');
    await this.verify(await this.dummyHash, password);
    return false;
  }

  private async withSlot<T>(work: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) this.active += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve)); // the slot is handed over
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
