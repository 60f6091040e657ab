import { registerAs } from '@nestjs/config';
import { validateEnv } from './env.schema.js';

/** Emergency escalation and waste-management notifications. */
export const cityServicesConfig = registerAs('cityServices', () => {
  const env = validateEnv(process.env);
  return {
    emergencyEscalationDelayMs: env.EMERGENCY_ESCALATION_DELAY_MS,
    wasteNotifyBatchSize: env.WASTE_NOTIFY_BATCH_SIZE,
  };
});
export type CityServicesConfig = ReturnType<typeof cityServicesConfig>;
