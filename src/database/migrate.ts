import { Logger } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { validateEnv } from '../config/env.schema.js';
import { connectionOptions, dataSourceOptions } from './data-source.js';

/** Any constant: the advisory lock that lets one process migrate while the others wait. */
const MIGRATION_LOCK_KEY = 7_316_220_501;

/**
 * Creates the database when it does not exist yet (DB_CREATE_IF_MISSING, for
 * a developer's first `npm start`), then runs pending migrations under a
 * PostgreSQL advisory lock so several instances starting together migrate
 * once.
 */
export async function prepareDatabase(raw: Record<string, unknown> = process.env): Promise<void> {
  const env = validateEnv(raw);
  const logger = new Logger('Database');
  if (env.DB_CREATE_IF_MISSING) await createDatabaseIfMissing(raw, logger);
  if (!env.MIGRATIONS_RUN) return;
  const dataSource = new DataSource({ ...dataSourceOptions(raw), extra: { max: 1 } });
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length) logger.log(`applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`);
  } finally {
    await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await dataSource.destroy();
  }
}

async function createDatabaseIfMissing(raw: Record<string, unknown>, logger: Logger): Promise<void> {
  const opts = connectionOptions(raw);
  const target = 'url' in opts && opts.url ? new URL(opts.url) : undefined;
  const database = target ? decodeURIComponent(target.pathname.slice(1)) : (opts as { database: string }).database;
  let admin: pg.Client;
  if (target) {
    const adminUrl = new URL(target);
    adminUrl.pathname = '/postgres';
    admin = new pg.Client({ connectionString: adminUrl.toString() });
  } else {
    const o = opts as { host: string; port: number; username: string; password: string };
    admin = new pg.Client({ host: o.host, port: o.port, user: o.username, password: o.password, database: 'postgres' });
  }
  try {
    await admin.connect();
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
      logger.log(`created database ${database}`);
    }
  } catch (err) {
    // No rights on the maintenance database, or it is absent: the migration step reports the real problem.
    logger.debug?.(`database check skipped: ${(err as Error).message}`);
  } finally {
    await admin.end().catch(() => undefined);
  }
}
