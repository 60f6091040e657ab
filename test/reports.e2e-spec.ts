import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import type { Job } from 'bull';
import { DashboardReportsService } from '../src/modules/dashboard/dashboard-reports.service.js';
import { DashboardReportsProcessor } from '../src/modules/dashboard/dashboard.module.js';
import { expectedAdminDashboard, person, roleUserPeople, seedDashboardData, type Fixture } from './helpers/dashboard-fixtures.js';
import { createRoleUsers, createUser, seedGeography, type Geography, type RoleUsers, type TestUser } from './helpers/fixtures.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { waitFor } from './helpers/wait.js';

const DAY = 86_400_000;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A Dhaka calendar day, by Intl (not the app's offset arithmetic). */
const dhakaDay = (d: Date): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Dhaka' }).format(d);
const shift = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** Pages of a PDF by its own structure: the page objects, and the page tree's count. */
function pdfPages(pdf: Buffer): { objects: number; count: number } {
  const text = pdf.toString('latin1');
  const objects = (text.match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;
  const counts = [...text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/gs)];
  return { objects, count: Number(counts[0]?.[1] ?? counts[0]?.[2]) };
}

/** The text runs of a PDF's content streams (Flate-compressed, hex strings in TJ arrays), in drawing order. */
function pdfTextRuns(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  const runs: string[] = [];
  for (const match of text.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(match[1], 'latin1')).toString('latin1');
    } catch {
      continue; // not a Flate stream (fonts are not compressed by the built-in fonts; images none)
    }
    for (const tj of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      runs.push([...tj[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1], 'hex').toString('latin1')).join(''));
    }
  }
  return runs;
}

async function download(
  url: string,
  token: string,
): Promise<{ status: number; type: string | null; disposition: string | null; body: Buffer }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
    body: Buffer.from(await res.arrayBuffer()),
  };
}

describe('dashboard reports', () => {
  let t: TestApp;
  let geo: Geography;
  let u: RoleUsers;
  let secondAdmin: TestUser;
  let f: Fixture;
  let seededAt: Date;
  let day: string;

  const request = (user: TestUser, body: Record<string, unknown>) =>
    t.http.post('/dashboard/reports', body, { token: user.token });
  const done = (user: TestUser, id: string) =>
    waitFor(
      async () => {
        const res = await t.http.get(`/dashboard/reports/${id}`, { token: user.token });
        return res.body.status === 'done' || res.body.status === 'failed' ? res.body : undefined;
      },
      { timeoutMs: 30_000, what: `report ${id}` },
    );

  beforeAll(async () => {
    t = await startTestApp();
    geo = await seedGeography(t);
    u = await createRoleUsers(t, geo);
    secondAdmin = await createUser(t, { role: 'admin', name: 'Second admin' });
    const homeless = await createUser(t, { role: 'citizen', name: 'No home ward' });
    const people = [...roleUserPeople(u, geo), person(secondAdmin, null), person(homeless, null)];
    seededAt = new Date();
    const today = dhakaDay(seededAt);
    day = shift(today, -15);
    f = await seedDashboardData(t, {
      geo,
      people,
      owners: [people[0], people[1], people[6]],
      range: { from: shift(today, -40), to: shift(today, -3) },
      now: seededAt,
    });
  });
  afterAll(() => t?.close());

  it("builds a staff member's weekly XLSX over their ward, readable back with the dashboard's figures", async () => {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
    const monday = shift(day, -((weekday + 6) % 7));
    const week = { from: monday, to: shift(monday, 6) };

    const res = await request(u.staff, { period: 'weekly', format: 'xlsx', date: day });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      period: 'weekly',
      format: 'xlsx',
      status: 'queued',
      from: week.from,
      to: week.to,
      wards: [geo.wardIds[0]],
      download_url: null,
      file_size: null,
      error: null,
    });

    const report = await done(u.staff, res.body.id);
    expect(report.status).toBe('done');
    expect(report.download_url).toBe(`${t.url}/api/v1/dashboard/reports/${res.body.id}/download`);
    expect(report.completed_at).toMatch(/\+06:00$/);

    const file = await download(report.download_url, u.staff.token);
    expect(file.status).toBe(200);
    expect(file.type).toBe(XLSX);
    expect(file.disposition).toBe(`attachment; filename="clean-care-weekly-report-${week.from}-to-${week.to}.xlsx"`);
    expect(file.body.length).toBe(report.file_size);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body as unknown as ArrayBuffer);
    const rows = (sheet: string) => {
      const out: unknown[][] = [];
      workbook.getWorksheet(sheet)!.eachRow((row, n) => n > 1 && out.push((row.values as unknown[]).slice(1)));
      return out;
    };
    const expected = expectedAdminDashboard(f, [geo.wardIds[0]], week, seededAt).exact as any;
    const summary = new Map(rows('Summary').map(([label, value]) => [label, value]));
    expect(summary.get('Period (Dhaka days)')).toBe(`${week.from} to ${week.to}`);
    expect(summary.get('Wards')).toBe('1. Ward 1');
    expect(summary.get('Requested by')).toBe('Staff Ward One');
    expect(summary.get('Complaints filed')).toBe(expected.complaints.total);
    expect(summary.get('Complaints resolved')).toBe(expected.complaints.resolution.resolved);
    expect(summary.get('Reviews')).toBe(expected.complaints.satisfaction.count);
    expect(summary.get('Payments completed')).toBe(expected.payments.count);
    expect(summary.get('Payments total (BDT)')).toBe(Number(expected.payments.total));
    expect(summary.get('Donations total (BDT)')).toBe(Number(expected.donations.total));
    expect(summary.get('Active users')).toBe(expected.users.total);
    expect(rows('Complaints by status')).toEqual(
      expected.complaints.by_status.map((s: { status: string; count: number }, i: number) => [
        s.status,
        ['Submitted', 'In progress', 'Resolved', 'Cancelled'][i],
        s.count,
      ]),
    );
    expect(rows('Complaints by ward')).toEqual([['1. Ward 1', 'ওয়ার্ড ১', expected.complaints.total]]);
    expect(rows('Payments by day (Dhaka)')).toEqual(
      expected.payments.by_day.map((d: { date: string; count: number; total: string }) => [d.date, d.count, Number(d.total)]),
    );
    expect(rows('Donations by campaign')).toEqual(
      expected.donations.by_campaign.map((c: { title: string; count: number; total: string }) => [
        c.title,
        c.count,
        Number(c.total),
      ]),
    );
    expect(expected.complaints.total).toBeGreaterThan(0);

    // The requester is told, once.
    const notes = await t.http.get('/notifications?category=system', { token: u.staff.token });
    const about = notes.body.results.filter((n: { data: Record<string, string> }) => n.data.report_id === res.body.id);
    expect(about).toHaveLength(1);
    expect(about[0]).toMatchObject({ title: 'রিপোর্ট প্রস্তুত', data: { report_id: res.body.id, status: 'done' } });

    // Nobody else can read or download it.
    for (const other of [u.otherStaff, u.admin]) {
      expect((await t.http.get(`/dashboard/reports/${res.body.id}`, { token: other.token })).status).toBe(404);
      expect((await download(report.download_url, other.token)).status).toBe(404);
    }
    expect((await fetch(report.download_url)).status).toBe(401);

    // Running the job again changes nothing: same file, no second notification.
    expect(await t.app.get(DashboardReportsService).build(null, res.body.id)).toBe('skipped');
    const again = await t.http.get(`/dashboard/reports/${res.body.id}`, { token: u.staff.token });
    expect(again.body).toEqual(report);
    const notesAgain = await t.http.get('/notifications?category=system', { token: u.staff.token });
    expect(
      notesAgain.body.results.filter((n: { data: Record<string, string> }) => n.data.report_id === res.body.id),
    ).toHaveLength(1);
  });

  it('builds an admin PDF whose pages and figures can be read back, longer for a longer period', async () => {
    const monthly = await request(u.admin, { period: 'monthly', format: 'pdf', date: day });
    // Last year's, whole whatever today is.
    const lastYear = Number(dhakaDay(new Date()).slice(0, 4)) - 1;
    const yearly = await request(u.admin, { period: 'yearly', format: 'pdf', date: `${lastYear}-06-15` });
    expect([monthly.status, yearly.status]).toEqual([202, 202]);
    const month = { from: `${day.slice(0, 7)}-01`, to: monthly.body.to };
    expect(monthly.body.from).toBe(month.from);
    expect(monthly.body.wards).toBeNull();
    expect([yearly.body.from, yearly.body.to]).toEqual([`${lastYear}-01-01`, `${lastYear}-12-31`]);

    const files: Buffer[] = [];
    for (const id of [monthly.body.id, yearly.body.id]) {
      const report = await done(u.admin, id);
      expect(report.status).toBe('done');
      const file = await download(report.download_url, u.admin.token);
      expect(file.status).toBe(200);
      expect(file.type).toBe('application/pdf');
      expect(file.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(file.body.subarray(-7).toString('latin1')).toContain('%%EOF');
      files.push(file.body);
    }
    const [monthPdf, yearPdf] = files;
    const monthPages = pdfPages(monthPdf);
    const yearPages = pdfPages(yearPdf);
    expect(monthPages.objects).toBe(monthPages.count);
    expect(yearPages.objects).toBe(yearPages.count);
    expect(monthPages.count).toBeGreaterThanOrEqual(1);
    // A row per Dhaka day: a year's days fill several more pages than a month's.
    expect(yearPages.count).toBeGreaterThan(monthPages.count + 3);

    const runs = pdfTextRuns(monthPdf);
    const expected = expectedAdminDashboard(f, null, month, seededAt).exact as any;
    const after = (label: string) => runs[runs.indexOf(label) + 1];
    expect(runs).toContain('Clean Care - Monthly report');
    expect(after('Complaints filed')).toBe(expected.complaints.total.toLocaleString('en-US'));
    expect(after('Payments total (BDT)')).toBe(
      Number(expected.payments.total).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    );
    expect(after('Wards')).toBe('All wards');
    expect(runs).toContain(`Page 1 of ${monthPages.count}`);
    expect(runs).toContain(`Page ${monthPages.count} of ${monthPages.count}`);
    // Bengali values appear by their English labels (the built-in font has no Bengali).
    expect(runs).toEqual(expect.arrayContaining(['Submitted', 'Cleanliness', 'High']));
  });

  it('covers the last complete period by default', async () => {
    const res = await request(u.admin, { period: 'daily', format: 'xlsx' });
    expect(res.status).toBe(202);
    const yesterday = dhakaDay(new Date(Date.now() - DAY));
    expect([res.body.from, res.body.to]).toEqual([yesterday, yesterday]);
    expect((await done(u.admin, res.body.id)).status).toBe('done');
  });

  it('lists only the caller’s reports, newest first', async () => {
    const res = await t.http.get('/dashboard/reports', { token: u.admin.token });
    expect(res.status).toBe(200);
    const mine = await t.db.query(
      'SELECT id FROM dashboard_reports WHERE requested_by_id = $1 ORDER BY created_at DESC, id DESC',
      [u.admin.id],
    );
    expect(res.body.count).toBe(mine.rows.length);
    expect(res.body.results.map((r: { id: string }) => r.id)).toEqual(mine.rows.map((r) => r.id));
    const none = await t.http.get('/dashboard/reports', { token: secondAdmin.token });
    expect(none.body).toEqual({ count: 0, next: null, previous: null, results: [] });
  });

  it('answers 409 for a download before the report is done', async () => {
    const { rows } = await t.db.query(
      `INSERT INTO dashboard_reports (requested_by_id, period, format, range_from, range_to) VALUES ($1, 'daily', 'pdf', $2, $2) RETURNING id`,
      [secondAdmin.id, day],
    );
    const res = await t.http.get(`/dashboard/reports/${rows[0].id}`, { token: secondAdmin.token });
    expect(res.body).toMatchObject({ status: 'queued', download_url: null });
    const file = await t.http.get(`/dashboard/reports/${rows[0].id}/download`, { token: secondAdmin.token });
    expect(file.status).toBe(409);
    expect(file.body).toEqual({ detail: 'The report is not ready yet.' });
  });

  it('marks a report failed only after its last attempt, and tells the requester', async () => {
    const { rows } = await t.db.query(
      `INSERT INTO dashboard_reports (requested_by_id, period, format, range_from, range_to) VALUES ($1, 'daily', 'xlsx', $2, $2) RETURNING id`,
      [secondAdmin.id, day],
    );
    const id = rows[0].id as string;
    // A directory where the file must go: storing it fails.
    await mkdir(join(t.mediaRoot, 'private', 'reports', `${id}.xlsx`), { recursive: true });
    const processor = t.app.get(DashboardReportsProcessor);
    const job = (attemptsMade: number) =>
      ({ data: { reportId: id }, attemptsMade, opts: { attempts: 3 } }) as unknown as Job<{ reportId: string }>;
    // @ProcessJob passes the job's own origin to the handler; this argument only satisfies the type.
    const origin = { requestId: 'report-test', queryCount: 0 };

    await expect(processor.buildDashboardReport(job(0), origin)).rejects.toThrow();
    const retrying = await t.http.get(`/dashboard/reports/${id}`, { token: secondAdmin.token });
    expect(retrying.body).toMatchObject({ status: 'running', error: null });

    await expect(processor.buildDashboardReport(job(2), origin)).rejects.toThrow();
    const failed = await t.http.get(`/dashboard/reports/${id}`, { token: secondAdmin.token });
    expect(failed.body).toMatchObject({
      status: 'failed',
      error: 'The report could not be built. Please ask for it again.',
      download_url: null,
    });
    const notes = await t.http.get('/notifications?category=system', { token: secondAdmin.token });
    expect(notes.body.results.find((n: { data: Record<string, string> }) => n.data.report_id === id)).toMatchObject({
      title: 'রিপোর্ট তৈরি করা যায়নি',
      data: { status: 'failed' },
    });
    // A failed report stays failed.
    expect(await t.app.get(DashboardReportsService).build(null, id)).toBe('skipped');
  });

  it('refuses a fourth unfinished report of one requester', async () => {
    for (let i = 0; i < 3; i++) {
      await t.db.query(
        `INSERT INTO dashboard_reports (requested_by_id, period, format, range_from, range_to) VALUES ($1, 'daily', 'pdf', $2, $2)`,
        [u.otherStaff.id, day],
      );
    }
    const res = await request(u.otherStaff, { period: 'daily', format: 'pdf' });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ detail: 'You already have 3 reports being built; ask again when one is done.' });
  });

  it('is for staff and admins, over wards they may see', async () => {
    expect((await request(u.citizen, { period: 'daily', format: 'pdf' })).status).toBe(403);
    expect((await t.http.get(`/dashboard/reports/${randomUUID()}`, { token: u.citizen.token })).status).toBe(403);
    const other = await request(u.staff, { period: 'daily', format: 'pdf', ward: geo.wardIds[1] });
    expect(other.status).toBe(403);
    const own = await request(u.staff, { period: 'daily', format: 'pdf', ward: geo.wardIds[0] });
    expect(own.status).toBe(202);
    expect(own.body.wards).toEqual([geo.wardIds[0]]);
    const one = await request(u.admin, { period: 'daily', format: 'pdf', ward: geo.wardIds[1] });
    expect(one.status).toBe(202);
    expect(one.body.wards).toEqual([geo.wardIds[1]]);
    expect((await t.http.get('/dashboard/reports/not-a-uuid', { token: u.admin.token })).status).toBe(404);
    expect((await t.http.get(`/dashboard/reports/${randomUUID()}`, { token: u.admin.token })).status).toBe(404);
  });

  it.each([
    [{ period: 'hourly', format: 'pdf' }, ['period']],
    [{ period: 'daily', format: 'csv' }, ['format']],
    [{}, ['period', 'format']],
    [{ period: 'daily', format: 'pdf', date: '2026-02-30' }, ['date']],
    [{ period: 'daily', format: 'pdf', ward: 'x' }, ['ward']],
    [{ period: 'daily', format: 'pdf', colour: 'blue' }, ['colour']],
  ])('refuses %j', async (body, fields) => {
    const res = await request(u.admin, body);
    expect(res.status).toBe(400);
    expect(Object.keys(res.body).sort()).toEqual([...fields].sort());
  });

  it('refuses a date in the future and an unknown ward', async () => {
    const tomorrow = shift(dhakaDay(new Date()), 1);
    const future = await request(u.admin, { period: 'daily', format: 'pdf', date: tomorrow });
    expect(future.status).toBe(400);
    expect(future.body).toEqual({ date: ['The date cannot be in the future.'] });
    const ward = randomUUID();
    const unknown = await request(u.admin, { period: 'daily', format: 'pdf', ward });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({ ward: [`Invalid pk "${ward}" - object does not exist.`] });
  });
});
