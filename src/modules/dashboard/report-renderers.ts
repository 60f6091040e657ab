import { choiceLabel, type ChoiceSet } from '../../common/choices.js';
import { toIso } from '../../common/time/dhaka-time.js';
import { COMPLAINT_CATEGORIES, COMPLAINT_PRIORITIES, COMPLAINT_STATUSES } from '../complaints/complaint.choices.js';
import { printable } from '../donations/donation-receipt.js';
import { PAYMENT_METHODS } from '../payments/payment.choices.js';
import { REPORT_PERIODS, type ReportPeriod } from './dashboard.choices.js';
import type { DashboardStats, MoneyRow } from './dashboard-stats.repository.js';

/** What a report file says about itself besides the figures. */
export interface ReportMeta {
  id: string;
  period: ReportPeriod;
  requestedBy: string;
}

/** Text is left-aligned; numbers (counts, hours, money) right-aligned. */
type CellKind = 'text' | 'number';

interface Column {
  header: string;
  kind: CellKind;
  /** Left out of the PDF: Bengali text its built-in font cannot draw (the English label column says the same). */
  xlsxOnly?: boolean;
  /** Relative width in the PDF. */
  width?: number;
}

/** An amount of money, the canonical decimal string ("1500.00"). */
interface Money {
  money: string;
}

type Cell = string | number | Money | null;

const taka = (amount: string): Money => ({ money: amount });

/** One table of the report: an XLSX sheet, a PDF section. */
export interface ReportTable {
  title: string;
  columns: Column[];
  rows: Cell[][];
}

const en = (set: ChoiceSet, value: string): string => choiceLabel(set, value, 'en');
const wardLabel = (number: number | null, name: string | null): string => (number === null ? '(no ward)' : `${number}. ${name}`);

/**
 * The report's tables, in the order both formats show them. Bengali choice
 * values come with their English labels; the XLSX has both, the PDF the
 * English ones (see `printable`).
 */
export function reportTables(stats: DashboardStats, meta: ReportMeta): ReportTable[] {
  const c = stats.complaints;
  const wardsInScope = stats.wardIds === null ? 'All wards' : c.byWard.map((w) => wardLabel(w.number, w.name)).join(', ');
  const valueLabel = (set: ChoiceSet) => (r: { key: string; count: number }) => [r.key, en(set, r.key), r.count];
  const byValue = (title: string, header: string, set: ChoiceSet, rows: Array<{ key: string; count: number }>): ReportTable => ({
    title,
    columns: [
      { header, kind: 'text', xlsxOnly: true },
      { header: `${header} (English)`, kind: 'text', width: 3 },
      { header: 'Complaints', kind: 'number' },
    ],
    rows: rows.map(valueLabel(set)),
  });

  return [
    {
      title: 'Summary',
      columns: [
        { header: 'Figure', kind: 'text', width: 3 },
        { header: 'Value', kind: 'text', width: 2 },
      ],
      rows: [
        ['Report', `${en(REPORT_PERIODS, meta.period)} report ${meta.id}`],
        ['Period (Dhaka days)', `${stats.range.from} to ${stats.range.to}`],
        ['Wards', wardsInScope],
        ['Requested by', meta.requestedBy],
        ['Generated at', `${toIso(stats.generatedAt).slice(0, 19).replace('T', ' ')} (Dhaka)`],
        ['Complaints filed', c.total],
        ['Complaints resolved', c.resolution.resolved],
        ['Mean resolution hours', c.resolution.meanHours],
        ['Median resolution hours', c.resolution.medianHours],
        ['Reviews', c.satisfaction.count],
        ['Mean rating (1-5)', c.satisfaction.meanRating],
        ['Overdue complaints (at generation)', c.overdue.total],
        ['Complaints in the last 60 minutes (at generation)', c.lastHour],
        ['Payments completed', stats.payments.count],
        ['Payments total (BDT)', taka(stats.payments.total)],
        ['Donations completed', stats.donations.count],
        ['Donations total (BDT)', taka(stats.donations.total)],
        ['Open emergencies (at generation)', stats.emergencies.open],
        ['Escalated open emergencies (at generation)', stats.emergencies.escalated],
        ['Active users', stats.users.total],
      ].map(([label, value]) => [label, value === null ? '-' : value] as Cell[]),
    },
    byValue('Complaints by status', 'Status', COMPLAINT_STATUSES, c.byStatus),
    byValue('Complaints by category', 'Category', COMPLAINT_CATEGORIES, c.byCategory),
    byValue('Complaints by priority', 'Priority', COMPLAINT_PRIORITIES, c.byPriority),
    {
      title: 'Overdue complaints by priority (at generation)',
      columns: [
        { header: 'Priority', kind: 'text', xlsxOnly: true },
        { header: 'Priority (English)', kind: 'text', width: 2 },
        { header: 'SLA hours', kind: 'number' },
        { header: 'Overdue', kind: 'number' },
      ],
      rows: c.overdue.byPriority.map((r) => [r.priority, en(COMPLAINT_PRIORITIES, r.priority), r.slaHours, r.count]),
    },
    {
      title: 'Complaints by ward',
      columns: [
        { header: 'Ward', kind: 'text', width: 3 },
        { header: 'Ward (Bengali)', kind: 'text', xlsxOnly: true },
        { header: 'Complaints', kind: 'number' },
      ],
      rows: c.byWard.map((w) => [wardLabel(w.number, w.name), w.nameBn, w.count]),
    },
    moneyTable(
      'Payments by method',
      'Method',
      'Payments',
      stats.payments.byMethod.map((r) => [en(PAYMENT_METHODS, r.method), r]),
    ),
    moneyTable(
      'Payments by day (Dhaka)',
      'Date',
      'Payments',
      stats.payments.byDay.map((r) => [r.date, r]),
    ),
    moneyTable(
      'Donations by campaign',
      'Campaign',
      'Donations',
      stats.donations.byCampaign.map((r) => [r.title, r]),
    ),
    {
      title: 'Active users by role',
      columns: [
        { header: 'Role', kind: 'text', width: 2 },
        { header: 'Users', kind: 'number' },
      ],
      rows: stats.users.byRole.map((r) => [r.key, r.count]),
    },
  ];
}

/** A table of labelled counts and money totals. */
function moneyTable(title: string, label: string, counted: string, rows: Array<[string, MoneyRow]>): ReportTable {
  return {
    title,
    columns: [
      { header: label, kind: 'text', width: 3 },
      { header: counted, kind: 'number' },
      { header: 'Total (BDT)', kind: 'number' },
    ],
    rows: rows.map(([name, r]) => [name, r.count, taka(r.total)]),
  };
}

// --- XLSX --------------------------------------------------------------------------
const MONEY_FORMAT = '#,##0.00';
const isMoney = (cell: Cell): cell is Money => typeof cell === 'object' && cell !== null;

/** Excel 31-character sheet names without []:*?/\ */
const sheetName = (title: string): string => title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);

/** One sheet per table; counts and money are numbers (money formatted to two places), so the sheet can sum them. */
export async function renderReportXlsx(stats: DashboardStats, meta: ReportMeta): Promise<Buffer> {
  // Loaded when a report is built (in the worker), not at start.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Clean Care';
  workbook.created = stats.generatedAt;
  for (const table of reportTables(stats, meta)) {
    const sheet = workbook.addWorksheet(sheetName(table.title));
    sheet.columns = table.columns.map((col) => ({
      header: col.header,
      width: col.kind === 'text' ? 28 * (col.width ?? 1) : 16,
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    for (const cells of table.rows) {
      const row = sheet.addRow(cells.map((cell) => (isMoney(cell) ? Number(cell.money) : cell)));
      cells.forEach((cell, i) => {
        if (isMoney(cell)) row.getCell(i + 1).numFmt = MONEY_FORMAT;
      });
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// --- PDF ---------------------------------------------------------------------------
const ROW_HEIGHT = 15;
const FONT_SIZE = 9;

/**
 * An A4 PDF: a title, then each table under its heading, continuing on new
 * pages (with the header row repeated) as needed; "Page n of N" in the
 * footer. The built-in Helvetica cannot draw Bengali, so Bengali-only
 * columns are left out and free text keeps its Latin part (`printable`).
 */
export async function renderReportPdf(stats: DashboardStats, meta: ReportMeta): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 40,
      bufferPages: true,
      info: { Title: `Clean Care ${meta.period} report ${stats.range.from} to ${stats.range.to}`, Author: 'Clean Care' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);

    const left = doc.page.margins.left;
    const usable = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    const bottom = () => doc.page.height - doc.page.margins.bottom - 20;

    doc
      .font('Helvetica-Bold')
      .fontSize(18)
      .text(`Clean Care - ${en(REPORT_PERIODS, meta.period)} report`, left, 40);
    doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor('#444')
      .text(`${stats.range.from} to ${stats.range.to} (Asia/Dhaka)`)
      .fillColor('black')
      .moveDown(1);
    let y = doc.y;

    for (const table of reportTables(stats, meta)) {
      const columns = table.columns.map((col, i) => ({ ...col, index: i })).filter((col) => !col.xlsxOnly);
      const units = columns.reduce((sum, col) => sum + (col.width ?? 1), 0);
      let x = left;
      const placed = columns.map((col) => {
        const width = (usable * (col.width ?? 1)) / units;
        const at = { ...col, x, width };
        x += width;
        return at;
      });
      const drawRow = (cells: string[], bold: boolean) => {
        doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(FONT_SIZE);
        placed.forEach((col, i) => {
          doc.text(cells[i], col.x + 2, y + 3, {
            width: col.width - 4,
            height: ROW_HEIGHT,
            lineBreak: false,
            ellipsis: true,
            align: col.kind === 'text' ? 'left' : 'right',
          });
        });
        y += ROW_HEIGHT;
      };
      const header = () => {
        doc.rect(left, y, usable, ROW_HEIGHT).fill('#e8eef4').fillColor('black');
        drawRow(
          placed.map((col) => col.header),
          true,
        );
      };

      if (y + 3 * ROW_HEIGHT + 20 > bottom()) y = newPage(doc);
      doc.font('Helvetica-Bold').fontSize(12).text(table.title, left, y);
      y = doc.y + 4;
      header();
      if (!table.rows.length) drawRow(['(none)', ...placed.slice(1).map(() => '')], false);
      for (const row of table.rows) {
        if (y + ROW_HEIGHT > bottom()) {
          y = newPage(doc);
          header();
        }
        drawRow(
          placed.map((col) => pdfCell(row[col.index])),
          false,
        );
      }
      y += 14;
    }

    const pages = doc.bufferedPageRange();
    for (let i = 0; i < pages.count; i++) {
      doc.switchToPage(pages.start + i);
      const margin = doc.page.margins.bottom;
      doc.page.margins.bottom = 0; // writing inside the bottom margin must not open a page
      doc
        .font('Helvetica')
        .fontSize(8)
        .fillColor('#666')
        .text(`Page ${i + 1} of ${pages.count}`, left, doc.page.height - margin + 10, { width: usable, align: 'center' });
      doc.page.margins.bottom = margin;
    }
    doc.end();
  });
}

function newPage(doc: PDFKit.PDFDocument): number {
  doc.addPage();
  return doc.page.margins.top;
}

/** Counts with thousands separators, hours and ratings to two places at most, money as "1,500.00". */
function pdfCell(cell: Cell): string {
  if (cell === null) return '-';
  if (typeof cell === 'number') return cell.toLocaleString('en-US', { maximumFractionDigits: 2 });
  if (isMoney(cell)) {
    const [whole, fraction] = cell.money.split('.');
    return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
  }
  return printable(cell);
}
