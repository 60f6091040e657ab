import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, Public, Roles } from '../../common/auth/decorators.js';
import { IdParam } from '../../common/http/id-param.js';
import { ApiPage } from '../../common/pagination/api-page.decorator.js';
import type { Page } from '../../common/pagination/pagination.js';
import {
  CityCorporationQuery,
  CreateCityCorporationDto,
  CreateWardDto,
  CreateZoneDto,
  UpdateCityCorporationDto,
  UpdateWardDto,
  UpdateZoneDto,
  WardQuery,
  ZoneQuery,
} from './dto/geography.dto.js';
import { CityCorporationResponse, WardResponse, ZoneResponse } from './dto/geography.response.js';
import { GeographyService } from './geography.service.js';

@ApiTags('geography')
@Controller('city-corporations')
export class CityCorporationsController {
  constructor(private readonly geography: GeographyService) {}

  @Public()
  @Get()
  @ApiPage(CityCorporationResponse)
  listCityCorporations(@Req() req: FastifyRequest, @Query() query: CityCorporationQuery): Promise<Page<CityCorporationResponse>> {
    return this.geography.listCityCorporations(req, query);
  }

  @Public()
  @Get(':id')
  getCityCorporation(@IdParam() id: string): Promise<CityCorporationResponse> {
    return this.geography.getCityCorporation(id);
  }

  @Roles('admin')
  @Post()
  createCityCorporation(@CurrentUser() actor: AuthUser, @Body() dto: CreateCityCorporationDto): Promise<CityCorporationResponse> {
    return this.geography.createCityCorporation(actor, dto);
  }

  @Roles('admin')
  @Patch(':id')
  updateCityCorporation(
    @CurrentUser() actor: AuthUser,
    @IdParam() id: string,
    @Body() dto: UpdateCityCorporationDto,
  ): Promise<CityCorporationResponse> {
    return this.geography.updateCityCorporation(actor, id, dto);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  deleteCityCorporation(@CurrentUser() actor: AuthUser, @IdParam() id: string): Promise<void> {
    return this.geography.deleteCityCorporation(actor, id);
  }
}

@ApiTags('geography')
@Controller('zones')
export class ZonesController {
  constructor(private readonly geography: GeographyService) {}

  @Public()
  @Get()
  @ApiPage(ZoneResponse)
  listZones(@Req() req: FastifyRequest, @Query() query: ZoneQuery): Promise<Page<ZoneResponse>> {
    return this.geography.listZones(req, query);
  }

  @Public()
  @Get(':id')
  getZone(@IdParam() id: string): Promise<ZoneResponse> {
    return this.geography.getZone(id);
  }

  @Roles('admin')
  @Post()
  createZone(@CurrentUser() actor: AuthUser, @Body() dto: CreateZoneDto): Promise<ZoneResponse> {
    return this.geography.createZone(actor, dto);
  }

  @Roles('admin')
  @Patch(':id')
  updateZone(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: UpdateZoneDto): Promise<ZoneResponse> {
    return this.geography.updateZone(actor, id, dto);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  deleteZone(@CurrentUser() actor: AuthUser, @IdParam() id: string): Promise<void> {
    return this.geography.deleteZone(actor, id);
  }
}

@ApiTags('geography')
@Controller('wards')
export class WardsController {
  constructor(private readonly geography: GeographyService) {}

  @Public()
  @Get()
  @ApiPage(WardResponse)
  listWards(@Req() req: FastifyRequest, @Query() query: WardQuery): Promise<Page<WardResponse>> {
    return this.geography.listWards(req, query);
  }

  @Public()
  @Get(':id')
  getWard(@IdParam() id: string): Promise<WardResponse> {
    return this.geography.getWard(id);
  }

  @Roles('admin')
  @Post()
  createWard(@CurrentUser() actor: AuthUser, @Body() dto: CreateWardDto): Promise<WardResponse> {
    return this.geography.createWard(actor, dto);
  }

  @Roles('admin')
  @Patch(':id')
  updateWard(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: UpdateWardDto): Promise<WardResponse> {
    return this.geography.updateWard(actor, id, dto);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  deleteWard(@CurrentUser() actor: AuthUser, @IdParam() id: string): Promise<void> {
    return this.geography.deleteWard(actor, id);
  }
}
