import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { Brackets, Repository, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { FieldValidationException, NotFoundError } from '../../common/http/api-errors.js';
import { pageWindow, toPage, type Page } from '../../common/pagination/pagination.js';
import { doesNotExist, rethrowUniqueAsFieldError } from '../../common/validation/db-errors.js';
import { likePattern } from '../../common/validation/search.js';
import { AuditService } from '../audit/audit.service.js';
import { CityCorporation } from './city-corporation.entity.js';
import type {
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
import type { CityCorporationResponse, WardResponse, ZoneResponse } from './dto/geography.response.js';
import { mapCityCorporation, mapWard, mapZone } from './geography.mapper.js';
import { Ward } from './ward.entity.js';
import { Zone } from './zone.entity.js';

const CITY_UNIQUE = {
  uq_city_corporations_code: ['code', 'A city corporation with this code already exists.'] as [string, string],
};
const ZONE_UNIQUE = {
  uq_zones_city_number: ['number', 'This city corporation already has a zone with this number.'] as [string, string],
};
const WARD_UNIQUE = {
  uq_wards_city_number: ['number', 'This city corporation already has a ward with this number.'] as [string, string],
};

/** City corporations → zones → wards: public reads, admin writes. */
@Injectable()
export class GeographyService {
  constructor(
    @InjectRepository(CityCorporation) private readonly cities: Repository<CityCorporation>,
    @InjectRepository(Zone) private readonly zones: Repository<Zone>,
    @InjectRepository(Ward) private readonly wards: Repository<Ward>,
    private readonly audit: AuditService,
  ) {}

  // --- city corporations ----------------------------------------------------
  async listCityCorporations(request: FastifyRequest, query: CityCorporationQuery): Promise<Page<CityCorporationResponse>> {
    const qb = this.cities.createQueryBuilder('c').orderBy('c.name', 'ASC').addOrderBy('c.id', 'ASC');
    this.applySearch(qb, 'c', query.search, ['name', 'nameBn', 'code']);
    return this.page(request, query, qb, mapCityCorporation);
  }

  async getCityCorporation(id: string): Promise<CityCorporationResponse> {
    return mapCityCorporation(await this.findCity(id));
  }

  async createCityCorporation(actor: AuthUser, dto: CreateCityCorporationDto): Promise<CityCorporationResponse> {
    const entity = this.cities.create({ name: dto.name, nameBn: dto.name_bn, code: dto.code.toUpperCase() });
    await this.audit.insertRecord(actor.origin, CityCorporation, entity).catch((e) => rethrowUniqueAsFieldError(e, CITY_UNIQUE));
    return mapCityCorporation(entity);
  }

  async updateCityCorporation(actor: AuthUser, id: string, dto: UpdateCityCorporationDto): Promise<CityCorporationResponse> {
    const entity = await this.audit
      .updateRecord(actor.origin, CityCorporation, id, (e) => {
        if (dto.name !== undefined) e.name = dto.name;
        if (dto.name_bn !== undefined) e.nameBn = dto.name_bn;
        if (dto.code !== undefined) e.code = dto.code.toUpperCase();
      })
      .catch((e) => rethrowUniqueAsFieldError(e, CITY_UNIQUE));
    return mapCityCorporation(entity);
  }

  async deleteCityCorporation(actor: AuthUser, id: string): Promise<void> {
    await this.audit.deleteRecord(actor.origin, CityCorporation, id);
  }

  // --- zones -----------------------------------------------------------------
  async listZones(request: FastifyRequest, query: ZoneQuery): Promise<Page<ZoneResponse>> {
    const qb = this.zones.createQueryBuilder('z').orderBy('z.number', 'ASC').addOrderBy('z.id', 'ASC');
    if (query.city_corporation) qb.andWhere('z.cityCorporationId = :city', { city: query.city_corporation });
    this.applySearch(qb, 'z', query.search, ['name', 'nameBn']);
    return this.page(request, query, qb, mapZone);
  }

  async getZone(id: string): Promise<ZoneResponse> {
    return mapZone(await this.findZone(id));
  }

  async createZone(actor: AuthUser, dto: CreateZoneDto): Promise<ZoneResponse> {
    if (!(await this.cities.existsBy({ id: dto.city_corporation }))) {
      throw FieldValidationException.of('city_corporation', doesNotExist(dto.city_corporation));
    }
    const entity = this.zones.create({
      cityCorporationId: dto.city_corporation,
      number: dto.number,
      name: dto.name,
      nameBn: dto.name_bn,
    });
    await this.audit.insertRecord(actor.origin, Zone, entity).catch((e) => rethrowUniqueAsFieldError(e, ZONE_UNIQUE));
    return mapZone(entity);
  }

  async updateZone(actor: AuthUser, id: string, dto: UpdateZoneDto): Promise<ZoneResponse> {
    const entity = await this.audit
      .updateRecord(actor.origin, Zone, id, (e) => {
        if (dto.number !== undefined) e.number = dto.number;
        if (dto.name !== undefined) e.name = dto.name;
        if (dto.name_bn !== undefined) e.nameBn = dto.name_bn;
      })
      .catch((e) => rethrowUniqueAsFieldError(e, ZONE_UNIQUE));
    return mapZone(entity);
  }

  async deleteZone(actor: AuthUser, id: string): Promise<void> {
    await this.audit.deleteRecord(actor.origin, Zone, id);
  }

  // --- wards -----------------------------------------------------------------
  async listWards(request: FastifyRequest, query: WardQuery): Promise<Page<WardResponse>> {
    const qb = this.wards.createQueryBuilder('w').orderBy('w.number', 'ASC').addOrderBy('w.id', 'ASC');
    if (query.city_corporation) qb.andWhere('w.cityCorporationId = :city', { city: query.city_corporation });
    if (query.zone) qb.andWhere('w.zoneId = :zone', { zone: query.zone });
    this.applySearch(qb, 'w', query.search, ['name', 'nameBn']);
    return this.page(request, query, qb, mapWard);
  }

  async getWard(id: string): Promise<WardResponse> {
    return mapWard(await this.findWard(id));
  }

  async createWard(actor: AuthUser, dto: CreateWardDto): Promise<WardResponse> {
    const zone = await this.zones.findOneBy({ id: dto.zone });
    if (!zone) throw FieldValidationException.of('zone', doesNotExist(dto.zone));
    const entity = this.wards.create({
      zoneId: zone.id,
      cityCorporationId: zone.cityCorporationId,
      number: dto.number,
      name: dto.name,
      nameBn: dto.name_bn,
    });
    await this.audit.insertRecord(actor.origin, Ward, entity).catch((e) => rethrowUniqueAsFieldError(e, WARD_UNIQUE));
    return mapWard(entity);
  }

  async updateWard(actor: AuthUser, id: string, dto: UpdateWardDto): Promise<WardResponse> {
    const entity = await this.audit
      .updateRecord(actor.origin, Ward, id, async (e, uow) => {
        if (dto.zone !== undefined && dto.zone !== e.zoneId) {
          const zone = await uow.manager.findOneBy(Zone, { id: dto.zone });
          if (!zone) throw FieldValidationException.of('zone', doesNotExist(dto.zone));
          e.zoneId = zone.id;
          e.cityCorporationId = zone.cityCorporationId;
        }
        if (dto.number !== undefined) e.number = dto.number;
        if (dto.name !== undefined) e.name = dto.name;
        if (dto.name_bn !== undefined) e.nameBn = dto.name_bn;
      })
      .catch((e) => rethrowUniqueAsFieldError(e, WARD_UNIQUE));
    return mapWard(entity);
  }

  /**
   * A plain DELETE, so the database's RESTRICT answers for a ward still in
   * use (409). `remove()` would first delete the ward's staff assignments
   * itself, through the many-to-many relation.
   */
  async deleteWard(actor: AuthUser, id: string): Promise<void> {
    await this.audit.deleteRecord(actor.origin, Ward, id);
  }

  /** The ids among `ids` that are not wards (for validating ward references elsewhere). */
  async missingWardIds(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const found = await this.wards
      .createQueryBuilder('w')
      .select('w.id', 'id')
      .where('w.id IN (:...ids)', { ids })
      .getRawMany<{ id: string }>();
    const known = new Set(found.map((r) => r.id));
    return ids.filter((id) => !known.has(id));
  }

  /** A 400 keyed by `field` (DRF's "Invalid pk" message per id) unless every id is a ward. */
  async assertWardsExist(field: string, ids: Array<string | null | undefined>): Promise<void> {
    const missing = await this.missingWardIds([...new Set(ids.filter((id): id is string => !!id))]);
    if (missing.length) throw FieldValidationException.of(field, ...missing.map(doesNotExist));
  }

  // --- helpers -----------------------------------------------------------------
  private async findCity(id: string): Promise<CityCorporation> {
    const found = await this.cities.findOneBy({ id });
    if (!found) throw new NotFoundError();
    return found;
  }

  private async findZone(id: string): Promise<Zone> {
    const found = await this.zones.findOneBy({ id });
    if (!found) throw new NotFoundError();
    return found;
  }

  private async findWard(id: string): Promise<Ward> {
    const found = await this.wards.findOneBy({ id });
    if (!found) throw new NotFoundError();
    return found;
  }

  private applySearch<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    alias: string,
    search: string | undefined,
    columns: string[],
  ): void {
    if (!search?.trim()) return;
    const pattern = likePattern(search.trim());
    qb.andWhere(new Brackets((w) => columns.forEach((c) => w.orWhere(`${alias}.${c} ILIKE :pattern`, { pattern }))));
  }

  private async page<T extends ObjectLiteral, R>(
    request: FastifyRequest,
    query: CityCorporationQuery,
    qb: SelectQueryBuilder<T>,
    map: (e: T) => R,
  ): Promise<Page<R>> {
    const window = pageWindow(query);
    const [rows, count] = await qb.skip(window.offset).take(window.pageSize).getManyAndCount();
    return toPage(request, window, count, rows.map(map));
  }
}
