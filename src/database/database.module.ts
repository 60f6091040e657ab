import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DomainEvents } from '../common/events/domain-event.js';
import { dataSourceOptions } from './data-source.js';
import { TransactionRunner } from './unit-of-work.js';

/** The TypeORM connection (the one set of options in data-source.ts), transactions and domain events. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      useFactory: () => ({ ...dataSourceOptions(), migrationsRun: false }),
    }),
  ],
  providers: [TransactionRunner, DomainEvents],
  exports: [TransactionRunner, DomainEvents],
})
export class DatabaseModule {}
