import {
  Body,
  Controller,
  createParamDecorator,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  UploadedFiles,
  type ExecutionContext,
} from '@nestjs/common';
import type { StreamableFile } from '@nestjs/common';
import type { UploadedMultipartFile } from '@nestjs/platform-fastify';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Authenticated, CurrentUser, Roles } from '../../common/auth/decorators.js';
import { MB, MultiFileUpload, requireFiles } from '../../common/files/upload.decorators.js';
import { IdParam } from '../../common/http/id-param.js';
import { ApiPage } from '../../common/pagination/api-page.decorator.js';
import type { Page } from '../../common/pagination/pagination.js';
import { MAX_ATTACHMENTS } from './complaint.rules.js';
import type { AttachmentUrl } from './complaints.mapper.js';
import { ComplaintsService } from './complaints.service.js';
import {
  AssignComplaintDto,
  ComplaintQuery,
  CreateComplaintDto,
  CreateComplaintReviewDto,
  UpdateComplaintDto,
  UpdateComplaintStatusDto,
} from './dto/complaints.dto.js';
import { ComplaintHistoryResponse, ComplaintResponse, ComplaintReviewResponse } from './dto/complaints.response.js';

/**
 * Builds absolute attachment download URLs from the request (scheme, host and
 * the route's prefix), as DRF's FileField does with `request.build_absolute_uri`.
 */
const AttachmentUrls = createParamDecorator((_: unknown, ctx: ExecutionContext): AttachmentUrl => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  const route = request.routeOptions.url ?? '/complaints';
  const base = `${request.protocol}://${request.host}${route.slice(0, route.indexOf('/complaints'))}/complaints`;
  return (complaintId, attachmentId) => `${base}/${complaintId}/attachments/${attachmentId}`;
});

const INVALID = { description: 'Validation errors, keyed by field: {"field": ["message"]}.' };
const NOT_FOUND = { description: "No such complaint, or another citizen's, or outside the staff member's wards." };

/**
 * The seed's ComplaintViewSet. Decisions where the seed and contract are silent:
 * - `update_status` answers with the updated complaint (its `status` is the new
 *   Bengali value) instead of the seed's `{"status": "Status updated successfully"}`:
 *   both cannot live in one `status` field, and the complaint is what the app shows next.
 * - The owner may PATCH or DELETE only while the complaint is submitted; later it is
 *   a 403 with a detail. Staff and admins may PATCH category, priority and ward
 *   (re-triage); admins may DELETE any complaint.
 * - Assigning a submitted complaint moves it to প্রক্রিয়াধীন (history row, owner told).
 * - A review before resolution, or a second one, is a 400 under `non_field_errors`.
 */
@ApiTags('complaints')
@Authenticated()
@Controller('complaints')
export class ComplaintsController {
  constructor(private readonly complaints: ComplaintsService) {}

  /** Complaints the caller may see (citizens: their own; staff: their wards'; admins: all), newest first. */
  @Get()
  @ApiPage(ComplaintResponse)
  @ApiBadRequestResponse(INVALID)
  listComplaints(
    @Req() req: FastifyRequest,
    @CurrentUser() user: AuthUser,
    @Query() query: ComplaintQuery,
    @AttachmentUrls() urls: AttachmentUrl,
  ): Promise<Page<ComplaintResponse>> {
    return this.complaints.list(req, user, query, urls);
  }

  /** Files a complaint; status starts as জমা দেওয়া হয়েছে and a tracking number is given. */
  @Post()
  @ApiCreatedResponse({ type: ComplaintResponse })
  @ApiBadRequestResponse(INVALID)
  createComplaint(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateComplaintDto,
    @AttachmentUrls() urls: AttachmentUrl,
  ): Promise<ComplaintResponse> {
    return this.complaints.create(user, dto, urls);
  }

  /** A complaint by tracking number (e.g. CC202611250007), for whoever may see it. */
  @Get('track/:tracking_number')
  @ApiNotFoundResponse(NOT_FOUND)
  trackComplaint(
    @CurrentUser() user: AuthUser,
    @Param('tracking_number') trackingNumber: string,
    @AttachmentUrls() urls: AttachmentUrl,
  ): Promise<ComplaintResponse> {
    return this.complaints.track(user, trackingNumber, urls);
  }

  @Get(':id')
  @ApiNotFoundResponse(NOT_FOUND)
  getComplaint(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @AttachmentUrls() urls: AttachmentUrl,
  ): Promise<ComplaintResponse> {
    return this.complaints.get(user, id, urls);
  }

  /** The owner edits while it is submitted; staff and admins may change category, priority and ward. */
  @Patch(':id')
  @ApiBadRequestResponse(INVALID)
  @ApiForbiddenResponse({ description: 'The complaint is no longer submitted, or the caller may not edit it.' })
  @ApiNotFoundResponse(NOT_FOUND)
  updateComplaint(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: UpdateComplaintDto,
    @AttachmentUrls() urls: AttachmentUrl,
  ): Promise<ComplaintResponse> {
    return this.complaints.update(user, id, dto, urls);
  }

  /** The owner deletes while it is submitted; admins at any time. */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: 'The complaint is no longer submitted, or the caller is staff.' })
  @ApiNotFoundResponse(NOT_FOUND)
  deleteComplaint(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<void> {
    return this.complaints.remove(user, id);
  }

  /**
   * Adds files (field `file`, repeatable): jpeg/png/webp, mp4, m4a/aac or pdf, each
   * at most 5 MB, the type decided by the content; at most 5 per complaint in all.
   * The owner adds them while the complaint is open.
   */
  @Post(':id/attachments')
  @MultiFileUpload(MAX_ATTACHMENTS, { maxFileBytes: 5 * MB })
  @ApiCreatedResponse({ type: ComplaintResponse })
  @ApiBadRequestResponse({ description: 'No file, or more than 5 in all: {"file": ["..."]}.' })
  @ApiForbiddenResponse({ description: "Not the complaint's author, or the complaint is closed." })
  @ApiNotFoundResponse(NOT_FOUND)
  uploadComplaintAttachments(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @UploadedFiles() files: UploadedMultipartFile[] | undefined,
    @AttachmentUrls() urls: AttachmentUrl,
  ): Promise<ComplaintResponse> {
    return this.complaints.addAttachments(user, id, requireFiles(files), urls);
  }

  /** Downloads an attachment with its stored content type (same access as the complaint). */
  @Get(':id/attachments/:attachment_id')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'private, max-age=3600')
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'video/mp4', 'audio/mp4', 'audio/aac', 'application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse(NOT_FOUND)
  downloadComplaintAttachment(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @IdParam('attachment_id') attachmentId: string,
  ): Promise<StreamableFile> {
    return this.complaints.downloadAttachment(user, id, attachmentId);
  }

  /** The owner removes an attachment while the complaint is submitted. */
  @Delete(':id/attachments/:attachment_id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: "Not the complaint's author, or the complaint is no longer submitted." })
  @ApiNotFoundResponse(NOT_FOUND)
  deleteComplaintAttachment(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @IdParam('attachment_id') attachmentId: string,
  ): Promise<void> {
    return this.complaints.removeAttachment(user, id, attachmentId);
  }

  /**
   * Staff and admins change the status `{status, note?}`; an unknown status is
   * 400 `{"error": "Invalid status"}` as in the seed. Returns the updated complaint.
   */
  @Roles('staff', 'admin')
  @Patch(':id/update_status')
  @ApiBadRequestResponse({
    description: 'Unknown status (the seed\'s body), or a move back to "submitted" (keyed `status`).',
    schema: { type: 'object', properties: { error: { type: 'string', example: 'Invalid status' } } },
  })
  @ApiNotFoundResponse(NOT_FOUND)
  updateComplaintStatus(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: UpdateComplaintStatusDto,
    @AttachmentUrls() urls: AttachmentUrl,
  ): Promise<ComplaintResponse> {
    return this.complaints.updateStatus(user, id, dto, urls);
  }

  /** Staff and admins assign the complaint to an active staff member or admin who covers its ward (null unassigns). */
  @Roles('staff', 'admin')
  @Patch(':id/assign')
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse(NOT_FOUND)
  assignComplaint(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: AssignComplaintDto,
    @AttachmentUrls() urls: AttachmentUrl,
  ): Promise<ComplaintResponse> {
    return this.complaints.assign(user, id, dto, urls);
  }

  /** Every status the complaint went through, oldest first (the filing included). */
  @Get(':id/history')
  @ApiOkResponse({ type: [ComplaintHistoryResponse] })
  @ApiNotFoundResponse(NOT_FOUND)
  listComplaintHistory(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<ComplaintHistoryResponse[]> {
    return this.complaints.history(user, id);
  }

  /** The owner rates a resolved complaint once: `{rating 1-5, comment?}`. */
  @Post(':id/review')
  @ApiCreatedResponse({ type: ComplaintReviewResponse })
  @ApiBadRequestResponse({ description: 'Invalid rating, not resolved yet, or already reviewed (non_field_errors).' })
  @ApiForbiddenResponse({ description: "Only the complaint's author reviews it." })
  @ApiNotFoundResponse(NOT_FOUND)
  reviewComplaint(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: CreateComplaintReviewDto,
  ): Promise<ComplaintReviewResponse> {
    return this.complaints.review(user, id, dto);
  }
}
