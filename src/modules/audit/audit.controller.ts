import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Roles } from '../../common/auth/decorators.js';
import { ApiPage } from '../../common/pagination/api-page.decorator.js';
import type { Page } from '../../common/pagination/pagination.js';
import { AuditService } from './audit.service.js';
import { AuditLogQuery } from './dto/audit.query.js';
import { AuditLogResponse } from './dto/audit.response.js';

@ApiTags('audit-logs')
@Roles('admin')
@Controller('audit-logs')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /**
   * Admin: who changed what — role, ward and active-state changes of users,
   * complaint status changes and assignments, refunds, status changes of
   * emergency and pickup requests, and every edit of city content — with the
   * actor, IP, user agent, request id and the fields before and after.
   * Newest first; filter by actor, action, entity type and id, and time.
   */
  @Get()
  @ApiPage(AuditLogResponse)
  listAuditLogs(@Req() req: FastifyRequest, @Query() query: AuditLogQuery): Promise<Page<AuditLogResponse>> {
    return this.audit.list(req, query);
  }
}
