import { DEFAULT_SECRET_KEY, validateEnv } from './env.schema.js';

const STRONG_SECRET = 'a-production-secret-that-is-long-enough-0123456789';

describe('validateEnv', () => {
  it('accepts an empty environment: every default is valid', () => {
    const env = validateEnv({});
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      PORT: 8000,
      SECRET_KEY: DEFAULT_SECRET_KEY,
      RATE_LIMIT_PER_MINUTE: 100,
      AUTH_RATE_LIMIT_PER_MINUTE: 5,
      ACCESS_TOKEN_TTL_SECONDS: 3600,
      REFRESH_TOKEN_TTL_SECONDS: 604_800,
      OTP_TTL_SECONDS: 300,
      RUN_WORKER: true,
      STORAGE_DRIVER: 'local',
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.SMS_GATEWAY_URL).toBeUndefined();
  });

  it('refuses the default SECRET_KEY in production', () => {
    expect(() => validateEnv({ NODE_ENV: 'production' })).toThrow(
      /SECRET_KEY: the development default cannot be used in production/,
    );
    expect(() => validateEnv({ NODE_ENV: 'production', SECRET_KEY: DEFAULT_SECRET_KEY })).toThrow(/SECRET_KEY/);
  });

  it('accepts production with its own secret', () => {
    expect(validateEnv({ NODE_ENV: 'production', SECRET_KEY: STRONG_SECRET }).SECRET_KEY).toBe(STRONG_SECRET);
  });

  it('refuses a short SECRET_KEY anywhere', () => {
    expect(() => validateEnv({ SECRET_KEY: 'too-short' })).toThrow(/SECRET_KEY/);
  });

  it('reads numbers and booleans from their text form', () => {
    const env = validateEnv({ PORT: '8080', RUN_WORKER: 'false', TRUST_PROXY: 'yes', S3_FORCE_PATH_STYLE: '1' });
    expect(env.PORT).toBe(8080);
    expect(env.RUN_WORKER).toBe(false);
    expect(env.TRUST_PROXY).toBe(true);
    expect(env.S3_FORCE_PATH_STYLE).toBe(true);
  });

  it('treats an empty optional value as unset', () => {
    const env = validateEnv({ DATABASE_URL: '', SMS_GATEWAY_URL: '  ', S3_BUCKET: '' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.SMS_GATEWAY_URL).toBeUndefined();
    expect(env.S3_BUCKET).toBeUndefined();
  });

  it('lists every problem at once', () => {
    let message = '';
    try {
      validateEnv({ PORT: 'eighty', NODE_ENV: 'staging', RATE_LIMIT_PER_MINUTE: '0', SMS_GATEWAY_URL: 'not a url' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^Invalid environment configuration/);
    for (const name of ['PORT', 'NODE_ENV', 'RATE_LIMIT_PER_MINUTE', 'SMS_GATEWAY_URL']) expect(message).toContain(`${name}:`);
  });

  it('needs a bucket for S3 storage', () => {
    expect(() => validateEnv({ STORAGE_DRIVER: 's3' })).toThrow(/S3_BUCKET/);
    expect(validateEnv({ STORAGE_DRIVER: 's3', S3_BUCKET: 'media' }).S3_BUCKET).toBe('media');
  });

  it('keeps OTP attempts and token lifetimes within sane bounds', () => {
    expect(() => validateEnv({ OTP_MAX_ATTEMPTS: '0' })).toThrow(/OTP_MAX_ATTEMPTS/);
    expect(() => validateEnv({ ACCESS_TOKEN_TTL_SECONDS: '10' })).toThrow(/ACCESS_TOKEN_TTL_SECONDS/);
  });
});
