import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { Brackets, Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { NotFoundError } from '../../common/http/api-errors.js';
import { pageWindow, toPage, type Page } from '../../common/pagination/pagination.js';
import { AuditService } from '../audit/audit.service.js';
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
    private readonly audit: AuditService,
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

  async create(actor: AuthUser, dto: CreateEmergencyContactDto): Promise<EmergencyContactResponse> {
    await this.geography.assertWardsExist('ward', [dto.ward]);
    const entity = this.contacts.create({
      contactType: dto.contact_type,
      name: dto.name,
      phone: dto.phone,
      description: dto.description ?? null,
      wardId: dto.ward ?? null,
      sortOrder: dto.sort_order ?? 100,
    });
    return mapEmergencyContact(await this.audit.insertRecord(actor.origin, EmergencyContact, entity));
  }

  async update(actor: AuthUser, id: string, dto: UpdateEmergencyContactDto): Promise<EmergencyContactResponse> {
    await this.geography.assertWardsExist('ward', [dto.ward]);
    const entity = await this.audit.updateRecord(actor.origin, EmergencyContact, id, (e) => {
      if (dto.contact_type !== undefined) e.contactType = dto.contact_type;
      if (dto.name !== undefined) e.name = dto.name;
      if (dto.phone !== undefined) e.phone = dto.phone;
      if (dto.description !== undefined) e.description = dto.description;
      if (dto.ward !== undefined) e.wardId = dto.ward;
      if (dto.sort_order !== undefined) e.sortOrder = dto.sort_order;
    });
    return mapEmergencyContact(entity);
  }

  async delete(actor: AuthUser, id: string): Promise<void> {
    await this.audit.deleteRecord(actor.origin, EmergencyContact, id);
  }

  private async find(id: string): Promise<EmergencyContact> {
    const found = await this.contacts.findOneBy({ id });
    if (!found) throw new NotFoundError();
    return found;
  }
}
