// Runs once before the e2e files: checks PostgreSQL and Redis answer, and
// drops databases an interrupted earlier run of this checkout left behind.
//
// Another run of the same checkout may be going on right now (a second
// terminal, an editor's test runner, a teammate in the same tree): its
// databases must survive. So a database is dropped only when it is older than
// STALE_MS (its name carries its creation time) and nobody is connected to it
// (no FORCE: PostgreSQL refuses to drop a database in use, and it is skipped).
import { createHash } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';

export const adminUrl = () => process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const dbPrefix = () => `cct_${createHash('sha1').update(process.cwd()).digest('hex').slice(0, 8)}`;
const STALE_MS = 30 * 60 * 1000;
const OBJECT_IN_USE = '55006';

/** When a test database was created, from its name (`<prefix>_<base-36 ms>_<random>`); undefined for other names. */
function createdAt(datname) {
  const match = /^([0-9a-z]+)_[0-9a-f]{8}$/.exec(datname.slice(dbPrefix().length + 1));
  return match ? Number.parseInt(match[1], 36) : undefined;
}

function redisReachable(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname || '127.0.0.1', port: Number(port || 6379) }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

export default async function globalSetup() {
  const client = new pg.Client({ connectionString: adminUrl() });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at ${adminUrl()} (${err.message}); start it or set TEST_DATABASE_URL.`, {
      cause: err,
    });
  }
  try {
    const { rows } = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE $1 AND datname NOT LIKE $2`, [
      `${dbPrefix()}\\_%`,
      `${dbPrefix()}\\_tpl\\_%`,
    ]);
    for (const { datname } of rows) {
      const created = createdAt(datname);
      if (created !== undefined && Date.now() - created < STALE_MS) continue;
      try {
        await client.query(`DROP DATABASE IF EXISTS "${datname}"`);
      } catch (err) {
        if (err.code !== OBJECT_IN_USE) throw err;
      }
    }
  } finally {
    await client.end();
  }
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
  if (!(await redisReachable(redisUrl)))
    throw new Error(`Redis is not reachable at ${redisUrl}; start it or set TEST_REDIS_URL.`);
}
