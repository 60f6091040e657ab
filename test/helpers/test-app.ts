import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createApp } from '../../src/app.factory.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { FakeSmsGateway } from './fake-server.js';
import { HttpClient } from './http.js';

export interface TestAppOptions {
  /** Extra or overriding environment variables for this app. */
  env?: Record<string, string>;
  /** Run queue processors in the app (default true, as `npm start` does). */
  worker?: boolean;
}

export interface TestApp {
  app: NestFastifyApplication;
  url: string;
  http: HttpClient;
  /** A direct connection to this file's database, for arranging and asserting. */
  db: pg.Pool;
  redis: Redis;
  sms: FakeSmsGateway;
  env: Record<string, string>;
  mediaRoot: string;
  close(): Promise<void>;
}

const redisUrl = (): string => process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

/**
 * Boots the real application (real PostgreSQL, Redis and Bull) on a random
 * port with its own database, Redis key prefix, queue prefix, media folder and
 * fake SMS gateway.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database: TestDatabase = await createTestDatabase();
  const sms = new FakeSmsGateway();
  await sms.start();
  const mediaRoot = await mkdtemp(join(tmpdir(), 'cc-media-'));
  const tag = randomBytes(4).toString('hex');
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: database.url,
    DB_POOL_SIZE: '10',
    REDIS_URL: redisUrl(),
    REDIS_KEY_PREFIX: `cct:${tag}:`,
    QUEUE_PREFIX: `cct-${tag}`,
    SMS_GATEWAY_URL: `${sms.url}/send`,
    SMS_API_KEY: 'test-sms-key',
    MEDIA_ROOT: mediaRoot,
    MEDIA_URL: 'http://media.test/media/',
    RATE_LIMIT_PER_MINUTE: '100000',
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    OUTBOX_POLL_MS: '200',
    METRICS_PORT: '0',
    SECRET_KEY: 'test-secret-key-that-is-long-enough-0123456789',
    ...(options.env ?? {}),
  };
  applyEnv(env);
  const app = await createApp({ worker: options.worker ?? true, quiet: true });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const db = new pg.Pool({ connectionString: database.url, max: 3 });
  // An idle connection closed by the server (e.g. the database dropped at teardown) is not a test failure.
  db.on('error', () => undefined);
  const redis = new Redis(redisUrl(), { lazyConnect: false, maxRetriesPerRequest: 2 });
  return {
    app,
    url,
    http: new HttpClient(`${url}/api/v1`),
    db,
    redis,
    sms,
    env,
    mediaRoot,
    async close() {
      await app.close();
      await db.end();
      await deleteKeys(redis, `cct:${tag}:*`);
      await deleteKeys(redis, `cct-${tag}:*`);
      redis.disconnect();
      await sms.stop();
      await rm(mediaRoot, { recursive: true, force: true });
      await database.drop();
    },
  };
}

/**
 * The app reads process.env, shared by every app of a test file: variables a
 * previous app set and this one does not are put back as they were, so a
 * second app never inherits the first one's overrides.
 */
const originalEnv = new Map<string, string | undefined>();
function applyEnv(env: Record<string, string>): void {
  for (const [key, value] of originalEnv) {
    if (key in env) continue;
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  for (const key of Object.keys(env)) if (!originalEnv.has(key)) originalEnv.set(key, process.env[key]);
  Object.assign(process.env, env);
}

async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}
