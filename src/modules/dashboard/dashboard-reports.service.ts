import { ConflictException, Injectable, type StreamableFile } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { In, Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { DomainEvents } from '../../common/events/domain-event.js';
import { NotFoundError } from '../../common/http/api-errors.js';
import { pageWindow, toPage, type Page } from '../../common/pagination/pagination.js';
import { dhakaDate } from '../../common/time/dhaka-time.js';
import { TransactionRunner, type ChangeOrigin } from '../../database/unit-of-work.js';
import { OutboxService } from '../queue/outbox.service.js';
import { StorageService } from '../storage/storage.service.js';
import { REPORT_CONTENT_TYPES, type ReportStatus } from './dashboard.choices.js';
import { DashboardReportFinished } from './dashboard.events.js';
import { mapDashboardReport } from './dashboard.mapper.js';
import { DashboardReport } from './dashboard-report.entity.js';
import { DashboardStatsRepository } from './dashboard-stats.repository.js';
import { DashboardService } from './dashboard.service.js';
import type { CreateDashboardReportDto } from './dto/dashboard.dto.js';
import type { DashboardReportQuery } from './dto/dashboard.query.js';
import type { DashboardReportResponse } from './dto/dashboard.response.js';
import { renderReportPdf, renderReportXlsx } from './report-renderers.js';
import { reportRange } from './report-periods.js';

/** Reports one requester may have queued or running at once. */
export const MAX_UNFINISHED_REPORTS = 3;
/** Attempts of the build job before the report is marked failed. */
export const REPORT_BUILD_ATTEMPTS = 3;
/** The Bull job id of a report's build: one per report, however often it is enqueued. */
export const reportJobId = (reportId: string): string => `dashboard-report-${reportId}`;
/** What the requester reads when every attempt failed (the cause goes to the log). */
export const REPORT_FAILED_MESSAGE = 'The report could not be built. Please ask for it again.';

const UNFINISHED: ReportStatus[] = ['queued', 'running'];

/** Builds a report's absolute download link. */
export type DownloadUrl = (reportId: string) => string;

/**
 * Reports: requested by staff and admins over their ward scope, built by the
 * `buildDashboardReport` job into a private file, readable and downloadable
 * by the requester only (anyone else: 404).
 */
@Injectable()
export class DashboardReportsService {
  constructor(
    @InjectRepository(DashboardReport) private readonly reports: Repository<DashboardReport>,
    private readonly tx: TransactionRunner,
    private readonly outbox: OutboxService,
    private readonly events: DomainEvents,
    private readonly dashboard: DashboardService,
    private readonly stats: DashboardStatsRepository,
    private readonly storage: StorageService,
  ) {}

  /** Records the request and queues its build (after commit); 409 past MAX_UNFINISHED_REPORTS. */
  async request(user: AuthUser, dto: CreateDashboardReportDto, downloadUrl: DownloadUrl): Promise<DashboardReportResponse> {
    const scope = await this.dashboard.resolveScope(user, dto.ward);
    const range = reportRange(dto.period, dhakaDate(), dto.date);
    const report = await this.tx.run(user.origin, async (uow) => {
      // One request of a user at a time, so two at once cannot both pass the limit.
      await uow.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`dashboard-report:${user.id}`]);
      const unfinished = await uow.manager.countBy(DashboardReport, { requestedById: user.id, status: In(UNFINISHED) });
      if (unfinished >= MAX_UNFINISHED_REPORTS) {
        throw new ConflictException({
          detail: `You already have ${unfinished} reports being built; ask again when one is done.`,
        });
      }
      const entity = uow.manager.create(DashboardReport, {
        requestedById: user.id,
        period: dto.period,
        format: dto.format,
        rangeFrom: range.from,
        rangeTo: range.to,
        wardIds: scope.wardIds,
        status: 'queued',
      });
      await uow.manager.insert(DashboardReport, entity);
      await this.outbox.enqueue(
        uow,
        'buildDashboardReport',
        { reportId: entity.id },
        { jobId: reportJobId(entity.id), attempts: REPORT_BUILD_ATTEMPTS },
      );
      return uow.manager.findOneByOrFail(DashboardReport, { id: entity.id });
    });
    return mapDashboardReport(report, downloadUrl);
  }

  async list(
    request: FastifyRequest,
    user: AuthUser,
    query: DashboardReportQuery,
    downloadUrl: DownloadUrl,
  ): Promise<Page<DashboardReportResponse>> {
    const window = pageWindow(query);
    const [rows, count] = await this.reports.findAndCount({
      where: { requestedById: user.id },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: window.offset,
      take: window.pageSize,
    });
    return toPage(
      request,
      window,
      count,
      rows.map((r) => mapDashboardReport(r, downloadUrl)),
    );
  }

  async get(user: AuthUser, id: string, downloadUrl: DownloadUrl): Promise<DashboardReportResponse> {
    return mapDashboardReport(await this.own(user, id), downloadUrl);
  }

  /** Streams the built file to its requester; 409 until it is done. */
  async download(user: AuthUser, id: string): Promise<StreamableFile> {
    const report = await this.own(user, id);
    if (report.status !== 'done' || !report.fileKey) {
      throw new ConflictException({ detail: 'The report is not ready yet.' });
    }
    return this.storage.serve(report.fileKey, {
      contentType: REPORT_CONTENT_TYPES[report.format],
      downloadName: `clean-care-${report.period}-report-${report.rangeFrom}-to-${report.rangeTo}.${report.format}`,
    });
  }

  // --- the job ------------------------------------------------------------------------
  /**
   * Builds the report (the job). A done or failed report is left alone; a
   * rerun of an unfinished one (a crash, a retry) builds it again into the
   * same key, so it never leaves a stray file or a second notification.
   */
  async build(origin: ChangeOrigin, reportId: string): Promise<'built' | 'skipped'> {
    const report = await this.reports.findOneBy({ id: reportId, status: In(UNFINISHED) });
    if (!report) return 'skipped';
    await this.reports.update({ id: reportId, status: In(UNFINISHED) }, { status: 'running', startedAt: new Date() });
    const [requester] = await this.reports.query<Array<{ name: string }>>('SELECT name FROM users WHERE id = $1', [
      report.requestedById,
    ]);
    const stats = await this.stats.compute({ wardIds: report.wardIds }, { from: report.rangeFrom, to: report.rangeTo });
    const meta = { id: report.id, period: report.period, requestedBy: requester?.name ?? '-' };
    const file = report.format === 'pdf' ? await renderReportPdf(stats, meta) : await renderReportXlsx(stats, meta);
    const key = `private/reports/${report.id}.${report.format}`;
    await this.storage.put(key, file, REPORT_CONTENT_TYPES[report.format]);
    return (await this.finish(origin, report, { status: 'done', fileKey: key, fileSize: file.length })) ? 'built' : 'skipped';
  }

  /** Marks an unfinished report failed (the job's last attempt failed). */
  async fail(origin: ChangeOrigin, reportId: string): Promise<void> {
    const report = await this.reports.findOneBy({ id: reportId });
    if (report) await this.finish(origin, report, { status: 'failed', error: REPORT_FAILED_MESSAGE });
  }

  /** Moves an unfinished report to done or failed and tells its requester; false when it was finished already. */
  private finish(
    origin: ChangeOrigin,
    report: DashboardReport,
    patch: { status: 'done'; fileKey: string; fileSize: number } | { status: 'failed'; error: string },
  ): Promise<boolean> {
    return this.tx.run(origin, async (uow) => {
      const result = await uow.manager
        .createQueryBuilder()
        .update(DashboardReport)
        .set({ ...patch, completedAt: () => 'now()' })
        .where('id = :id AND status IN (:...unfinished)', { id: report.id, unfinished: UNFINISHED })
        .execute();
      if (!result.affected) return false;
      await this.events.publish(
        uow,
        new DashboardReportFinished(
          report.id,
          report.requestedById,
          patch.status,
          report.period,
          report.format,
          report.rangeFrom,
          report.rangeTo,
        ),
      );
      return true;
    });
  }

  private async own(user: AuthUser, id: string): Promise<DashboardReport> {
    const report = await this.reports.findOneBy({ id, requestedById: user.id });
    if (!report) throw new NotFoundError();
    return report;
  }
}
