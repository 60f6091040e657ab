/**
 * Instructions per request, project against floor: a measure that does not
 * drift with the machine. The req/s and CPU-time figures of a shared 2-core
 * VM move by 10–20% from one minute to the next, more than most single
 * optimisations are worth; an instruction count does not depend on what
 * else the machine runs. It still moves from run to run with the JIT's
 * decisions (what V8 optimised, and when): repeated runs of one build agreed
 * within 1–2% mostly, and differed by up to 10% at times, so a change worth
 * less than that needs several runs each side. It counts instructions, not
 * time: cache misses, the kernel's work and other processes' are not in it.
 *
 * Each server runs under valgrind's callgrind (every thread: the main
 * thread, V8's compiler and garbage-collection helpers, libuv), takes a
 * warm-up with counting off, then WINDOWS windows of N requests each with
 * counting on, one request at a time per client (4 clients), against the
 * database `npm run bench` left behind (cc_bench). A major garbage
 * collection lands in some windows and not in others (under valgrind's
 * slowness V8 runs them far more often than it does at full speed), and
 * slows the code around it as well: the count is that of the window whose
 * code ran the fewest instructions, plus the young-generation collections
 * averaged over all windows.
 *
 *   tsx bench/instructions.ts            (after npm run build and npm run bench)
 *   ONLY=detail|list  N=400  WINDOWS=6  WARM=6000  TARGETS=project,floor  PROJECT_MAIN=dist/main.js
 *   VERBOSE=1 prints every window (code + young-generation + major collections, k per request)
 *
 * Needs valgrind (Debian package valgrind). About 8 minutes for both servers.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { BENCH_PROJECT_ENV, freePort, login, newestComplaintOf, startProject, startServer, type Server } from './lib.js';
import { BENCH_PASSWORD, citizenPhone } from './seed.js';

const dbUrl = process.env.BENCH_DB_URL ?? 'postgres://postgres@127.0.0.1:5432/cc_bench';
const SECRET_KEY = 'bench-secret-key-bench-secret-key-0123456789';
const SCENARIO = process.env.ONLY ?? 'detail';
const N = Number(process.env.N ?? 400);
const WINDOWS = Number(process.env.WINDOWS ?? 6);
const WARM = Number(process.env.WARM ?? 6000);
const TARGETS = (process.env.TARGETS ?? 'project,floor').split(',');
const CLIENTS = 4;

/**
 * V8's memory reducer runs full collections when the allocation rate per
 * second is low, as it is under valgrind's slowness, never under load at
 * full speed: off, so the counted process collects as a loaded one does.
 */
const V8_FLAGS = ['--no-memory-reducer'];

/** V8's major (mark-compact) collector, whose work lands in one window and not another. */
const MAJOR_GC =
  /ConcurrentMarking|MarkingVisitor|Sweeper|MarkCompact|IncrementalMarking|MarkingBarrier|MarkingWorklist|Marking::|MemoryChunkData/;

const common = { DATABASE_URL: dbUrl, SECRET_KEY, DB_POOL_SIZE: '20', REDIS_KEY_PREFIX: 'ccbench:' };
const projectEnv = { ...common, ...BENCH_PROJECT_ENV };

interface Count {
  total: number;
  majorGc: number;
  scavenges: number;
}

/** Sums a callgrind output's instructions by kind (callgrind_annotate lists every function). */
function countOf(file: string): Count {
  const text = execFileSync('callgrind_annotate', ['--threshold=100', file], { maxBuffer: 1 << 28 }).toString();
  const count = { total: 0, majorGc: 0, scavenges: 0 };
  for (const line of text.split('\n')) {
    const m = /^\s*([\d,]+) \(.*?\)\s+(.*)$/.exec(line);
    if (!m) continue;
    const n = Number(m[1].replaceAll(',', ''));
    if (m[2].includes('PROGRAM TOTALS')) count.total = n;
    else if (MAJOR_GC.test(m[2])) count.majorGc += n;
    else if (/Scaveng/.test(m[2])) count.scavenges += n;
  }
  return count;
}

async function measure(target: string, token: string, path: string): Promise<Count> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-callgrind-'));
  const valgrind = [
    'valgrind',
    '--tool=callgrind',
    '--instr-atstart=no',
    '--smc-check=all-non-file',
    `--callgrind-out-file=${dir}/out`,
  ];
  const server: Server =
    target === 'floor'
      ? await startServer(
          'floor',
          valgrind[0],
          [...valgrind.slice(1), 'node', ...V8_FLAGS, '--import', 'tsx', 'bench/floor.ts'],
          common,
          await freePort(),
          '/health',
        )
      : await startProject('project', projectEnv, await freePort(), valgrind, V8_FLAGS);
  const get = async () => {
    const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`${target} ${path}: ${res.status}`);
    await res.arrayBuffer();
  };
  const batch = async (n: number) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next++ < n) await get();
      }),
    );
  };
  const control = (...args: string[]) =>
    execFileSync('callgrind_control', [...args, String(server.process.pid)], { stdio: 'ignore' });
  try {
    await batch(WARM);
    control('-i', 'on');
    for (let w = 0; w < WINDOWS; w++) {
      control('-z');
      await batch(N);
      control('-d');
    }
    control('-i', 'off');
  } finally {
    await server.stop();
  }
  // One file per window (out.1, out.2, …), then the rest at exit (out).
  const windows = readdirSync(dir)
    .filter((f) => /\.\d+$/.test(f))
    .map((f) => countOf(join(dir, f)));
  rmSync(dir, { recursive: true, force: true });
  if (windows.length !== WINDOWS) throw new Error(`${target}: ${windows.length} windows counted, not ${WINDOWS}`);
  // A major collection slows the code around it too (write barriers, allocation): the window
  // whose code ran the fewest instructions counts; young-generation collections, which come
  // once every few hundred requests, are averaged over all windows.
  const mutator = (c: Count) => c.total - c.majorGc - c.scavenges;
  const best = windows.reduce((a, b) => (mutator(b) < mutator(a) ? b : a));
  if (process.env.VERBOSE)
    console.log(
      target,
      windows
        .map(
          (c) =>
            `${(mutator(c) / N / 1000).toFixed(0)}+${(c.scavenges / N / 1000).toFixed(0)}+${(c.majorGc / N / 1000).toFixed(0)}`,
        )
        .join(' '),
    );
  const scavenges = windows.reduce((sum, c) => sum + c.scavenges, 0) / windows.length;
  return { total: mutator(best) + scavenges, majorGc: best.majorGc, scavenges };
}

const db = new pg.Client({ connectionString: dbUrl });
await db.connect();
const complaintId = await newestComplaintOf(db, citizenPhone(42));
await db.end();
// A token from a server that is not being measured (logging in under valgrind takes seconds).
const helper = await startProject('helper', projectEnv, await freePort());
const token = await login(helper.url, citizenPhone(42), BENCH_PASSWORD);
await helper.stop();
const path = SCENARIO === 'detail' ? `/api/v1/complaints/${complaintId}` : '/api/v1/complaints';

const perRequest = (n: number) => (n / N / 1000).toFixed(0).padStart(6);
const results = new Map<string, Count>();
for (const target of TARGETS) {
  const c = await measure(target, token, path);
  results.set(target, c);
  console.log(
    `${SCENARIO} ${target.padEnd(8)} ${perRequest(c.total)} k instructions/request ` +
      `(young-generation collections ${perRequest(c.scavenges)} k of them)`,
  );
}
const [project, floor] = [results.get('project'), results.get('floor')];
if (project && floor) {
  console.log(`${SCENARIO} project/floor: ${(project.total / floor.total).toFixed(2)}`);
}
