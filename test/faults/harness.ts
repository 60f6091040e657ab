/**
 * What the fault tests run and break: the built API and worker as child
 * processes, a Redis server of their own, and a TCP proxy in front of
 * PostgreSQL that can cut every connection. Everything here is started by the
 * test and stopped by it; the machine's own PostgreSQL and Redis are never
 * stopped or reconfigured.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import argon2 from 'argon2';
import { Redis } from 'ioredis';
import pg from 'pg';
import { freePort } from '../../bench/lib.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { FakeSmsGateway } from '../helpers/fake-server.js';
import { HttpClient } from '../helpers/http.js';
import { nextPhone } from '../helpers/fixtures.js';
import { sleep, waitFor } from '../helpers/wait.js';

export const SECRET_KEY = 'fault-test-secret-key-0123456789-abcdefghijklmnop';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A child process whose output is kept (the last 2,000 lines) for assertions and for failure messages. */
export class Child {
  readonly lines: string[] = [];
  readonly exited: Promise<Exit>;
  private exit?: Exit;

  constructor(
    readonly name: string,
    readonly process: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.lines.push(line);
      if (this.lines.length > 2_000) this.lines.splice(0, this.lines.length - 2_000);
    };
    process.stdout?.on('data', keep);
    process.stderr?.on('data', keep);
    this.exited = new Promise((resolve) =>
      process.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      }),
    );
  }

  get pid(): number {
    return this.process.pid!;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** The output so far, for a failure message. */
  tail(n = 40): string {
    const lines = this.lines.filter((l) => !/"context":"(RouterExplorer|RoutesResolver|InstanceLoader)"/.test(l));
    return `--- last ${n} lines of ${this.name} ---\n${lines.slice(-n).join('\n')}`;
  }

  /** Resolves with the first output line matching `pattern`, or fails (with the output) after `timeoutMs`. */
  async waitForLine(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    try {
      return await waitFor(
        () => {
          if (!this.running) throw new Error(`${this.name} exited (${JSON.stringify(this.exit)})`);
          return this.lines.find((l) => pattern.test(l));
        },
        { timeoutMs, intervalMs: 25, what: `${this.name} to print ${pattern}` },
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${this.tail()}`, { cause: err });
    }
  }

  kill(signal: NodeJS.Signals): void {
    if (this.running) this.process.kill(signal);
  }

  /** SIGTERM, then SIGKILL if it is still running after `graceMs`. Used for cleanup. */
  async stop(graceMs = 15_000): Promise<Exit> {
    if (!this.running) return this.exit!;
    this.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

function spawnChild(name: string, command: string, args: string[], env: Record<string, string>): Child {
  const child = spawn(command, args, {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Child(name, child);
}

// --- Redis ------------------------------------------------------------------------------------
/**
 * A redis-server of the test's own on a free port. It persists as production
 * runs it (docker-compose.yml: `appendonly yes`; here every write is fsynced),
 * in a temporary directory, so "stopped and started again" is a restart, not
 * a new empty Redis.
 */
export class RedisServer {
  private child?: Child;
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), await mkdtemp(join(tmpdir(), 'cc-fault-redis-')));
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  async start(): Promise<void> {
    this.child = spawnChild(
      'redis-server',
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--dir',
        this.dir,
        '--daemonize',
        'no',
      ],
      {},
    );
    await this.child.waitForLine(/Ready to accept connections/, 10_000);
  }

  /** Stops it the hard way (a crash: no goodbye to clients). */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.child?.exited;
  }

  async stop(): Promise<void> {
    await this.child?.stop(5_000);
    await rm(this.dir, { recursive: true, force: true });
  }
}

// --- a TCP proxy in front of PostgreSQL -----------------------------------------------------
/**
 * Forwards connections to PostgreSQL until `cut()`: then every open
 * connection is reset and new ones are closed as soon as they open, as when
 * the database host goes away. `restore()` lets connections through again.
 */
export class TcpProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private up = true;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<void> {
    this.server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  cut(): void {
    this.up = false;
    for (const socket of this.sockets) socket.resetAndDestroy();
    this.sockets.clear();
  }

  restore(): void {
    this.up = true;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: net.Socket): void {
    if (!this.up) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(this.targetPort, this.targetHost);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}

// --- the application's processes ------------------------------------------------------------
export interface Stack {
  db: TestDatabase;
  /** A direct connection to the test database (not through any proxy). */
  pool: pg.Pool;
  redis: RedisServer;
  sms: FakeSmsGateway;
  /** The environment every process of this stack gets (add or override per process). */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** A database cloned from the migrated template, a Redis, a fake SMS gateway and the environment for the built app. */
export async function startStack(extraEnv: Record<string, string> = {}): Promise<Stack> {
  const db = await createTestDatabase();
  const redis = await RedisServer.start();
  const sms = new FakeSmsGateway();
  await sms.start();
  const mediaRoot = await mkdtemp(join(tmpdir(), 'cc-fault-media-'));
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    DATABASE_URL: db.url,
    DB_POOL_SIZE: '10',
    MIGRATIONS_RUN: 'false',
    DB_CREATE_IF_MISSING: 'false',
    REDIS_URL: redis.url,
    SECRET_KEY,
    SMS_GATEWAY_URL: `${sms.url}/send`,
    SMS_API_KEY: 'fault-sms-key',
    MEDIA_ROOT: mediaRoot,
    METRICS_PORT: '0',
    RATE_LIMIT_PER_MINUTE: '1000000',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    OUTBOX_POLL_MS: '250',
    ...extraEnv,
  };
  const pool = new pg.Pool({ connectionString: db.url, max: 3 });
  return {
    db,
    pool,
    redis,
    sms,
    env,
    async close() {
      await pool.end();
      await redis.stop();
      await sms.stop();
      await rm(mediaRoot, { recursive: true, force: true });
      await db.drop();
    },
  };
}

export interface ApiProcess extends Child {
  url: string;
  http: HttpClient;
  /** Its Prometheus endpoint, when started with `{ metrics: true }`. */
  metricsUrl?: string;
}

export interface WorkerProcess extends Child {
  /** Its Prometheus endpoint (`queue_jobs_total` counts the jobs this process ran). */
  metricsUrl: string;
}

/**
 * `node dist/main.js` on a free port; resolves once it answers HTTP (readiness is the test's business).
 * `metrics: true` serves its Prometheus metrics on a free port of 127.0.0.1 (the stack's env turns them off).
 */
export async function startApi(
  env: Record<string, string>,
  name = 'api',
  options: { metrics?: boolean } = {},
): Promise<ApiProcess> {
  const port = await freePort();
  const metricsPort = options.metrics ? await freePort() : undefined;
  const child = spawnChild(name, process.execPath, ['dist/main.js'], {
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
    ...(metricsPort ? { METRICS_PORT: String(metricsPort), METRICS_HOST: '127.0.0.1' } : {}),
  });
  const url = `http://127.0.0.1:${port}`;
  await answering(child, `${url}/api/v1/health`);
  const metricsUrl = metricsPort ? `http://127.0.0.1:${metricsPort}/metrics` : undefined;
  if (metricsUrl) await answering(child, metricsUrl);
  return Object.assign(child, { url, http: new HttpClient(`${url}/api/v1`), metricsUrl });
}

/**
 * `node dist/worker.js`; resolves once it processes jobs. Its metrics server
 * starts after every queue processor is registered, so it answering is the
 * signal (log lines are buffered and may not be written yet).
 */
export async function startWorker(env: Record<string, string>, name = 'worker'): Promise<WorkerProcess> {
  const metricsPort = await freePort();
  const child = spawnChild(name, process.execPath, ['dist/worker.js'], {
    ...env,
    METRICS_PORT: String(metricsPort),
    METRICS_HOST: '127.0.0.1',
  });
  const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  await answering(child, metricsUrl);
  return Object.assign(child, { metricsUrl });
}

/** Waits until `url` answers 200; a process that never does is killed, not left behind. */
async function answering(child: Child, url: string): Promise<void> {
  try {
    await waitFor(
      async () => {
        if (!child.running) throw new Error(`${child.name} exited`);
        return (await fetch(url).catch(() => undefined))?.status === 200;
      },
      { timeoutMs: 60_000, intervalMs: 50, what: `${child.name} to answer ${url}` },
    );
  } catch (err) {
    child.kill('SIGKILL');
    await child.exited;
    throw new Error(`${(err as Error).message}\n${child.tail()}`, { cause: err });
  }
}

// --- people ---------------------------------------------------------------------------------
export interface Person {
  id: string;
  phone: string;
  password: string;
}

/** Users written straight to the database (argon2id, as the app hashes), for logging in through the API. */
export async function insertUsers(pool: pg.Pool, count: number, role = 'citizen'): Promise<Person[]> {
  const password = 'fault-password-1';
  const hash = await argon2.hash(password, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  const people: Person[] = [];
  for (let i = 0; i < count; i++) {
    const phone = nextPhone();
    const { rows } = await pool.query(
      `INSERT INTO users (phone, name, password_hash, role, is_verified) VALUES ($1, $2, $3, $4, true) RETURNING id`,
      [phone, `Fault ${role} ${i + 1}`, hash, role],
    );
    people.push({ id: rows[0].id as string, phone, password });
  }
  return people;
}

export async function login(http: HttpClient, person: Person): Promise<string> {
  const res = await http.post('/auth/login', { phone: person.phone, password: person.password });
  if (res.status !== 200) throw new Error(`login ${person.phone}: ${res.status} ${res.text}`);
  return res.body.access_token as string;
}

/** Waits until the payment is completed; on a timeout the failure shows `worker`'s output. */
export async function paymentCompleted(
  pool: pg.Pool,
  paymentId: string,
  worker: Child,
  timeoutMs: number,
): Promise<{ status: string; transaction_id: string }> {
  return waitFor(
    async () => {
      const { rows } = await pool.query('SELECT status, transaction_id FROM payments WHERE id = $1', [paymentId]);
      return rows[0].status === 'completed' ? rows[0] : undefined;
    },
    { timeoutMs, what: `payment ${paymentId} to be completed by ${worker.name}` },
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n${worker.tail()}`, { cause: err });
  });
}

/** How many in-app payment notifications the user has. */
export async function paymentNotifications(pool: pg.Pool, userId: string): Promise<number> {
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND category = 'payment'`, [
    userId,
  ]);
  return rows[0].n as number;
}

/** A Bull queue's lists in the test's Redis, with each listed job, for a failure message. */
export async function queueState(redisUrl: string, queue: string, prefix = 'bull'): Promise<string> {
  const redis = new Redis(redisUrl);
  try {
    const q = `${prefix}:${queue}`;
    const state: Record<string, unknown> = {
      wait: await redis.lrange(`${q}:wait`, 0, -1),
      active: await redis.lrange(`${q}:active`, 0, -1),
      delayed: await redis.zrange(`${q}:delayed`, 0, -1),
      failed: await redis.zrange(`${q}:failed`, 0, -1),
      completed: await redis.zcard(`${q}:completed`),
    };
    const ids = ['wait', 'active', 'delayed', 'failed'].flatMap((k) => state[k] as string[]);
    for (const id of ids) state[id] = await redis.hgetall(`${q}:${id}`);
    return JSON.stringify(state, null, 1);
  } finally {
    redis.disconnect();
  }
}

/** True when the text looks like it carries a stack trace, SQL or a driver's message. */
export function leaksInternals(text: string): boolean {
  return /\bat \S+ \(|node_modules|\.js:\d+|\.ts:\d+|QueryFailedError|\bSELECT\b|\bINSERT INTO\b|\bUPDATE \w+ SET\b|ECONNREFUSED|Connection terminated|stack/i.test(
    text,
  );
}

export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Every sample a process's Prometheus endpoint serves now (text format; comments skipped). */
export async function scrapeMetrics(url: string): Promise<MetricSample[]> {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  const samples: MetricSample[] = [];
  for (const line of (await res.text()).split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value;
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

export { sleep, waitFor };
