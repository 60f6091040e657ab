/**
 * `npm run soak`: a few minutes of mixed traffic against one API process, as
 * `npm start` runs it (HTTP and queue jobs in one process, built code, the
 * same node flags, production mode), on a scratch database seeded with a small city. It
 * reports errors (there must be none), each scenario's p99 minute by minute
 * (drift), and the process's resident memory sampled every 10 s (it must stay
 * flat after the warm-up); it exits non-zero when a bound is crossed, and
 * writes bench/SOAK.md.
 *
 * The traffic: citizens reading their complaints, notifications, profile and
 * notices; staff searching their wards' complaints and moving complaints
 * between statuses (each change writes a notification and queues an SMS and
 * a push); anonymous reads of public content; citizens filing complaints and
 * asking for SMS codes; logins (argon2). SMS go to a fake gateway over HTTP.
 *
 * Environment: SOAK_DATABASE_URL (admin connection, default
 * postgres://postgres@127.0.0.1:5432/postgres), SOAK_MINUTES (3),
 * SOAK_WARMUP_SECONDS (30), SOAK_MAX_RSS_GROWTH_MB (40), SOAK_MAX_P99_DRIFT (3).
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import pg from 'pg';
import { FakeSmsGateway } from '../test/helpers/fake-server.js';
import { freePort, load, login, pick, quantile, resetDatabase, rssMb, startProject, type LoadResult, type LoadSpec } from './lib.js';
import { BENCH_PASSWORD, citizenPhone, seed, staffPhone, type SeedSize } from './seed.js';

const ADMIN_URL = process.env.SOAK_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'cc_soak';
const MINUTES = Number(process.env.SOAK_MINUTES ?? 3);
const WARMUP_SECONDS = Number(process.env.SOAK_WARMUP_SECONDS ?? 30);
const MAX_RSS_GROWTH_MB = Number(process.env.SOAK_MAX_RSS_GROWTH_MB ?? 40);
const MAX_P99_DRIFT = Number(process.env.SOAK_MAX_P99_DRIFT ?? 3);
const RSS_SAMPLE_MS = 10_000;
const SIZE: SeedSize = { citizens: 1_000, staff: 10, wards: 20, complaints: 10_000 };
const IN_PROGRESS = 'প্রক্রিয়াধীন';
const RESOLVED = 'সমাধান হয়েছে';

const log = (message: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${message}`);

interface Session {
  token: string;
  phone: string;
  complaintIds: string[];
}

interface Scenario {
  name: string;
  spec: (durationSec: number) => LoadSpec;
}

interface MinuteResult {
  minute: number;
  results: Array<{ name: string; result: LoadResult }>;
}

async function main(): Promise<void> {
  const started = performance.now();
  log(`scratch database ${DB_NAME}, migrations, seed (${SIZE.citizens} citizens, ${SIZE.complaints} complaints)`);
  const dbUrl = await resetDatabase(ADMIN_URL, DB_NAME);
  await seed(dbUrl, SIZE);

  const sms = new FakeSmsGateway();
  await sms.start();
  const port = await freePort();
  const server = await startProject(
    'api',
    {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: dbUrl,
      SECRET_KEY: 'soak-secret-key-soak-secret-key-0123456789',
      REDIS_KEY_PREFIX: 'ccsoak:',
      QUEUE_PREFIX: 'ccsoak',
      RUN_WORKER: 'true',
      RATE_LIMIT_PER_MINUTE: '100000000',
      AUTH_RATE_LIMIT_PER_MINUTE: '100000000',
      MIGRATIONS_RUN: 'false',
      DB_CREATE_IF_MISSING: 'false',
      METRICS_PORT: String(await freePort()),
      MEDIA_ROOT: 'bench/.tmp/soak-media',
      SMS_GATEWAY_URL: `${sms.url}/send`,
      SMS_API_KEY: 'soak',
    },
    port,
  );
  const pid = server.process.pid!;
  log(`api ready in ${server.readyMs.toFixed(0)} ms (pid ${pid})`);

  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const citizens: Session[] = [];
  for (let i = 1; i <= 100; i++) {
    const phone = citizenPhone(i);
    const { rows } = await db.query(`SELECT c.id FROM complaints c JOIN users u ON u.id = c.user_id WHERE u.phone = $1`, [phone]);
    citizens.push({ token: await login(server.url, phone, BENCH_PASSWORD), phone, complaintIds: rows.map((r) => r.id as string) });
  }
  const withComplaints = citizens.filter((c) => c.complaintIds.length);
  const staff: Session[] = [];
  for (let i = 1; i <= SIZE.staff; i++) {
    const phone = staffPhone(i);
    const { rows } = await db.query(
      `SELECT c.id FROM complaints c JOIN staff_wards sw ON sw.ward_id = c.ward_id JOIN users u ON u.id = sw.user_id
        WHERE u.phone = $1 AND c.status IN ($2, $3) ORDER BY c.created_at DESC LIMIT 200`,
      [phone, IN_PROGRESS, RESOLVED],
    );
    staff.push({ token: await login(server.url, phone, BENCH_PASSWORD), phone, complaintIds: rows.map((r) => r.id as string) });
  }
  const movers = staff.filter((s) => s.complaintIds.length);

  const url = server.url;
  const bearer = (s: Session) => ({ authorization: `Bearer ${s.token}` });
  /** A spec whose every request picks its own path, headers and body together. */
  const rotating = (
    durationSec: number,
    connections: number,
    method: 'GET' | 'POST' | 'PATCH',
    next: () => { path: string; headers?: Record<string, string>; body?: string },
  ): LoadSpec => {
    let current = next();
    return {
      url,
      connections,
      durationSec,
      method,
      path: current.path,
      each: () => {
        current = next();
        return { path: current.path, headers: current.headers ?? {} };
      },
      body: method === 'GET' ? undefined : () => current.body ?? '{}',
    };
  };
  const scenarios: Scenario[] = [
    {
      name: 'citizen reads',
      spec: (d) =>
        rotating(d, 4, 'GET', () => {
          const c = pick(withComplaints);
          const path = pick([
            '/api/v1/complaints',
            `/api/v1/complaints/${pick(c.complaintIds)}`,
            '/api/v1/notifications',
            '/api/v1/notifications/unread-count',
            '/api/v1/users/me',
            '/api/v1/notices',
          ]);
          return { path, headers: bearer(c) };
        }),
    },
    {
      name: 'staff ward search',
      spec: (d) =>
        rotating(d, 2, 'GET', () => ({
          path: `/api/v1/complaints?status=${encodeURIComponent(IN_PROGRESS)}&search=${encodeURIComponent('ময়লা')}`,
          headers: bearer(pick(staff)),
        })),
    },
    {
      name: 'public content',
      spec: (d) =>
        rotating(d, 1, 'GET', () => ({
          path: pick(['/api/v1/meta/choices', '/api/v1/wards', '/api/v1/notices', '/api/v1/calendar-events', '/api/v1/waste-management/schedules']),
        })),
    },
    {
      name: 'complaint filing',
      spec: (d) =>
        rotating(d, 2, 'POST', () => ({
          path: '/api/v1/complaints',
          headers: { ...bearer(pick(citizens)), 'content-type': 'application/json' },
          body: JSON.stringify({
            title: 'রাস্তায় ময়লার স্তূপ',
            description: 'গত তিন দিন ধরে ময়লা সরানো হয়নি।',
            category: 'পরিচ্ছন্নতা',
            priority: 'মধ্যম',
            location: 'মিরপুর ১০',
          }),
        })),
    },
    {
      name: 'status changes (notify + SMS + push)',
      spec: (d) =>
        rotating(d, 1, 'PATCH', () => {
          const s = pick(movers);
          return {
            path: `/api/v1/complaints/${pick(s.complaintIds)}/update_status`,
            headers: { ...bearer(s), 'content-type': 'application/json' },
            body: JSON.stringify({ status: pick([IN_PROGRESS, RESOLVED]), note: 'soak' }),
          };
        }),
    },
    {
      name: 'SMS codes',
      spec: (d) =>
        rotating(d, 1, 'POST', () => ({
          path: '/api/v1/auth/otp/request',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ phone: pick(citizens).phone, purpose: 'reset' }),
        })),
    },
    {
      name: 'logins',
      spec: (d) =>
        rotating(d, 1, 'POST', () => ({
          path: '/api/v1/auth/login',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ phone: pick(citizens).phone, password: BENCH_PASSWORD }),
        })),
    },
  ];

  const samples: Array<{ at: number; rss: number }> = [];
  const sample = () => samples.push({ at: performance.now(), rss: rssMb(pid) });
  const runAll = (durationSec: number) => Promise.all(scenarios.map(async (s) => ({ name: s.name, result: await load(s.spec(durationSec)) })));

  log(`warm-up ${WARMUP_SECONDS} s`);
  const warm = await runAll(WARMUP_SECONDS);
  const warmErrors = warm.reduce((n, r) => n + r.result.errors, 0);
  sample();
  const measuredFrom = performance.now();
  const sampler = setInterval(sample, RSS_SAMPLE_MS);
  const minutes: MinuteResult[] = [];
  for (let minute = 1; minute <= MINUTES; minute++) {
    const results = await runAll(60);
    minutes.push({ minute, results });
    const requests = results.reduce((n, r) => n + r.result.requests, 0);
    const errors = results.reduce((n, r) => n + r.result.errors, 0);
    log(`minute ${minute}: ${requests} requests, ${errors} errors, RSS ${rssMb(pid).toFixed(0)} MB`);
  }
  clearInterval(sampler);
  sample();

  // Everything the load queued gets done: the outbox drains.
  let outbox = -1;
  for (let i = 0; i < 60 && outbox !== 0; i++) {
    outbox = Number((await db.query('SELECT count(*)::int AS n FROM outbox_jobs')).rows[0].n);
    if (outbox) await new Promise((r) => setTimeout(r, 500));
  }
  await db.end();
  await server.stop();
  await sms.stop();

  const report = render({ warmErrors, minutes, samples, measuredFrom, outbox, smsSent: sms.messages.length, totalMinutes: (performance.now() - started) / 60_000 });
  writeFileSync('bench/SOAK.md', report.text);
  console.log(`\n${report.text}`);
  process.exit(report.failures.length ? 1 : 0);
}

function render(input: {
  warmErrors: number;
  minutes: MinuteResult[];
  samples: Array<{ at: number; rss: number }>;
  measuredFrom: number;
  outbox: number;
  smsSent: number;
  totalMinutes: number;
}): { text: string; failures: string[] } {
  const { minutes, samples } = input;
  const failures: string[] = [];
  const lines: string[] = ['# Soak results', ''];
  lines.push(
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}. Run on ${new Date().toISOString().slice(0, 10)}: ` +
      `one \`dist/main.js\` (HTTP and jobs, production mode), ${SIZE.citizens.toLocaleString('en')} citizens and ${SIZE.complaints.toLocaleString('en')} complaints, ` +
      `${WARMUP_SECONDS} s warm-up, then ${MINUTES} measured minutes; autocannon on the same machine.`,
    '',
  );
  const names = minutes[0]?.results.map((r) => r.name) ?? [];
  lines.push(`| scenario | ${minutes.map((m) => `min ${m.minute} req / err / p99 ms`).join(' | ')} | p99 drift |`);
  lines.push(`|---|${minutes.map(() => '---:').join('|')}|---:|`);
  let errors = 0;
  for (const name of names) {
    const cells = minutes.map((m) => m.results.find((r) => r.name === name)!.result);
    errors += cells.reduce((n, c) => n + c.errors, 0);
    const drift = cells.at(-1)!.p99 / Math.max(1, cells[0].p99);
    if (drift > MAX_P99_DRIFT) failures.push(`${name}: p99 drift ${drift.toFixed(2)} > ${MAX_P99_DRIFT}`);
    for (const c of cells) {
      const bad = Object.entries(c.statuses).filter(([code]) => !code.startsWith('2'));
      if (c.errors) failures.push(`${name}: ${c.errors} errors (${bad.map(([code, n]) => `${n}× ${code}`).join(', ') || 'timeouts or socket errors'})`);
    }
    lines.push(`| ${name} | ${cells.map((c) => `${c.requests} / ${c.errors} / ${c.p99}`).join(' | ')} | ${drift.toFixed(2)} |`);
  }
  const firstMinute = samples.filter((s) => s.at >= input.measuredFrom && s.at < input.measuredFrom + 60_000).map((s) => s.rss);
  const lastMinute = samples.filter((s) => s.at >= input.measuredFrom + (minutes.length - 1) * 60_000).map((s) => s.rss);
  const growth = quantile(lastMinute, 0.5) - quantile(firstMinute, 0.5);
  if (growth > MAX_RSS_GROWTH_MB) failures.push(`RSS grew ${growth.toFixed(0)} MB (bound ${MAX_RSS_GROWTH_MB} MB)`);
  if (input.warmErrors) failures.push(`${input.warmErrors} errors during the warm-up`);
  if (input.outbox !== 0) failures.push(`${input.outbox} jobs still in the outbox 30 s after the load`);
  lines.push('');
  lines.push(`Errors: ${errors} (warm-up: ${input.warmErrors}). SMS delivered to the fake gateway: ${input.smsSent}. Outbox after the load: ${input.outbox} jobs.`);
  lines.push(
    `RSS every ${RSS_SAMPLE_MS / 1000} s (MB): ${samples.map((s) => s.rss.toFixed(0)).join(', ')}. ` +
      `Median of the first measured minute ${quantile(firstMinute, 0.5).toFixed(0)} MB, of the last ${quantile(lastMinute, 0.5).toFixed(0)} MB: growth ${growth.toFixed(0)} MB (bound ${MAX_RSS_GROWTH_MB} MB).`,
  );
  lines.push(`p99 drift is the last minute's p99 over the first's (bound ${MAX_P99_DRIFT}). Whole run: ${input.totalMinutes.toFixed(1)} minutes.`);
  lines.push('', failures.length ? `**Failed:**\n${failures.map((f) => `- ${f}`).join('\n')}` : '**Passed: no errors, memory flat, latency steady.**', '');
  return { text: lines.join('\n'), failures };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
