import type { ChoiceSet } from '../../common/choices.js';

/** What a report covers (Dhaka calendar; see report-periods.ts). */
export const REPORT_PERIODS = [
  { value: 'daily', label_bn: 'দৈনিক', label_en: 'Daily' },
  { value: 'weekly', label_bn: 'সাপ্তাহিক', label_en: 'Weekly' },
  { value: 'monthly', label_bn: 'মাসিক', label_en: 'Monthly' },
  { value: 'quarterly', label_bn: 'ত্রৈমাসিক', label_en: 'Quarterly' },
  { value: 'yearly', label_bn: 'বার্ষিক', label_en: 'Yearly' },
] as const satisfies ChoiceSet;

export const REPORT_FORMATS = [
  { value: 'pdf', label_bn: 'পিডিএফ', label_en: 'PDF' },
  { value: 'xlsx', label_bn: 'এক্সেল (XLSX)', label_en: 'Excel (XLSX)' },
] as const satisfies ChoiceSet;

/** queued → running → done, or failed once every attempt has failed. */
export const REPORT_STATUSES = [
  { value: 'queued', label_bn: 'অপেক্ষমান', label_en: 'Queued' },
  { value: 'running', label_bn: 'তৈরি হচ্ছে', label_en: 'Being built' },
  { value: 'done', label_bn: 'প্রস্তুত', label_en: 'Ready' },
  { value: 'failed', label_bn: 'ব্যর্থ', label_en: 'Failed' },
] as const satisfies ChoiceSet;

export type ReportPeriod = (typeof REPORT_PERIODS)[number]['value'];
export type ReportFormat = (typeof REPORT_FORMATS)[number]['value'];
export type ReportStatus = (typeof REPORT_STATUSES)[number]['value'];

export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
