import { createSecretKey } from 'node:crypto';
import { registerAs } from '@nestjs/config';
import { validateEnv } from './env.schema.js';

export const authConfig = registerAs('auth', () => {
  const env = validateEnv(process.env);
  return {
    secret: env.SECRET_KEY,
    /**
     * SECRET_KEY as a KeyObject. jsonwebtoken given a string first tries to
     * parse it as a PEM public key and throws — on every request; a KeyObject
     * skips that (it was the costliest step of an authenticated request).
     */
    signingKey: createSecretKey(Buffer.from(env.SECRET_KEY, 'utf8')),
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
