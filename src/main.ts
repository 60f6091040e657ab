import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { validateEnv } from './config/env.schema.js';
import { prepareDatabase } from './database/migrate.js';
import { createLogger, PinoNestLogger } from './logging/logger.js';

/** The API process: migrate, then serve HTTP (and process jobs unless RUN_WORKER=false). */
async function bootstrap(): Promise<void> {
  const env = validateEnv(process.env);
  Logger.overrideLogger(new PinoNestLogger(createLogger(env.LOG_LEVEL)));
  await prepareDatabase();
  const app = await createApp();
  await app.listen(env.PORT, env.HOST);
  new Logger('Bootstrap').log(`Clean Care API on http://${env.HOST}:${env.PORT}/api/v1 (docs at /api/docs)`);
}

bootstrap().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
