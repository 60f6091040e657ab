import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { NotFoundError } from '../../common/http/api-errors.js';
import { pageWindow, toPage, type Page } from '../../common/pagination/pagination.js';
import { AuditService } from '../audit/audit.service.js';
import { GeographyService } from '../geography/geography.service.js';
import { CollectionPoint } from './collection-point.entity.js';
import type { CollectionPointQuery, CreateCollectionPointDto, UpdateCollectionPointDto } from './dto/waste.dto.js';
import type { CollectionPointResponse } from './dto/waste.response.js';
import { mapCollectionPoint } from './waste.mapper.js';

/** Collection points: public reads (active ones), admin writes. */
@Injectable()
export class CollectionPointsService {
  constructor(
    @InjectRepository(CollectionPoint) private readonly points: Repository<CollectionPoint>,
    private readonly geography: GeographyService,
    private readonly audit: AuditService,
  ) {}

  async list(
    request: FastifyRequest,
    user: AuthUser | undefined,
    query: CollectionPointQuery,
  ): Promise<Page<CollectionPointResponse>> {
    const window = pageWindow(query);
    const qb = this.points.createQueryBuilder('p').orderBy('p.name', 'ASC').addOrderBy('p.id', 'ASC');
    if (user?.role !== 'admin') qb.andWhere('p.isActive = true');
    else if (query.is_active !== undefined) qb.andWhere('p.isActive = :active', { active: query.is_active });
    if (query.ward) qb.andWhere('p.wardId = :ward', { ward: query.ward });
    if (query.waste_type) qb.andWhere('p.wasteTypes @> ARRAY[:type]::varchar[]', { type: query.waste_type });
    const [rows, count] = await qb.skip(window.offset).take(window.pageSize).getManyAndCount();
    return toPage(request, window, count, rows.map(mapCollectionPoint));
  }

  async get(user: AuthUser | undefined, id: string): Promise<CollectionPointResponse> {
    const found = await this.find(id);
    if (!found.isActive && user?.role !== 'admin') throw new NotFoundError();
    return mapCollectionPoint(found);
  }

  async create(actor: AuthUser, dto: CreateCollectionPointDto): Promise<CollectionPointResponse> {
    await this.geography.assertWardsExist('ward', [dto.ward]);
    const entity = this.points.create({
      name: dto.name,
      address: dto.address,
      wardId: dto.ward,
      latitude: dto.latitude,
      longitude: dto.longitude,
      wasteTypes: dto.waste_types,
      isActive: dto.is_active ?? true,
    });
    return mapCollectionPoint(await this.audit.insertRecord(actor.origin, CollectionPoint, entity));
  }

  async update(actor: AuthUser, id: string, dto: UpdateCollectionPointDto): Promise<CollectionPointResponse> {
    await this.geography.assertWardsExist('ward', [dto.ward]);
    const entity = await this.audit.updateRecord(actor.origin, CollectionPoint, id, (e) => {
      if (dto.name !== undefined) e.name = dto.name;
      if (dto.address !== undefined) e.address = dto.address;
      if (dto.ward !== undefined) e.wardId = dto.ward;
      if (dto.latitude !== undefined) e.latitude = dto.latitude;
      if (dto.longitude !== undefined) e.longitude = dto.longitude;
      if (dto.waste_types !== undefined) e.wasteTypes = dto.waste_types;
      if (dto.is_active !== undefined) e.isActive = dto.is_active;
    });
    return mapCollectionPoint(entity);
  }

  async delete(actor: AuthUser, id: string): Promise<void> {
    await this.audit.deleteRecord(actor.origin, CollectionPoint, id);
  }

  private async find(id: string): Promise<CollectionPoint> {
    const found = await this.points.findOneBy({ id });
    if (!found) throw new NotFoundError();
    return found;
  }
}
