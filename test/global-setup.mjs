// Runs once before the e2e files: checks PostgreSQL and Redis answer, and
// drops databases an interrupted earlier run of this checkout left behind.
import { createHash } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';

export const adminUrl = () => process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const dbPrefix = () => `cct_${createHash('sha1').update(process.cwd()).digest('hex').slice(0, 8)}`;

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
    throw new Error(`PostgreSQL is not reachable at ${adminUrl()} (${err.message}); start it or set TEST_DATABASE_URL.`, { cause: err });
  }
  try {
    const { rows } = await client.query(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 AND datname NOT LIKE $2`,
      [`${dbPrefix()}\\_%`, `${dbPrefix()}\\_tpl\\_%`],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
  if (!(await redisReachable(redisUrl))) throw new Error(`Redis is not reachable at ${redisUrl}; start it or set TEST_REDIS_URL.`);
}
