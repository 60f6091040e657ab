import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Patch,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
  UploadedFile,
} from '@nestjs/common';
import type { UploadedMultipartFile } from '@nestjs/platform-fastify';
import {
  ApiBadGatewayResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Authenticated, CurrentUser, Public, Roles } from '../../common/auth/decorators.js';
import { MB, requireFile, SingleFileUpload } from '../../common/files/upload.decorators.js';
import { IdParam } from '../../common/http/id-param.js';
import { ApiPage } from '../../common/pagination/api-page.decorator.js';
import type { Page } from '../../common/pagination/pagination.js';
import { idempotencyKey, IDEMPOTENCY_HEADER } from '../payments/idempotency-key.js';
import { DonationsService } from './donations.service.js';
import {
  CampaignQuery,
  CreateCampaignDto,
  CreateDonationDto,
  DonationQuery,
  DonationReportQuery,
  UpdateCampaignDto,
} from './dto/donations.dto.js';
import { CampaignResponse, DonationReportRow, DonationResponse } from './dto/donations.response.js';

@ApiTags('donations')
@Authenticated()
@Controller('donations')
export class DonationsController {
  constructor(private readonly donations: DonationsService) {}

  // --- campaigns ----------------------------------------------------------------
  /** Campaigns open for donations, with goal and raised amount (public). Admins may add `?all=true`. */
  @Public()
  @Get('campaigns')
  @ApiPage(CampaignResponse)
  listCampaigns(
    @Req() req: FastifyRequest,
    @CurrentUser() user: AuthUser | undefined,
    @Query() query: CampaignQuery,
  ): Promise<Page<CampaignResponse>> {
    return this.donations.listCampaigns(req, user, query);
  }

  @Public()
  @Get('campaigns/:id')
  getCampaign(@CurrentUser() user: AuthUser | undefined, @IdParam() id: string): Promise<CampaignResponse> {
    return this.donations.getCampaign(user, id);
  }

  @Roles('admin')
  @Post('campaigns')
  createCampaign(@CurrentUser() actor: AuthUser, @Body() dto: CreateCampaignDto): Promise<CampaignResponse> {
    return this.donations.createCampaign(actor, dto);
  }

  @Roles('admin')
  @Patch('campaigns/:id')
  updateCampaign(
    @CurrentUser() actor: AuthUser,
    @IdParam() id: string,
    @Body() dto: UpdateCampaignDto,
  ): Promise<CampaignResponse> {
    return this.donations.updateCampaign(actor, id, dto);
  }

  /** Deletes a campaign without donations (409 otherwise: deactivate it instead). */
  @Roles('admin')
  @Delete('campaigns/:id')
  @HttpCode(204)
  @ApiConflictResponse({ description: 'The campaign has donations.' })
  deleteCampaign(@CurrentUser() actor: AuthUser, @IdParam() id: string): Promise<void> {
    return this.donations.deleteCampaign(actor, id);
  }

  /** Sets the campaign's picture (jpeg/png/webp, ≤ 5 MB; metadata removed). */
  @Roles('admin')
  @Post('campaigns/:id/image')
  @SingleFileUpload({ maxFileBytes: 5 * MB })
  uploadCampaignImage(
    @CurrentUser() actor: AuthUser,
    @IdParam() id: string,
    @UploadedFile() file: UploadedMultipartFile | undefined,
  ): Promise<CampaignResponse> {
    return this.donations.setCampaignImage(actor, id, requireFile(file).buffer);
  }

  // --- donations ----------------------------------------------------------------
  /**
   * Donates to a campaign through the payments flow: 201 with the donation
   * (`pending`) and the payment's `redirect_url`. Accepts `Idempotency-Key`
   * as POST payments does. The campaign's raised amount moves only when the
   * payment completes.
   */
  @Post()
  @ApiHeader({ name: IDEMPOTENCY_HEADER, required: false })
  @ApiCreatedResponse({ type: DonationResponse })
  @ApiConflictResponse({ description: 'The Idempotency-Key was used with a different request.' })
  @ApiBadGatewayResponse({ description: 'The gateway refused or did not answer.' })
  async createDonation(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateDonationDto,
    @Headers(IDEMPOTENCY_HEADER) keyHeader: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DonationResponse> {
    const { donation, replayed } = await this.donations.donate(user, dto, idempotencyKey(keyHeader));
    if (replayed) void reply.header('Idempotent-Replayed', 'true');
    return donation;
  }

  /** The caller's donations, newest first. */
  @Get()
  @ApiPage(DonationResponse)
  listDonations(
    @Req() req: FastifyRequest,
    @CurrentUser() user: AuthUser,
    @Query() query: DonationQuery,
  ): Promise<Page<DonationResponse>> {
    return this.donations.listMine(req, user, query);
  }

  /** Admin: completed (unrefunded) donations per campaign — count, total and distinct donors. */
  @Roles('admin')
  @Get('report')
  @ApiOkResponse({ type: [DonationReportRow] })
  donationReport(@Query() query: DonationReportQuery): Promise<DonationReportRow[]> {
    return this.donations.report(query);
  }

  @Get(':id')
  getDonation(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<DonationResponse> {
    return this.donations.getMine(user, id);
  }

  /** The donor's PDF receipt: only the donor's own, and only once completed (409 before). */
  @Get(':id/receipt')
  @ApiProduces('application/pdf')
  @ApiConflictResponse({ description: 'The donation is not completed yet.' })
  async getDonationReceipt(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<StreamableFile> {
    const { pdf, filename } = await this.donations.receipt(user, id);
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: `attachment; filename="${filename}"`,
      length: pdf.length,
    });
  }
}
