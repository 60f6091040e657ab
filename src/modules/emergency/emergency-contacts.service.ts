import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { Brackets, Repository } from 'typeorm';
import { NotFoundError } from '../../common/http/api-errors.js';
import { pageWindow, toPage, type Page } from '../../common/pagination/pagination.js';
import { GeographyService } from '../geography/geography.service.js';
import type { CreateEmergencyContactDto, EmergencyContactQuery, UpdateEmergencyContactDto } from './dto/emergency.dto.js';
import type { EmergencyContactResponse } from './dto/emergency.response.js';
import { EmergencyContact } from './emergency-contact.entity.js';
import { mapEmergencyContact } from './emergency.mapper.js';

/** Numbers to call: public list, admin upkeep. */
@Injectable()
export class EmergencyContactsService {
  constructor(
    @InjectRepository(EmergencyContact) private readonly contacts: Repository<EmergencyContact>,
    private readonly geography: GeographyService,
  ) {}

  /** National numbers first (by sort order), then by name; `ward` keeps that ward's own numbers and the national ones. */
  async list(request: FastifyRequest, query: EmergencyContactQuery): Promise<Page<EmergencyContactResponse>> {
    const window = pageWindow(query);
    const qb = this.contacts.createQueryBuilder('c').orderBy('c.sortOrder', 'ASC').addOrderBy('c.name', 'ASC').addOrderBy('c.id');
    if (query.ward) {
      qb.andWhere(new Brackets((w) => w.where('c.wardId IS NULL').orWhere('c.wardId = :ward', { ward: query.ward })));
    }
    if (query.contact_type) qb.andWhere('c.contactType = :type', { type: query.contact_type });
    const [rows, count] = await qb.skip(window.offset).take(window.pageSize).getManyAndCount();
    return toPage(request, window, count, rows.map(mapEmergencyContact));
  }

  async get(id: string): Promise<EmergencyContactResponse> {
    return mapEmergencyContact(await this.find(id));
  }

  async create(dto: CreateEmergencyContactDto): Promise<EmergencyContactResponse> {
    await this.geography.assertWardsExist('ward', [dto.ward]);
    const entity = this.contacts.create({
      contactType: dto.contact_type,
      name: dto.name,
      phone: dto.phone,
      description: dto.description ?? null,
      wardId: dto.ward ?? null,
      sortOrder: dto.sort_order ?? 100,
    });
    await this.contacts.save(entity);
    return mapEmergencyContact(entity);
  }

  async update(id: string, dto: UpdateEmergencyContactDto): Promise<EmergencyContactResponse> {
    const entity = await this.find(id);
    await this.geography.assertWardsExist('ward', [dto.ward]);
    if (dto.contact_type !== undefined) entity.contactType = dto.contact_type;
    if (dto.name !== undefined) entity.name = dto.name;
    if (dto.phone !== undefined) entity.phone = dto.phone;
    if (dto.description !== undefined) entity.description = dto.description;
    if (dto.ward !== undefined) entity.wardId = dto.ward;
    if (dto.sort_order !== undefined) entity.sortOrder = dto.sort_order;
    await this.contacts.save(entity);
    return mapEmergencyContact(entity);
  }

  async delete(id: string): Promise<void> {
    await this.contacts.remove(await this.find(id));
  }

  private async find(id: string): Promise<EmergencyContact> {
    const found = await this.contacts.findOneBy({ id });
    if (!found) throw new NotFoundError();
    return found;
  }
}
