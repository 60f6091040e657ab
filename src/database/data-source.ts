import { join } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { validateEnv } from '../config/env.schema.js';
import { entities } from './entities.js';
import { QueryCountingLogger } from './query-counting.logger.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';
import { DEFAULT_ISOLATION } from './unit-of-work.js';

/** Connection settings from `DATABASE_URL`, else the seed's DB_* variables. */
export function connectionOptions(raw: Record<string, unknown> = process.env) {
  const env = validateEnv(raw);
  if (env.DATABASE_URL) return { url: env.DATABASE_URL };
  return {
    host: env.DB_HOST,
    port: env.DB_PORT,
    username: env.DB_USER,
    password: env.DB_PASSWORD,
    database: env.DB_NAME,
  };
}

/**
 * The one set of TypeORM options, used by the app, the TypeORM CLI, the
 * worker and the tests. Schema changes go through migrations only
 * (`synchronize` is never on). Compiled migrations live in dist/migrations;
 * the tests, which run the TypeScript sources, hand the migration classes in.
 */
export function dataSourceOptions(raw: Record<string, unknown> = process.env): DataSourceOptions {
  const env = validateEnv(raw);
  const compiled = !import.meta.filename.endsWith('.ts');
  return {
    type: 'postgres',
    ...connectionOptions(raw),
    applicationName: 'clean-care',
    entities,
    migrations: compiled ? [join(import.meta.dirname, '..', 'migrations', '*.js')] : [],
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    synchronize: false,
    maxQueryExecutionTime: 1000,
    logger: new QueryCountingLogger(),
    extra: {
      max: env.DB_POOL_SIZE,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      // A statement that runs for longer than this is a bug or an attack; fail it.
      statement_timeout: 30_000,
      // Transactions start at READ COMMITTED whatever the server's configured default, so
      // TransactionRunner need not name that level in a statement of its own (DEFAULT_ISOLATION).
      options: `-c default_transaction_isolation=${DEFAULT_ISOLATION.toLowerCase().replace(' ', '\\ ')}`,
    },
  };
}

/** Used by the TypeORM CLI: `typeorm -d dist/database/data-source.js migration:run`. */
export default new DataSource(dataSourceOptions());
