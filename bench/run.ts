/**
 * `npm run bench`: builds (npm script), creates a scratch database, migrates,
 * seeds realistic volume in bulk SQL, starts the built server as `npm start`
 * runs it (one process) and the floor (bench/floor.ts), and runs each
 * scenario on both with a warm-up, at 32 and 128 connections, alternating
 * between the two in short rounds. Prints the table and writes
 * bench/RESULTS.md.
 *
 * Environment: BENCH_DATABASE_URL (admin connection, default
 * postgres://postgres@127.0.0.1:5432/postgres), BENCH_DURATION (seconds
 * measured per server and scenario, default 8), BENCH_ROUNDS (how many
 * alternating rounds those seconds are split into, default 4), BENCH_WARMUP
 * (seconds per server before each scenario, default 2), BENCH_PROCESS_WARMUP
 * (seconds per server and compared scenario before the first, default 4),
 * BENCH_CONNECTIONS (default "32,128"), BENCH_STARTS (starts timed to ready, the
 * last one then measured; default 3).
 */
import { cpus } from 'node:os';
import { writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { runChatBench, type ChatResult } from './chat.js';
import {
  BENCH_PROJECT_ENV,
  databaseIdle,
  databaseUrl,
  freePort,
  getJson,
  load,
  loadAlternately,
  login as loginAt,
  newestComplaintOf,
  pick,
  quantile,
  resetDatabase,
  rssMb,
  startProject,
  startServer,
  type LoadResult,
  type Server,
} from './lib.js';
import { FakeBkash } from '../test/helpers/fake-gateways.js';
import { ADMIN_PHONE, BENCH_PASSWORD, citizenPhone, CITIZENS, seed, staffPhone, STAFF } from './seed.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'cc_bench';
const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const PROCESS_WARMUP = Number(process.env.BENCH_PROCESS_WARMUP ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '32,128').split(',').map(Number);
const STARTS = Number(process.env.BENCH_STARTS ?? 3);
const SECRET_KEY = 'bench-secret-key-bench-secret-key-0123456789';
const SEARCH = 'ময়লা';
const IN_PROGRESS = 'প্রক্রিয়াধীন';

const dbUrl = databaseUrl(ADMIN_URL, DB_NAME);
const login = (server: Server, phone: string) => loginAt(server.url, phone, BENCH_PASSWORD);
const get = getJson;

const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

interface Session {
  token: string;
  complaintId?: string;
}

interface Row {
  scenario: string;
  connections: number;
  project: LoadResult;
  floor?: LoadResult;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  log(`scratch database ${DB_NAME}, migrations`);
  await resetDatabase(ADMIN_URL, DB_NAME);
  log('seeding');
  const seeded = await seed(dbUrl);
  log(`seeded in ${seeded.seconds.toFixed(1)} s`);

  const common = {
    DATABASE_URL: dbUrl,
    SECRET_KEY,
    DB_POOL_SIZE: '20',
    JWT_ISSUER: 'clean-care',
    JWT_AUDIENCE: 'clean-care-app',
  };
  // The outside world: a fake bKash (the real adapter runs against it) for payment create.
  const bkash = new FakeBkash();
  await bkash.start();
  const projectEnv = {
    ...common,
    ...BENCH_PROJECT_ENV,
    METRICS_PORT: String(await freePort()),
    MEDIA_ROOT: 'bench/.tmp/media',
    CHAT_RATE_LIMIT_PER_MINUTE: '100000',
    ...bkash.env(),
  };
  // Time to ready, over STARTS starts: one start on a shared VM, right after the seed's bulk
  // writes, is as much the machine's moment as the server's (2.4-4.6 s for the same build).
  // The first start is the cold one (files just built); every start is reported.
  const readyMs: number[] = [];
  let project: Server | undefined;
  for (let start = 1; start <= STARTS; start++) {
    project = await startProject('project', projectEnv, await freePort());
    readyMs.push(project.readyMs);
    log(`project ready in ${project.readyMs.toFixed(0)} ms (start ${start} of ${STARTS})`);
    if (start < STARTS) await project.stop();
  }
  if (!project) throw new Error('BENCH_STARTS must be at least 1');
  const floor = await startServer(
    'floor',
    'node',
    ['--import', 'tsx', 'bench/floor.ts'],
    { ...common, REDIS_KEY_PREFIX: 'ccbench:' },
    await freePort(),
    '/health',
  );
  log('floor ready');

  // Sessions: 200 citizens (each with one of their complaints), every staff member.
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const citizens: Session[] = [];
  for (let i = 1; i <= 200; i++) {
    const n = 1 + Math.floor(((i * 7919) % CITIZENS) as number);
    const token = await login(project, citizenPhone(n));
    citizens.push({ token, complaintId: await newestComplaintOf(db, citizenPhone(n)) });
  }
  const withComplaint = citizens.filter((c) => c.complaintId);
  const staff: Session[] = [];
  for (let i = 1; i <= STAFF; i++) staff.push({ token: await login(project, staffPhone(i)) });
  const adminToken = await login(project, ADMIN_PHONE);
  await db.end();

  // The floor must do the same work: same answers for the same requests.
  const probe = withComplaint[0];
  for (const path of [`/api/v1/complaints/${probe.complaintId}`, `/api/v1/complaints?page_size=5`]) {
    const a = (await get(`${project.url}${path}`, probe.token)) as Record<string, unknown>;
    const b = (await get(`${floor.url}${path}`, probe.token)) as Record<string, unknown>;
    const normalize = (v: unknown) => JSON.parse(JSON.stringify(v).replaceAll(project.url, 'X').replaceAll(floor.url, 'X'));
    if (!isDeepStrictEqual(normalize(a), normalize(b))) {
      throw new Error(
        `floor and project differ on ${path}:\n${JSON.stringify(a).slice(0, 600)}\n${JSON.stringify(b).slice(0, 600)}`,
      );
    }
  }
  log('floor answers match the project');

  const bearer = (s: Session) => ({ authorization: `Bearer ${s.token}` });
  const createBody = () =>
    JSON.stringify({
      title: 'রাস্তায় ময়লার স্তূপ',
      description: 'গত তিন দিন ধরে ময়লা সরানো হয়নি, দ্রুত ব্যবস্থা নিন।',
      category: 'পরিচ্ছন্নতা',
      priority: 'মধ্যম',
      location: 'মিরপুর ১০',
      latitude: 23.8069,
      longitude: 90.3687,
    });
  const scenarios: Array<{
    name: string;
    /** The requests; where they go, how many connections and for how long are the run's. */
    request: Omit<Parameters<typeof load>[0], 'url' | 'connections' | 'durationSec'>;
    floor: boolean;
  }> = [
    {
      name: '1. citizen complaint list, page 1',
      floor: true,
      request: {
        path: '/api/v1/complaints',
        headers: () => bearer(pick(citizens)),
      },
    },
    {
      name: `2. staff ward list, status + Bengali search`,
      floor: true,
      request: {
        path: `/api/v1/complaints?status=${encodeURIComponent(IN_PROGRESS)}&search=${encodeURIComponent(SEARCH)}`,
        headers: () => bearer(pick(staff)),
      },
    },
    {
      name: '3. complaint detail',
      floor: true,
      request: {
        path: '/api/v1/complaints',
        each: () => {
          const session = pick(withComplaint);
          return { path: `/api/v1/complaints/${session.complaintId}`, headers: bearer(session) };
        },
      },
    },
    {
      name: '4. complaint create',
      floor: true,
      request: {
        method: 'POST',
        path: '/api/v1/complaints',
        body: createBody,
        headers: () => bearer(pick(citizens)),
      },
    },
    {
      name: '5. login',
      floor: false,
      request: {
        method: 'POST',
        path: '/api/v1/auth/login',
        body: () => JSON.stringify({ phone: citizenPhone(1 + Math.floor(Math.random() * CITIZENS)), password: BENCH_PASSWORD }),
      },
    },
    {
      name: '6. notices list (citizen, ward-targeted)',
      floor: false,
      request: {
        path: '/api/v1/notices',
        headers: () => bearer(pick(citizens)),
      },
    },
    {
      name: '7. collection schedules by ward (public)',
      floor: false,
      request: {
        path: '/api/v1/waste-management/schedules',
        each: () => ({ path: `/api/v1/waste-management/schedules?ward=${pick(seeded.wardIds)}`, headers: {} }),
      },
    },
    {
      name: '8. payment create (bKash)',
      floor: false,
      request: {
        method: 'POST',
        path: '/api/v1/payments',
        body: () =>
          JSON.stringify({
            service_type: 'holding_tax',
            amount: '1250.00',
            payment_method: 'bkash',
            phone_number: '01712345678',
          }),
        headers: () => bearer(pick(citizens)),
      },
    },
    {
      name: '9. admin dashboard (30 days; cached ≤ 30 s)',
      floor: false,
      request: {
        path: '/api/v1/dashboard/admin',
        headers: () => ({ authorization: `Bearer ${adminToken}` }),
      },
    },
  ];

  // The admin dashboard computed from scratch (nothing cached yet for these ranges).
  const today = new Date(Date.now() + 6 * 3600_000).toISOString().slice(0, 10);
  const daysAgo = (n: number) => new Date(Date.now() + 6 * 3600_000 - n * 86_400_000).toISOString().slice(0, 10);
  const dashboardCold: Record<string, number> = {};
  for (const [label, from] of [
    ['30 days', daysAgo(29)],
    ['365 days', daysAgo(364)],
  ] as const) {
    const t = performance.now();
    await get(`${project.url}/api/v1/dashboard/admin?from=${from}&to=${today}`, adminToken);
    dashboardCold[label] = performance.now() - t;
  }
  log(
    `admin dashboard uncached: ${Object.entries(dashboardCold)
      .map(([k, v]) => `${k} ${v.toFixed(0)} ms`)
      .join(', ')}`,
  );

  // A fresh process runs cold until V8 has compiled its hot paths: measured in 2 s slices of
  // the list at 32 connections, the project reached its steady rate after 8-10 s, the floor
  // (far less code) after 4-6 s. The table is about steady state, as a server serves
  // nearly all its life; how a fresh process does is measured first, and reported apart.
  const compared = scenarios.filter((s) => s.floor);
  const coldList = (server: Server) => load({ ...compared[0].request, url: server.url, connections: 32, durationSec: 2 });
  const coldProject = await coldList(project);
  const coldFloor = await coldList(floor);
  log(`cold start, the list's first 2 s: project ${coldProject.rps.toFixed(0)} req/s, floor ${coldFloor.rps.toFixed(0)} req/s`);
  for (const server of [project, floor]) {
    for (const scenario of compared)
      await load({ ...scenario.request, url: server.url, connections: 32, durationSec: PROCESS_WARMUP });
  }
  log('both processes warmed up');

  // Watches the database between alternating rounds (loadAlternately's `settled`).
  const monitor = new pg.Client({ connectionString: dbUrl });
  await monitor.connect();
  const rows: Row[] = [];
  for (const scenario of scenarios) {
    for (const connections of CONNECTIONS) {
      const servers = scenario.floor ? [project, floor] : [project];
      for (const server of servers) await load({ ...scenario.request, url: server.url, connections, durationSec: WARMUP });
      // Alternating rounds only where two servers are compared; a scenario of the project
      // alone is one run (a round shorter than a login under 128 connections would end empty).
      const rounds = scenario.floor ? ROUNDS : 1;
      const [projectResult, floorResult] = await loadAlternately(
        servers,
        { ...scenario.request, connections },
        DURATION,
        rounds,
        () => databaseIdle(monitor),
      );
      rows.push({ scenario: scenario.name, connections, project: projectResult, floor: floorResult });
      log(
        `${scenario.name} @${connections}: project ${projectResult.rps.toFixed(0)} req/s p99 ${projectResult.p99} ms, new connection p99 ${projectResult.firstP99} ms (RSS ${rssMb(project.process.pid!).toFixed(0)} MB)` +
          (floorResult
            ? ` | floor ${floorResult.rps.toFixed(0)} req/s p99 ${floorResult.p99} ms, new connection p99 ${floorResult.firstP99} ms`
            : ''),
      );
    }
  }

  await monitor.end();

  // Login storm: the complaint list's p99 while 16 connections log in, against its calm p99.
  log('login storm');
  const listSpec = { ...scenarios[0].request, url: project.url, connections: 32, durationSec: DURATION };
  const calm = await load(listSpec);
  const [storm] = await Promise.all([
    load(listSpec),
    load({ ...scenarios[4].request, url: project.url, connections: 16, durationSec: DURATION }),
  ]);
  log('chat: 1,000 sockets, 200 messages a second');
  const chat = await runChatBench({
    url: project.url,
    databaseUrl: dbUrl,
    secret: SECRET_KEY,
    sockets: 1000,
    messagesPerSecond: 200,
    seconds: 15,
  });
  log(
    `chat: ack p50/p99 ${chat.ackP50}/${chat.ackP99} ms, delivery p50/p99 ${chat.deliveryP50}/${chat.deliveryP99} ms, errors ${chat.errors}`,
  );
  const rss = rssMb(project.process.pid!);
  await project.stop();
  await floor.stop();
  await bkash.stop();

  const minutes = (performance.now() - t0) / 60_000;
  const report = renderReport(rows, {
    calm,
    storm,
    chat,
    dashboardCold,
    cold: { project: coldProject, floor: coldFloor },
    readyMs,
    rss,
    minutes,
    seedSeconds: seeded.seconds,
    pg: await postgresVersion(),
  });
  writeFileSync('bench/RESULTS.md', report);
  console.log(`\n${report}`);
}

async function postgresVersion(): Promise<string> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  const { rows } = await client.query('SHOW server_version');
  await client.end();
  return rows[0].server_version as string;
}

const TARGET_RATIO: Record<string, number> = { '1': 0.75, '2': 0.75, '3': 0.75, '4': 0.6 };

function renderReport(
  rows: Row[],
  extra: {
    calm: LoadResult;
    storm: LoadResult;
    chat: ChatResult;
    dashboardCold: Record<string, number>;
    cold: { project: LoadResult; floor: LoadResult };
    /** Time to ready of each start, in order. */
    readyMs: number[];
    rss: number;
    minutes: number;
    seedSeconds: number;
    pg: string;
  },
): string {
  const fmt = (n: number) => n.toFixed(0);
  /** p50 / p99 of a result; none when no connection answered twice (see bench/lib.ts, Latencies). */
  const percentiles = (r: LoadResult) => (r.openResponses ? `${r.p50} / ${r.p99}` : '— / —');
  const lines: string[] = [];
  const failures: string[] = [];
  lines.push('# Benchmark results', '');
  lines.push(
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, PostgreSQL ${extra.pg}. ` +
      `Run on ${new Date().toISOString().slice(0, 10)}. Both processes are warmed up first (${PROCESS_WARMUP} s of each compared scenario ` +
      `at 32 connections); then, after a ${WARMUP} s warm-up, each server is measured for ${DURATION} s per scenario, ` +
      `in ${ROUNDS} rounds that alternate between the project and the floor (bench/floor.ts) on the same database; ` +
      `autocannon runs on the same machine. p50 and p99 are over the requests sent on open connections; ` +
      `each connection's first response, which also waits for the server to accept the connection (Node 20 ` +
      `accepts one per event-loop iteration; in production nginx keeps the API's connections open), is reported apart.`,
  );
  lines.push(
    '',
    `Data: 50 wards, ${CITIZENS.toLocaleString('en')} citizens, ${STAFF} staff, 100,000 complaints (seeded in ${extra.seedSeconds.toFixed(0)} s).`,
    '',
  );
  lines.push(
    '| scenario | conns | project req/s | floor req/s | ratio (target) | project p50 / p99 ms | floor p50 / p99 ms | p99 ratio (≤ 2) | errors | new connection p99 ms, project / floor |',
  );
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const key = r.scenario[0];
    const errors = r.project.errors + (r.floor?.errors ?? 0);
    if (errors) failures.push(`${r.scenario} @${r.connections}: ${errors} errors`);
    if (r.floor) {
      const ratio = r.project.rps / r.floor.rps;
      const p99ratio = r.project.p99 / Math.max(1, r.floor.p99);
      const target = TARGET_RATIO[key];
      if (target && ratio < target) failures.push(`${r.scenario} @${r.connections}: ratio ${ratio.toFixed(2)} < ${target}`);
      if (p99ratio > 2) failures.push(`${r.scenario} @${r.connections}: p99 ratio ${p99ratio.toFixed(2)} > 2`);
      lines.push(
        `| ${r.scenario} | ${r.connections} | ${fmt(r.project.rps)} | ${fmt(r.floor.rps)} | ${ratio.toFixed(2)} (≥ ${target}) | ${percentiles(r.project)} | ${percentiles(r.floor)} | ${p99ratio.toFixed(2)} | ${errors} | ${r.project.firstP99} / ${r.floor.firstP99} |`,
      );
    } else {
      lines.push(
        `| ${r.scenario} | ${r.connections} | ${fmt(r.project.rps)} | — | — | ${percentiles(r.project)} | — | — | ${errors} | ${r.project.firstP99} / — |`,
      );
    }
  }
  const stormRatio = extra.storm.p99 / Math.max(1, extra.calm.p99);
  if (stormRatio > 3) failures.push(`login storm: list p99 ${stormRatio.toFixed(2)}× calm > 3×`);
  const readyMedian = quantile(extra.readyMs, 0.5);
  if (readyMedian > 3000) failures.push(`ready in ${readyMedian.toFixed(0)} ms (median) > 3000 ms`);
  if (extra.rss >= 300) failures.push(`RSS ${extra.rss.toFixed(1)} MB ≥ 300 MB`);
  lines.push('');
  lines.push(
    `Login storm (16 connections logging in while 32 read the citizen list): list p99 ${extra.calm.p99} ms calm → ${extra.storm.p99} ms during the storm (${stormRatio.toFixed(2)}×, target ≤ 3×); list throughput ${fmt(extra.calm.rps)} → ${fmt(extra.storm.rps)} req/s.`,
  );
  const { chat } = extra;
  if (chat.errors) failures.push(`chat: ${chat.errors} errors`);
  lines.push(
    `Chat (${chat.sockets.toLocaleString('en')} sockets connected, ${chat.ratePerSecond.toFixed(0)} messages/s for ${chat.seconds.toFixed(0)} s): ` +
      `${chat.sent.toLocaleString('en')} sent, ${chat.delivered.toLocaleString('en')} delivered; acknowledgement p50/p99 ` +
      `${chat.ackP50}/${chat.ackP99} ms, delivery p50/p99 ${chat.deliveryP50}/${chat.deliveryP99} ms; ${chat.errors} errors.`,
  );
  lines.push(
    `Cold start (a fresh process's first 2 s, the citizen list at 32 connections, before the warm-up): project ` +
      `${fmt(extra.cold.project.rps)} req/s p99 ${extra.cold.project.p99} ms, floor ${fmt(extra.cold.floor.rps)} req/s p99 ` +
      `${extra.cold.floor.p99} ms (${(extra.cold.project.rps / extra.cold.floor.rps).toFixed(2)}); ` +
      `${extra.cold.project.errors + extra.cold.floor.errors} errors.`,
  );
  if (extra.cold.project.errors + extra.cold.floor.errors) failures.push('cold start: errors');
  lines.push(
    `Admin dashboard computed from scratch (nothing cached for the range): ${Object.entries(extra.dashboardCold)
      .map(([range, ms]) => `${range} ${ms.toFixed(0)} ms`)
      .join(', ')}.`,
  );
  lines.push(
    `Ready to serve ${readyMedian.toFixed(0)} ms after start, the median of ${extra.readyMs.length} starts ` +
      `(${extra.readyMs.map((ms) => ms.toFixed(0)).join(', ')} ms, the first right after the build and the seed; target ≤ 3000 ms). ` +
      `RSS after the bench ${extra.rss.toFixed(1)} MB (target < 300 MB).`,
  );
  lines.push(`Whole run: ${extra.minutes.toFixed(1)} minutes.`);
  lines.push(
    '',
    failures.length ? `**Targets missed:**\n${failures.map((f) => `- ${f}`).join('\n')}` : '**Every target met.**',
    '',
  );
  return lines.join('\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
