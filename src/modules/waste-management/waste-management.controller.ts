import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Req, UploadedFile } from '@nestjs/common';
import type { UploadedMultipartFile } from '@nestjs/platform-fastify';
import { ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Authenticated, CurrentUser, Public, Roles } from '../../common/auth/decorators.js';
import { MB, requireFile, SingleFileUpload } from '../../common/files/upload.decorators.js';
import { IdParam } from '../../common/http/id-param.js';
import { ApiPage } from '../../common/pagination/api-page.decorator.js';
import type { Page } from '../../common/pagination/pagination.js';
import { CollectionPointsService } from './collection-points.service.js';
import {
  CollectionPointQuery,
  CreateCollectionPointDto,
  CreatePickupRequestDto,
  CreateWasteGuidelineDto,
  CreateWasteScheduleDto,
  PickupRequestQuery,
  UpdateCollectionPointDto,
  UpdatePickupStatusDto,
  UpdateWasteGuidelineDto,
  UpdateWasteScheduleDto,
  WasteGuidelineQuery,
  WasteScheduleQuery,
} from './dto/waste.dto.js';
import {
  CollectionPointResponse,
  PickupRequestResponse,
  WasteGuidelineResponse,
  WasteScheduleResponse,
} from './dto/waste.response.js';
import { PickupRequestsService } from './pickup-requests.service.js';
import { WasteGuidelinesService } from './waste-guidelines.service.js';
import { WasteSchedulesService } from './waste-schedules.service.js';

@ApiTags('waste-management')
@Controller('waste-management/schedules')
export class WasteSchedulesController {
  constructor(private readonly schedules: WasteSchedulesService) {}

  /** Collection schedules, earliest start first; filter by `ward`, `weekday`, `waste_type`. */
  @Public()
  @Get()
  @ApiPage(WasteScheduleResponse)
  listWasteSchedules(
    @Req() req: FastifyRequest,
    @CurrentUser() user: AuthUser | undefined,
    @Query() query: WasteScheduleQuery,
  ): Promise<Page<WasteScheduleResponse>> {
    return this.schedules.list(req, user, query);
  }

  @Public()
  @Get(':id')
  getWasteSchedule(@CurrentUser() user: AuthUser | undefined, @IdParam() id: string): Promise<WasteScheduleResponse> {
    return this.schedules.get(user, id);
  }

  /** Creates a schedule; the ward's citizens are notified (in the background). */
  @Roles('admin')
  @Post()
  createWasteSchedule(@CurrentUser() actor: AuthUser, @Body() dto: CreateWasteScheduleDto): Promise<WasteScheduleResponse> {
    return this.schedules.create(actor, dto);
  }

  /** Changes a schedule; the citizens of the ward(s) concerned are notified (in the background). */
  @Roles('admin')
  @Patch(':id')
  updateWasteSchedule(
    @CurrentUser() actor: AuthUser,
    @IdParam() id: string,
    @Body() dto: UpdateWasteScheduleDto,
  ): Promise<WasteScheduleResponse> {
    return this.schedules.update(actor, id, dto);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  deleteWasteSchedule(@CurrentUser() actor: AuthUser, @IdParam() id: string): Promise<void> {
    return this.schedules.delete(actor, id);
  }
}

@ApiTags('waste-management')
@Controller('waste-management/collection-points')
export class CollectionPointsController {
  constructor(private readonly points: CollectionPointsService) {}

  /** Collection points with coordinates, by name; filter by `ward`, `waste_type`. */
  @Public()
  @Get()
  @ApiPage(CollectionPointResponse)
  listCollectionPoints(
    @Req() req: FastifyRequest,
    @CurrentUser() user: AuthUser | undefined,
    @Query() query: CollectionPointQuery,
  ): Promise<Page<CollectionPointResponse>> {
    return this.points.list(req, user, query);
  }

  @Public()
  @Get(':id')
  getCollectionPoint(@CurrentUser() user: AuthUser | undefined, @IdParam() id: string): Promise<CollectionPointResponse> {
    return this.points.get(user, id);
  }

  @Roles('admin')
  @Post()
  createCollectionPoint(@CurrentUser() actor: AuthUser, @Body() dto: CreateCollectionPointDto): Promise<CollectionPointResponse> {
    return this.points.create(actor, dto);
  }

  @Roles('admin')
  @Patch(':id')
  updateCollectionPoint(
    @CurrentUser() actor: AuthUser,
    @IdParam() id: string,
    @Body() dto: UpdateCollectionPointDto,
  ): Promise<CollectionPointResponse> {
    return this.points.update(actor, id, dto);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  deleteCollectionPoint(@CurrentUser() actor: AuthUser, @IdParam() id: string): Promise<void> {
    return this.points.delete(actor, id);
  }
}

@ApiTags('waste-management')
@Authenticated()
@Controller('waste-management/pickup-requests')
export class PickupRequestsController {
  constructor(private readonly pickups: PickupRequestsService) {}

  /** Asks for a special pickup; it is assigned to a staff member of the ward at once. */
  @Post()
  createPickupRequest(@CurrentUser() user: AuthUser, @Body() dto: CreatePickupRequestDto): Promise<PickupRequestResponse> {
    return this.pickups.create(user, dto);
  }

  /** Citizens: their own. Staff: their wards' (all when they have no wards). Admins: all. Newest first. */
  @Get()
  @ApiPage(PickupRequestResponse)
  listPickupRequests(
    @Req() req: FastifyRequest,
    @CurrentUser() user: AuthUser,
    @Query() query: PickupRequestQuery,
  ): Promise<Page<PickupRequestResponse>> {
    return this.pickups.list(req, user, query);
  }

  @Get(':id')
  getPickupRequest(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<PickupRequestResponse> {
    return this.pickups.get(user, id);
  }

  /** Staff of the ward or an admin: pending → scheduled → completed, or → cancelled. The citizen is told by in-app and SMS. */
  @Roles('staff', 'admin')
  @Patch(':id/status')
  updatePickupRequestStatus(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: UpdatePickupStatusDto,
  ): Promise<PickupRequestResponse> {
    return this.pickups.updateStatus(user, id, dto);
  }

  /** The requester withdraws a request that is still pending. */
  @Patch(':id/cancel')
  @ApiConflictResponse({ description: 'No longer pending.' })
  cancelPickupRequest(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<PickupRequestResponse> {
    return this.pickups.cancel(user, id);
  }
}

@ApiTags('waste-management')
@Controller('waste-management/guidelines')
export class WasteGuidelinesController {
  constructor(private readonly guidelines: WasteGuidelinesService) {}

  /** Segregation and recycling posts, newest first; filter by `category`, `search` the title and content. */
  @Public()
  @Get()
  @ApiPage(WasteGuidelineResponse)
  listWasteGuidelines(
    @Req() req: FastifyRequest,
    @CurrentUser() user: AuthUser | undefined,
    @Query() query: WasteGuidelineQuery,
  ): Promise<Page<WasteGuidelineResponse>> {
    return this.guidelines.list(req, user, query);
  }

  @Public()
  @Get(':id')
  getWasteGuideline(@CurrentUser() user: AuthUser | undefined, @IdParam() id: string): Promise<WasteGuidelineResponse> {
    return this.guidelines.get(user, id);
  }

  @Roles('admin')
  @Post()
  createWasteGuideline(@CurrentUser() actor: AuthUser, @Body() dto: CreateWasteGuidelineDto): Promise<WasteGuidelineResponse> {
    return this.guidelines.create(actor, dto);
  }

  @Roles('admin')
  @Patch(':id')
  updateWasteGuideline(
    @CurrentUser() actor: AuthUser,
    @IdParam() id: string,
    @Body() dto: UpdateWasteGuidelineDto,
  ): Promise<WasteGuidelineResponse> {
    return this.guidelines.update(actor, id, dto);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  deleteWasteGuideline(@CurrentUser() actor: AuthUser, @IdParam() id: string): Promise<void> {
    return this.guidelines.delete(actor, id);
  }

  /** Sets the post's image (jpeg/png/webp, ≤ 5 MB), re-encoded without metadata. */
  @Roles('admin')
  @Post(':id/image')
  @SingleFileUpload({ maxFileBytes: 5 * MB })
  uploadWasteGuidelineImage(
    @CurrentUser() actor: AuthUser,
    @IdParam() id: string,
    @UploadedFile() file: UploadedMultipartFile | undefined,
  ): Promise<WasteGuidelineResponse> {
    return this.guidelines.setImage(actor, id, requireFile(file).buffer);
  }
}
