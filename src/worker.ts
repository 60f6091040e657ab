import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { prepareDatabase } from './database/migrate.js';

/** The queue worker alone, no HTTP (the seed's celery service). */
async function bootstrap(): Promise<void> {
  await prepareDatabase();
  const app = await NestFactory.createApplicationContext(AppModule.register({ worker: true }), { bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  // SIGTERM/SIGINT: finish the running jobs, then exit 0 (see app.factory.ts).
  app.enableShutdownHooks([], { useProcessExit: true });
  await app.init();
  new Logger('Worker').log('Clean Care worker processing jobs');
}

bootstrap().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
