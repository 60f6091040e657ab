import {
  Body,
  Controller,
  createParamDecorator,
  Get,
  Header,
  HttpCode,
  Post,
  Query,
  Req,
  type ExecutionContext,
} from '@nestjs/common';
import type { StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Authenticated, CurrentUser, Roles } from '../../common/auth/decorators.js';
import { IdParam } from '../../common/http/id-param.js';
import { ApiPage } from '../../common/pagination/api-page.decorator.js';
import type { Page } from '../../common/pagination/pagination.js';
import { REPORT_CONTENT_TYPES } from './dashboard.choices.js';
import { DashboardReportsService, type DownloadUrl } from './dashboard-reports.service.js';
import { DashboardService } from './dashboard.service.js';
import { CreateDashboardReportDto } from './dto/dashboard.dto.js';
import { AdminDashboardQuery, DashboardReportQuery } from './dto/dashboard.query.js';
import { AdminDashboardResponse, CitizenDashboardResponse, DashboardReportResponse } from './dto/dashboard.response.js';

/** Absolute download links from the request's scheme, host and route prefix (as the complaint attachments build theirs). */
const ReportDownloadUrl = createParamDecorator((_: unknown, ctx: ExecutionContext): DownloadUrl => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  const route = request.routeOptions.url ?? '/dashboard';
  const base = `${request.protocol}://${request.host}${route.slice(0, route.indexOf('/dashboard'))}/dashboard/reports`;
  return (id) => `${base}/${id}/download`;
});

const INVALID = { description: 'Validation errors, keyed by field: {"field": ["message"]}.' };
const OTHER_WARD = { description: 'Staff asking for a ward they do not work in; citizens.' };
const NOT_FOUND = { description: "No such report, or another user's." };

/**
 * Dashboards and reports. Decisions where the contract is silent are in
 * DashboardService and DashboardStatsRepository (what each figure counts, the
 * ward scope) and in report-periods.ts (which days a report covers).
 */
@ApiTags('dashboard')
@Authenticated()
@Controller('dashboard')
export class DashboardController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly reports: DashboardReportsService,
  ) {}

  /** The caller's own figures: complaints by status, payment and donation totals, unread counts, upcoming events. */
  @Get()
  @ApiOkResponse({ type: CitizenDashboardResponse })
  getCitizenDashboard(@CurrentUser() user: AuthUser): Promise<CitizenDashboardResponse> {
    return this.dashboard.citizen(user);
  }

  /**
   * Staff and admins: complaints, resolution, satisfaction, overdue, payments,
   * donations, emergencies and users over a range of Dhaka days (default the
   * last 30), for the caller's wards (staff) or every ward (admins), or one
   * `?ward=`. Figures may be up to DASHBOARD_CACHE_TTL_SECONDS old (`generated_at`).
   */
  @Roles('staff', 'admin')
  @Get('admin')
  @ApiOkResponse({ type: AdminDashboardResponse })
  @ApiBadRequestResponse(INVALID)
  @ApiForbiddenResponse(OTHER_WARD)
  getAdminDashboard(@CurrentUser() user: AuthUser, @Query() query: AdminDashboardQuery): Promise<AdminDashboardResponse> {
    return this.dashboard.admin(user, query);
  }

  /** Asks for a report (PDF or XLSX) of a Dhaka calendar period; it is built in the background. Poll it, or wait for the notification. */
  @Roles('staff', 'admin')
  @Post('reports')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: DashboardReportResponse })
  @ApiBadRequestResponse(INVALID)
  @ApiForbiddenResponse(OTHER_WARD)
  @ApiConflictResponse({ description: 'Too many of the caller’s reports are still being built.' })
  requestDashboardReport(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateDashboardReportDto,
    @ReportDownloadUrl() downloadUrl: DownloadUrl,
  ): Promise<DashboardReportResponse> {
    return this.reports.request(user, dto, downloadUrl);
  }

  /** The caller's reports, newest first. */
  @Roles('staff', 'admin')
  @Get('reports')
  @ApiPage(DashboardReportResponse)
  listDashboardReports(
    @Req() req: FastifyRequest,
    @CurrentUser() user: AuthUser,
    @Query() query: DashboardReportQuery,
    @ReportDownloadUrl() downloadUrl: DownloadUrl,
  ): Promise<Page<DashboardReportResponse>> {
    return this.reports.list(req, user, query, downloadUrl);
  }

  /** A report's state; `download_url` once it is done. The requester's only. */
  @Roles('staff', 'admin')
  @Get('reports/:id')
  @ApiOkResponse({ type: DashboardReportResponse })
  @ApiNotFoundResponse(NOT_FOUND)
  getDashboardReport(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @ReportDownloadUrl() downloadUrl: DownloadUrl,
  ): Promise<DashboardReportResponse> {
    return this.reports.get(user, id, downloadUrl);
  }

  /** The report file (PDF or XLSX), for its requester only; 409 until it is done. */
  @Roles('staff', 'admin')
  @Get('reports/:id/download')
  @Header('Cache-Control', 'private, no-store')
  @ApiProduces(...Object.values(REPORT_CONTENT_TYPES))
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ description: 'The report is not done yet.' })
  downloadDashboardReport(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<StreamableFile> {
    return this.reports.download(user, id);
  }
}
