import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DomainEvents } from '../common/events/domain-event.js';
import { dataSourceOptions } from './data-source.js';
import { SqlReader } from './sql-reader.js';
import { TransactionRunner } from './unit-of-work.js';

/** Set by `npm run openapi` (src/openapi.ts): build the application without connecting to PostgreSQL. */
export const DESCRIBE_ONLY = 'CC_DESCRIBE_ONLY';

/** The TypeORM connection (the one set of options in data-source.ts), transactions, hot reads and domain events. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      // `npm run openapi` only describes the routes: it must work without a database to connect to.
      useFactory: () => ({
        ...dataSourceOptions(),
        migrationsRun: false,
        manualInitialization: process.env[DESCRIBE_ONLY] === 'true',
      }),
    }),
  ],
  providers: [TransactionRunner, SqlReader, DomainEvents],
  exports: [TransactionRunner, SqlReader, DomainEvents],
})
export class DatabaseModule {}
