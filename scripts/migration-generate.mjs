// `npm run migration:generate -- Name` builds, migrates a scratch database to
// the latest migration, and writes migrations/<timestamp>-Name.ts with what
// the entities add. `--check` fails (exit 1) when the entities need a
// migration that does not exist: CI's drift check.
import { execSync } from 'node:child_process';
import pg from 'pg';

const args = process.argv.slice(2);
const check = args.includes('--check');
const name = args.find((a) => !a.startsWith('--'));
if (!check && !name) {
  console.error('usage: npm run migration:generate -- <Name>   |   npm run migration:check');
  process.exit(2);
}

const base = process.env.DATABASE_URL ?? 'postgres://postgres:password@localhost:5432/postgres';
const scratch = `cc_migration_${process.pid}`;
const adminUrl = new URL(base);
adminUrl.pathname = '/postgres';
const scratchUrl = new URL(base);
scratchUrl.pathname = `/${scratch}`;

const admin = new pg.Client({ connectionString: adminUrl.toString() });
await admin.connect();
await admin.query(`CREATE DATABASE ${scratch}`);
const env = { ...process.env, DATABASE_URL: scratchUrl.toString(), NODE_ENV: 'development' };
let status = 0;
try {
  execSync('node scripts/ensure-build.mjs', { stdio: 'inherit' });
  execSync('npx typeorm -d dist/database/data-source.js migration:run', { stdio: 'inherit', env });
  const cmd = check
    ? 'npx typeorm -d dist/database/data-source.js migration:generate --check migrations/Drift'
    : `npx typeorm -d dist/database/data-source.js migration:generate --pretty migrations/${name}`;
  execSync(cmd, { stdio: 'inherit', env });
  if (!check) execSync('npx prettier --write "migrations/*.ts"', { stdio: 'inherit' });
} catch {
  status = 1;
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
  await admin.end();
}
process.exit(status);
