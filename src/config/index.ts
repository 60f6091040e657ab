import { appConfig } from './app.config.js';
import { authConfig } from './auth.config.js';
import { paymentsConfig } from './payments.config.js';
import { cityServicesConfig } from './city-services.config.js';
import { dashboardConfig } from './dashboard.config.js';
import { pushConfig } from './push.config.js';
import { rateLimitConfig } from './rate-limit.config.js';
import { redisConfig } from './redis.config.js';
import { smsConfig } from './sms.config.js';
import { storageConfig } from './storage.config.js';

export * from './app.config.js';
export * from './auth.config.js';
export * from './payments.config.js';
export * from './city-services.config.js';
export * from './dashboard.config.js';
export * from './push.config.js';
export * from './rate-limit.config.js';
export * from './redis.config.js';
export * from './sms.config.js';
export * from './storage.config.js';
export * from './env.schema.js';

/** Every config namespace; modules that add one append it here. */
export const configNamespaces = [
  appConfig,
  authConfig,
  rateLimitConfig,
  redisConfig,
  smsConfig,
  storageConfig,
  paymentsConfig,
  cityServicesConfig,
  pushConfig,
  dashboardConfig,
];
