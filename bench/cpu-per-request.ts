/**
 * A quick, load-independent comparison while optimising: the server
 * process's own CPU time per request (user + system, from /proc) for the
 * project and the floor on scenario 1–3, against the database `npm run bench`
 * left behind (cc_bench), split into the main thread and the other threads
 * (V8's garbage-collection helpers, libuv). It moves less than req/s when
 * other work shares the machine, though still by 10–15% on a shared VM:
 * compare runs interleaved. `tsx bench/cpu-per-request.ts` (ONLY=detail,list,staff).
 */
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { BENCH_PROJECT_ENV, freePort, load, login, newestComplaintOf, pick, startProject, startServer } from './lib.js';
import { citizenPhone, BENCH_PASSWORD, staffPhone } from './seed.js';

const dbUrl = process.env.BENCH_DB_URL ?? 'postgres://postgres@127.0.0.1:5432/cc_bench';
const SECRET_KEY = 'bench-secret-key-bench-secret-key-0123456789';
const TICK_MS = 10; // USER_HZ = 100 on Linux

/** CPU time (user + system, ms) of the process's main thread and of its other threads. */
function cpuMs(pid: number): { main: number; other: number } {
  const used = { main: 0, other: 0 };
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread has ended
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    used[tid === String(pid) ? 'main' : 'other'] += (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  }
  return used;
}

/** The citizens whose tokens the scenarios use (by seed number). */
const CITIZENS_USED = [42, 97, 194, 291, 388, 485, 582, 679];

/** The newest complaint of the citizen whose token the detail scenario uses (the first of `citizens`). */
async function complaintOfFirstCitizen(): Promise<string | undefined> {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  try {
    return await newestComplaintOf(db, citizenPhone(CITIZENS_USED[0]));
  } finally {
    await db.end();
  }
}

const common = { DATABASE_URL: dbUrl, SECRET_KEY, DB_POOL_SIZE: '20' };
const project = await startProject(
  'project',
  {
    ...common,
    ...BENCH_PROJECT_ENV,
    ...Object.fromEntries(
      (process.env.EXTRA_ENV ?? '')
        .split(' ')
        .filter(Boolean)
        .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
    ),
  },
  await freePort(),
);
const floor = await startServer(
  'floor',
  'node',
  ['--import', 'tsx', 'bench/floor.ts'],
  { ...common, REDIS_KEY_PREFIX: 'ccbench:' },
  await freePort(),
  '/health',
);
const citizens = await Promise.all(CITIZENS_USED.map((i) => login(project.url, citizenPhone(i), BENCH_PASSWORD)));
const staff = await Promise.all([1, 2, 3].map((i) => login(project.url, staffPhone(i), BENCH_PASSWORD)));
const detailId = process.env.DETAIL_ID ?? (await complaintOfFirstCitizen());
const scenarios: Array<[string, (url: string) => Parameters<typeof load>[0]]> = [
  ...(detailId
    ? [
        [
          'detail',
          (url: string) => ({
            url,
            connections: 16,
            durationSec: 5,
            path: `/api/v1/complaints/${detailId}`,
            headers: () => ({ authorization: `Bearer ${citizens[0]}` }),
          }),
        ] as [string, (url: string) => Parameters<typeof load>[0]],
      ]
    : []),
  [
    'list',
    (url) => ({
      url,
      connections: 16,
      durationSec: 5,
      path: '/api/v1/complaints',
      headers: () => ({ authorization: `Bearer ${pick(citizens)}` }),
    }),
  ],
  [
    'staff',
    (url) => ({
      url,
      connections: 16,
      durationSec: 5,
      path: `/api/v1/complaints?status=${encodeURIComponent('প্রক্রিয়াধীন')}&search=${encodeURIComponent('ময়লা')}`,
      headers: () => ({ authorization: `Bearer ${pick(staff)}` }),
    }),
  ],
];
for (const [name, spec] of scenarios.filter(([n]) => !process.env.ONLY || process.env.ONLY.split(',').includes(n))) {
  for (const server of [project, floor]) {
    await load({ ...spec(server.url), durationSec: 1 });
    const before = cpuMs(server.process.pid!);
    const result = await load(spec(server.url));
    const after = cpuMs(server.process.pid!);
    const perRequest = (ms: number) => ((ms * 1000) / result.requests).toFixed(0);
    const main = after.main - before.main;
    const other = after.other - before.other;
    console.log(
      `${name.padEnd(6)} ${server.name.padEnd(8)} ${perRequest(main + other).padStart(6)} µs CPU/request ` +
        `(main thread ${perRequest(main)}, other threads ${perRequest(other)}; ${result.rps.toFixed(0)} req/s, errors ${result.errors})`,
    );
  }
}
await project.stop();
await floor.stop();
