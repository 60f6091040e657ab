import ExcelJS from 'exceljs';
import type { DashboardStats } from './dashboard-stats.repository.js';
import { renderReportPdf, renderReportXlsx, reportTables } from './report-renderers.js';
import { eachDay } from './report-periods.js';

function stats(days: { from: string; to: string }): DashboardStats {
  return {
    range: days,
    wardIds: ['w1'],
    generatedAt: new Date('2026-11-25T06:00:00Z'),
    complaints: {
      total: 7,
      byStatus: [
        { key: 'জমা দেওয়া হয়েছে', count: 3 },
        { key: 'প্রক্রিয়াধীন', count: 2 },
        { key: 'সমাধান হয়েছে', count: 2 },
        { key: 'বাতিল', count: 0 },
      ],
      byCategory: [{ key: 'পরিচ্ছন্নতা', count: 7 }],
      byPriority: [{ key: 'উচ্চ', count: 7 }],
      byWard: [{ ward: 'w1', number: 1, name: 'Ward 1', nameBn: 'ওয়ার্ড ১', count: 7 }],
      lastHour: 1,
      resolution: { resolved: 2, meanHours: 12.5, medianHours: 12.5 },
      satisfaction: { count: 1, meanRating: 4 },
      overdue: { total: 1, byPriority: [{ priority: 'উচ্চ', slaHours: 24, count: 1 }] },
    },
    payments: {
      count: 2,
      total: '1500.50',
      byMethod: [{ method: 'bkash', count: 2, total: '1500.50' }],
      byDay: eachDay(days).map((date, i) => ({ date, count: i === 0 ? 2 : 0, total: i === 0 ? '1500.50' : '0.00' })),
    },
    donations: {
      count: 1,
      total: '500.00',
      byCampaign: [{ campaign: 'c1', title: 'খাল পরিষ্কার Canal cleanup', count: 1, total: '500.00' }],
    },
    emergencies: { open: 2, escalated: 1 },
    users: {
      total: 3,
      byRole: [
        { key: 'citizen', count: 2 },
        { key: 'staff', count: 1 },
        { key: 'admin', count: 0 },
      ],
    },
  };
}

const meta = { id: 'r1', period: 'daily' as const, requestedBy: 'Staff' };
const pageCount = (pdf: Buffer): number => (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;

describe('report renderers', () => {
  it('writes an XLSX whose sheets read back with the figures, money as numbers', async () => {
    const xlsx = await renderReportXlsx(stats({ from: '2026-11-24', to: '2026-11-24' }), meta);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(
      reportTables(stats({ from: '2026-11-24', to: '2026-11-24' }), meta).map((t) => t.title.slice(0, 31)),
    );
    const summary = workbook.getWorksheet('Summary')!;
    const figures = new Map<string, unknown>();
    summary.eachRow((row, n) => n > 1 && figures.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(figures.get('Complaints filed')).toBe(7);
    expect(figures.get('Mean rating (1-5)')).toBe(4);
    const byStatus = workbook.getWorksheet('Complaints by status')!;
    expect(byStatus.getRow(2).values).toEqual([undefined, 'জমা দেওয়া হয়েছে', 'Submitted', 3]);
    const byMethod = workbook.getWorksheet('Payments by method')!;
    expect(byMethod.getRow(2).getCell(3).value).toBe(1500.5);
    expect(byMethod.getRow(2).getCell(3).numFmt).toBe('#,##0.00');
  });

  it('writes a PDF that grows by pages with the number of days', async () => {
    const daily = await renderReportPdf(stats({ from: '2026-11-24', to: '2026-11-24' }), meta);
    const yearly = await renderReportPdf(stats({ from: '2025-01-01', to: '2025-12-31' }), { ...meta, period: 'yearly' });
    for (const pdf of [daily, yearly]) {
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.subarray(-6).toString()).toContain('%%EOF');
    }
    expect(pageCount(daily)).toBeGreaterThanOrEqual(1);
    // 365 day rows at ~50 a page.
    expect(pageCount(yearly)).toBeGreaterThan(pageCount(daily) + 5);
  });
});
