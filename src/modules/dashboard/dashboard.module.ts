import { Module } from '@nestjs/common';
import { Processor } from '@nestjs/bull';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Job } from 'bull';
import type { RequestContext } from '../../common/http/request-context.js';
import { CalendarEvent } from '../calendar-events/calendar-event.entity.js';
import { GeographyModule } from '../geography/geography.module.js';
import { NoticesModule } from '../notices/notices.module.js';
import { JOBS, QUEUES, type JobPayloads } from '../queue/jobs.js';
import { ProcessJob } from '../queue/process-job.decorator.js';
import { DashboardCache } from './dashboard-cache.js';
import { DashboardReport } from './dashboard-report.entity.js';
import { DashboardReportsService } from './dashboard-reports.service.js';
import { DashboardStatsRepository } from './dashboard-stats.repository.js';
import { DashboardController } from './dashboard.controller.js';
import { DashboardService } from './dashboard.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([DashboardReport, CalendarEvent]), GeographyModule, NoticesModule],
  controllers: [DashboardController],
  providers: [DashboardService, DashboardReportsService, DashboardStatsRepository, DashboardCache],
  exports: [DashboardReportsService],
})
export class DashboardModule {}

@Processor(QUEUES.reports)
export class DashboardReportsProcessor {
  constructor(private readonly reports: DashboardReportsService) {}

  /** Builds a report; when the last attempt fails too, the report is marked failed and its requester told. */
  @ProcessJob(JOBS.buildDashboardReport, { concurrency: 1 })
  async buildDashboardReport(
    job: Job<JobPayloads['buildDashboardReport']>,
    origin: RequestContext,
  ): Promise<{ outcome: 'built' | 'skipped' }> {
    try {
      return { outcome: await this.reports.build(origin, job.data.reportId) };
    } catch (err) {
      // (@ProcessJob logs the failed attempt with its error.)
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await this.reports.fail(origin, job.data.reportId);
      throw err;
    }
  }
}

/** The reports queue's processor; loaded only where jobs run. */
@Module({ imports: [DashboardModule], providers: [DashboardReportsProcessor] })
export class DashboardWorkerModule {}
