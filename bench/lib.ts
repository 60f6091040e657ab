/** Process, HTTP and load-generation helpers of the benchmark. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import autocannon from 'autocannon';
import pg from 'pg';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Server {
  name: string;
  url: string;
  process: ChildProcess;
  /** Milliseconds from spawn to the first successful readiness probe. */
  readyMs: number;
  stop(): Promise<void>;
}

/**
 * The command line `npm start` runs the API with (package.json): its
 * environment settings (MALLOC_ARENA_MAX) and node flags, read from the
 * script so that a benchmark always measures what production runs.
 */
function npmStartCommand(): { env: Record<string, string>; flags: string[] } {
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts;
  const words = scripts.start.split('&&').at(-1)!.trim().split(/\s+/);
  const node = words.indexOf('node');
  const env = Object.fromEntries(words.slice(0, node).map((kv) => kv.split('=') as [string, string]));
  return { env, flags: words.slice(node + 1, -1) };
}

/**
 * How the benchmarks run the API, beside its database and secret: in
 * production mode on the bench's own Redis keys, limits out of the way, the
 * database migrated already. Metrics on a free port unless a run names one.
 */
export const BENCH_PROJECT_ENV: Record<string, string> = {
  NODE_ENV: 'production',
  REDIS_KEY_PREFIX: 'ccbench:',
  QUEUE_PREFIX: 'ccbench',
  RATE_LIMIT_PER_MINUTE: '100000000',
  AUTH_RATE_LIMIT_PER_MINUTE: '100000000',
  MIGRATIONS_RUN: 'false',
  DB_CREATE_IF_MISSING: 'false',
  METRICS_PORT: '0',
};

/**
 * Starts the built API as `npm start` does (PROJECT_MAIN may name another
 * build) and waits until it is ready. `wrapper` runs it under another
 * command (valgrind …), with `nodeFlags` added to npm start's.
 */
export function startProject(
  name: string,
  env: Record<string, string>,
  port: number,
  wrapper: string[] = [],
  nodeFlags: string[] = [],
): Promise<Server> {
  const start = npmStartCommand();
  const command = [...wrapper, 'node', ...start.flags, ...nodeFlags, process.env.PROJECT_MAIN ?? 'dist/main.js'];
  return startServer(name, command[0], command.slice(1), { ...start.env, ...env }, port, '/api/v1/health/ready');
}

/** Spawns a server and waits until `probePath` answers 200. */
export async function startServer(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  port: number,
  probePath: string,
): Promise<Server> {
  const started = performance.now();
  const child = spawn(command, args, {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}: ${stderr}`);
    try {
      const res = await fetch(`${url}${probePath}`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > 60_000) throw new Error(`${name} not ready after 60 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const readyMs = performance.now() - started;
  return {
    name,
    url,
    process: child,
    readyMs,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Resident set size of a process in MB (Linux /proc). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

export interface LoadResult {
  rps: number;
  /** Latency percentiles (ms) of the requests sent on connections already open (see `Latencies`). */
  p50: number;
  p99: number;
  /** Latency percentiles (ms) of each connection's first response: accept wait, then the request. */
  firstP50: number;
  firstP99: number;
  /** How many responses p50 and p99 are over (none when no connection answered twice). */
  openResponses: number;
  errors: number;
  requests: number;
  /** Responses by HTTP status. */
  statuses: Record<string, number>;
}

export interface LoadSpec {
  url: string;
  connections: number;
  durationSec: number;
  method?: 'GET' | 'POST' | 'PATCH';
  path: string;
  body?: () => string;
  /** Headers for each request (e.g. a rotating bearer token). */
  headers?: () => Record<string, string>;
  /** Path and headers chosen together for each request (e.g. a complaint and its owner's token). */
  each?: () => { path: string; headers: Record<string, string> };
  /** Receives every response's latency in ms (for merging runs into one distribution). */
  latencies?: Latencies;
}

/**
 * Response latencies in ms, each connection's first response apart from the rest.
 *
 * autocannon opens all its connections at once when a run starts, and times a
 * connection's first request from before the connection is accepted. Node 20's
 * libuv (1.45+) accepts one connection per event-loop iteration, so on a server
 * busy with the connections already accepted, the last of 128 new ones waits
 * 128 iterations (measured: the accept queue of bare Fastify and of the project
 * alike drains at one connection per 15-20 ms, and the last first response comes
 * after about 1 s). With several short alternating rounds those first responses
 * are 4-5% of all at 128 connections, so a p99 over every response would be the
 * accept queue's, not the requests'. In production the API sits behind nginx,
 * which keeps its upstream connections open (deploy/nginx.conf), so clients'
 * new connections are accepted by nginx. The two are reported apart.
 */
export interface Latencies {
  /** Responses on a connection that had answered before. */
  open: number[];
  /** Each connection's first response. */
  first: number[];
}

export const newLatencies = (): Latencies => ({ open: [], first: [] });

/** The `q` quantile (0-1) of `values` (the value at index ⌊q·n⌋ once sorted); 0 when there are none. */
export function quantile(values: number[], q: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0;
}

/** p50 and p99 of each kind of response, rounded to a ms. */
function percentiles({ open, first }: Latencies): Pick<LoadResult, 'p50' | 'p99' | 'firstP50' | 'firstP99' | 'openResponses'> {
  const ms = (values: number[], q: number) => Math.round(quantile(values, q));
  return {
    p50: ms(open, 0.5),
    p99: ms(open, 0.99),
    firstP50: ms(first, 0.5),
    firstP99: ms(first, 0.99),
    openResponses: open.length,
  };
}

/**
 * Resolves once no other session of `db`'s database has been running a statement
 * for two checks in a row (25 ms apart), or after `capMs`.
 */
export async function databaseIdle(db: pg.Client, capMs = 5000): Promise<void> {
  const until = performance.now() + capMs;
  let idleChecks = 0;
  while (idleChecks < 2 && performance.now() < until) {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND state <> 'idle'`,
    );
    idleChecks = rows[0].n === 0 ? idleChecks + 1 : 0;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** One autocannon run; any non-2xx answer, error or timeout counts as an error. */
export async function load(spec: LoadSpec): Promise<LoadResult> {
  const latencies = newLatencies();
  const result = await measure({ ...spec, latencies });
  return {
    rps: result.requests.average,
    ...percentiles(latencies),
    errors: errorCount(result),
    requests: result.requests.total,
    statuses: statusCounts(result),
  };
}

/**
 * Runs `servers` on the same requests in alternating rounds (A B A B …,
 * `rounds` of `totalSec / rounds` seconds each) and merges each server's
 * rounds into one result: req/s over the time measured, percentiles over
 * every response (`Latencies`). The speed of a shared 2-core VM drifts by a
 * fifth or more within a minute; one long run per server would compare two
 * different machines.
 */
export async function loadAlternately(
  servers: Server[],
  spec: Omit<LoadSpec, 'url' | 'durationSec' | 'latencies'>,
  totalSec: number,
  rounds: number,
  /** Resolves when the work a round left behind is done (e.g. `databaseIdle`); estimated when absent. */
  settled?: () => Promise<void>,
): Promise<LoadResult[]> {
  const merged = servers.map(() => ({
    latencies: newLatencies(),
    requests: 0,
    seconds: 0,
    errors: 0,
    statuses: {} as Record<string, number>,
  }));
  const roundSec = Math.max(1, Math.round(totalSec / rounds));
  for (let round = 0; round < rounds; round++) {
    for (const [i, server] of servers.entries()) {
      const into = merged[i];
      const result = await measure({ ...spec, url: server.url, durationSec: roundSec, latencies: into.latencies });
      // The round's unanswered requests are still being served: before another round measures,
      // let the server finish them (at least connections ÷ throughput, and until `settled`). A
      // round that started on the other server's leftovers would be charged for them, and the
      // slower server, with the shorter estimate after the faster one's rounds, most.
      const last = round === rounds - 1 && i === servers.length - 1;
      if (!last) {
        const settleMs = Math.min(3000, (1000 * spec.connections) / Math.max(1, result.requests.average) + 100);
        await Promise.all([new Promise((r) => setTimeout(r, settleMs)), settled?.()]);
      }
      into.requests += result.requests.total;
      into.seconds += result.duration;
      into.errors += errorCount(result);
      for (const [code, count] of Object.entries(statusCounts(result))) into.statuses[code] = (into.statuses[code] ?? 0) + count;
    }
  }
  return merged.map((m) => ({
    rps: m.requests / m.seconds,
    ...percentiles(m.latencies),
    errors: m.errors,
    requests: m.requests,
    statuses: m.statuses,
  }));
}

/** Any non-2xx answer, error or timeout. */
const errorCount = (result: autocannon.Result): number => result.errors + result.timeouts + result.non2xx;

const statusCounts = (result: autocannon.Result): Record<string, number> =>
  Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]));

function measure(spec: LoadSpec): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.durationSec,
        pipelining: 1,
        timeout: 10,
        requests: [
          {
            method: spec.method ?? 'GET',
            path: spec.path,
            setupRequest: (req) => {
              const chosen = spec.each?.() ?? { path: spec.path, headers: spec.headers?.() ?? {} };
              const headers = { ...(spec.body ? { 'content-type': 'application/json' } : {}), ...chosen.headers };
              return { ...req, path: chosen.path, headers, body: spec.body?.() };
            },
          },
        ],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    const latencies = spec.latencies;
    if (latencies) {
      const answered = new WeakSet<object>();
      instance.on('response', (client, _status, _bytes, ms) => {
        if (answered.has(client)) latencies.open.push(ms);
        else {
          answered.add(client);
          latencies.first.push(ms);
        }
      });
    }
  });
}

export const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)];

/** The URL of database `name` on the server of `adminUrl`. */
export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops and recreates scratch database `name`, then migrates it with the built CLI. */
export async function resetDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = databaseUrl(adminUrl, name);
  execFileSync('node', ['dist/cli.js', 'migrate'], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
    stdio: 'inherit',
  });
  return url;
}

/** Logs in through the API; the access token. */
export async function login(baseUrl: string, phone: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, password }),
  });
  if (!res.ok) throw new Error(`login ${phone}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** The id of the newest complaint of the user with `phone` (on a connected client), if any. */
export async function newestComplaintOf(db: pg.Client, phone: string): Promise<string | undefined> {
  const { rows } = await db.query(
    'SELECT c.id FROM complaints c JOIN users u ON u.id = c.user_id WHERE u.phone = $1 ORDER BY c.created_at DESC LIMIT 1',
    [phone],
  );
  return rows[0]?.id as string | undefined;
}

/** A GET with a bearer token that must succeed; the parsed JSON. */
export async function getJson(url: string, token: string): Promise<unknown> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.json();
}
