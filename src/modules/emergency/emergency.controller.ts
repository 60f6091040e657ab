import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { Authenticated, CurrentUser, Public, Roles } from '../../common/auth/decorators.js';
import { IdParam } from '../../common/http/id-param.js';
import { ApiPage } from '../../common/pagination/api-page.decorator.js';
import type { Page } from '../../common/pagination/pagination.js';
import {
  CancelEmergencyRequestDto,
  CreateEmergencyContactDto,
  CreateEmergencyRequestDto,
  EmergencyContactQuery,
  EmergencyRequestQuery,
  ResolveEmergencyRequestDto,
  UpdateEmergencyContactDto,
} from './dto/emergency.dto.js';
import { EmergencyContactResponse, EmergencyRequestResponse } from './dto/emergency.response.js';
import { EmergencyContactsService } from './emergency-contacts.service.js';
import { EmergencyRequestsService } from './emergency-requests.service.js';

@ApiTags('emergency')
@Controller('emergency/contacts')
export class EmergencyContactsController {
  constructor(private readonly contacts: EmergencyContactsService) {}

  /** Numbers to call (999, 102, …): the national ones and, with `ward`, that ward's own. */
  @Public()
  @Get()
  @ApiPage(EmergencyContactResponse)
  listEmergencyContacts(
    @Req() req: FastifyRequest,
    @Query() query: EmergencyContactQuery,
  ): Promise<Page<EmergencyContactResponse>> {
    return this.contacts.list(req, query);
  }

  @Public()
  @Get(':id')
  getEmergencyContact(@IdParam() id: string): Promise<EmergencyContactResponse> {
    return this.contacts.get(id);
  }

  @Roles('admin')
  @Post()
  createEmergencyContact(
    @CurrentUser() actor: AuthUser,
    @Body() dto: CreateEmergencyContactDto,
  ): Promise<EmergencyContactResponse> {
    return this.contacts.create(actor, dto);
  }

  @Roles('admin')
  @Patch(':id')
  updateEmergencyContact(
    @CurrentUser() actor: AuthUser,
    @IdParam() id: string,
    @Body() dto: UpdateEmergencyContactDto,
  ): Promise<EmergencyContactResponse> {
    return this.contacts.update(actor, id, dto);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  deleteEmergencyContact(@CurrentUser() actor: AuthUser, @IdParam() id: string): Promise<void> {
    return this.contacts.delete(actor, id);
  }
}

@ApiTags('emergency')
@Authenticated()
@Controller('emergency/requests')
export class EmergencyRequestsController {
  constructor(private readonly requests: EmergencyRequestsService) {}

  /**
   * Asks for help. Priority is always উচ্চ; the ward is the one given or the
   * caller's home ward. Staff covering that ward (all staff when no ward is
   * known) are alerted at once; unaccepted after the escalation delay, the
   * request goes to every admin.
   */
  @Post()
  createEmergencyRequest(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateEmergencyRequestDto,
  ): Promise<EmergencyRequestResponse> {
    return this.requests.create(user, dto);
  }

  /** Citizens: their own. Staff: their wards' and those without a ward (all when they have no wards). Admins: all. Newest first. */
  @Get()
  @ApiPage(EmergencyRequestResponse)
  listEmergencyRequests(
    @Req() req: FastifyRequest,
    @CurrentUser() user: AuthUser,
    @Query() query: EmergencyRequestQuery,
  ): Promise<Page<EmergencyRequestResponse>> {
    return this.requests.list(req, user, query);
  }

  @Get(':id')
  getEmergencyRequest(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<EmergencyRequestResponse> {
    return this.requests.get(user, id);
  }

  /** Takes the request: assigned to the caller, status প্রক্রিয়াধীন. 409 when someone else already has it or it is closed. */
  @Roles('staff', 'admin')
  @Patch(':id/accept')
  @ApiConflictResponse({ description: 'Already accepted by someone else, resolved or cancelled.' })
  acceptEmergencyRequest(@CurrentUser() user: AuthUser, @IdParam() id: string): Promise<EmergencyRequestResponse> {
    return this.requests.accept(user, id);
  }

  /** Marks it সমাধান হয়েছে and sets `responded_at`. Only the staff member who accepted it, or an admin. */
  @Roles('staff', 'admin')
  @Patch(':id/resolve')
  @ApiConflictResponse({ description: 'Not accepted yet, already resolved or cancelled.' })
  resolveEmergencyRequest(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: ResolveEmergencyRequestDto,
  ): Promise<EmergencyRequestResponse> {
    return this.requests.resolve(user, id, dto);
  }

  /** The requester withdraws it while nobody has accepted it yet; an admin may cancel any open request. */
  @Patch(':id/cancel')
  @ApiConflictResponse({ description: 'Already accepted (for the requester), resolved or cancelled.' })
  cancelEmergencyRequest(
    @CurrentUser() user: AuthUser,
    @IdParam() id: string,
    @Body() dto: CancelEmergencyRequestDto,
  ): Promise<EmergencyRequestResponse> {
    return this.requests.cancel(user, id, dto);
  }
}
