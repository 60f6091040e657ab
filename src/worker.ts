import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { configureRequestContextTracking } from './common/http/request-context.js';
import { prepareDatabase } from './database/migrate.js';
import { validateEnv } from './config/env.schema.js';
import { createLogger, PinoNestLogger } from './logging/logger.js';

/** The queue worker alone, no HTTP (the seed's celery service). */
async function bootstrap(): Promise<void> {
  const env = validateEnv(process.env);
  const logger = new PinoNestLogger(createLogger(env.LOG_LEVEL));
  configureRequestContextTracking(env);
  Logger.overrideLogger(logger);
  await prepareDatabase();
  const app = await NestFactory.createApplicationContext(AppModule.register({ worker: true }), { logger });
  // SIGTERM/SIGINT: finish the running jobs, then exit 0 (see app.factory.ts).
  app.enableShutdownHooks([], { useProcessExit: true });
  await app.init();
  new Logger('Worker').log('Clean Care worker processing jobs');
}

bootstrap().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
