import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource, type MigrationInterface } from 'typeorm';

/**
 * Each test file gets its own database, cloned from a template that has every
 * migration applied (CREATE DATABASE … TEMPLATE), so files run in parallel
 * and start in milliseconds. The template is rebuilt when a migration changes.
 */
export const adminUrl = (): string => process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const prefix = `cct_${createHash('sha1').update(process.cwd()).digest('hex').slice(0, 8)}`;
const MIGRATIONS_DIR = join(process.cwd(), 'migrations');

function urlFor(database: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

function migrationFiles(): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.ts'))
    .sort();
}

function templateName(): string {
  const hash = createHash('sha1');
  for (const file of migrationFiles()) hash.update(file).update(readFileSync(join(MIGRATIONS_DIR, file)));
  return `${prefix}_tpl_${hash.digest('hex').slice(0, 12)}`;
}

async function loadMigrations(): Promise<Array<new () => MigrationInterface>> {
  const classes: Array<new () => MigrationInterface> = [];
  for (const file of migrationFiles()) {
    const mod = (await import(join(MIGRATIONS_DIR, file))) as Record<string, new () => MigrationInterface>;
    classes.push(...Object.values(mod).filter((v) => typeof v === 'function'));
  }
  return classes;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function ensureTemplate(): Promise<string> {
  const template = templateName();
  const lockKey = Number.parseInt(createHash('sha1').update(prefix).digest('hex').slice(0, 8), 16);
  await withAdmin(async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [lockKey]);
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (exists.rowCount) return;
      const stale = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${prefix}\\_tpl\\_%`]);
      for (const row of stale.rows as Array<{ datname: string }>)
        await client.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
      const building = `${template}_build`;
      await client.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${building}"`);
      const ds = new DataSource({
        type: 'postgres',
        url: urlFor(building),
        migrations: await loadMigrations(),
        migrationsTableName: 'typeorm_migrations',
        migrationsTransactionMode: 'each',
      });
      await ds.initialize();
      await ds.runMigrations();
      await ds.destroy();
      await client.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [lockKey]);
    }
  });
  return template;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const template = await ensureTemplate();
  // The creation time in the name lets global-setup tell a leftover from a database another run is about to use.
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await withAdmin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
      break;
    } catch (err) {
      // Two files cloning the same template at the same instant: try again.
      if (attempt >= 10 || !/being accessed by other users/.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  return {
    name,
    url: urlFor(name),
    drop: () => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
