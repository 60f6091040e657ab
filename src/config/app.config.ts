import { registerAs } from '@nestjs/config';
import { validateEnv } from './env.schema.js';

export const appConfig = registerAs('app', () => {
  const env = validateEnv(process.env);
  return {
    env: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    trustProxy: env.TRUST_PROXY,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    corsAllowedOrigins: env.CORS_ALLOWED_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    runWorker: env.RUN_WORKER,
    socketIdleTimeoutMs: env.SOCKET_IDLE_TIMEOUT_MS,
    metricsPort: env.METRICS_PORT,
    metricsHost: env.METRICS_HOST,
  };
});
export type AppConfig = ReturnType<typeof appConfig>;
