import { registerAs } from '@nestjs/config';
import { validateEnv } from './env.schema.js';

/** Complaint SLAs (hours per priority) behind the overdue figure, and the admin dashboard's cache. */
export const dashboardConfig = registerAs('dashboard', () => {
  const env = validateEnv(process.env);
  return {
    slaHours: {
      high: env.COMPLAINT_SLA_HOURS_HIGH,
      medium: env.COMPLAINT_SLA_HOURS_MEDIUM,
      low: env.COMPLAINT_SLA_HOURS_LOW,
    },
    cacheTtlSeconds: env.DASHBOARD_CACHE_TTL_SECONDS,
  };
});
export type DashboardConfig = ReturnType<typeof dashboardConfig>;
