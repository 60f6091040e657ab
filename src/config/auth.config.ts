import { registerAs } from '@nestjs/config';
import { SigningKeys } from '../modules/auth/signing-keys.js';
import { validateEnv } from './env.schema.js';

export const authConfig = registerAs('auth', () => {
  const env = validateEnv(process.env);
  return {
    /** Also keys the HMAC of stored one-time codes. */
    secret: env.SECRET_KEY,
    /** SECRET_KEY signs; SECRET_KEY_PREVIOUS is still accepted during a rotation. */
    keys: new SigningKeys(env.SECRET_KEY, env.SECRET_KEY_PREVIOUS),
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
    accessTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    refreshTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS,
    otpTtlSeconds: env.OTP_TTL_SECONDS,
    otpMaxAttempts: env.OTP_MAX_ATTEMPTS,
    passwordHashConcurrency: env.PASSWORD_HASH_CONCURRENCY,
  };
});
export type AuthConfig = ReturnType<typeof authConfig>;
