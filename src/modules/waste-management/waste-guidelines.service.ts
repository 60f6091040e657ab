import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { Brackets, Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { NotFoundError } from '../../common/http/api-errors.js';
import { pageWindow, toPage, type Page } from '../../common/pagination/pagination.js';
import { likePattern } from '../../common/validation/search.js';
import { AuditService } from '../audit/audit.service.js';
import { detectFileType } from '../storage/file-types.js';
import { ImageProcessor } from '../storage/image-processor.js';
import { StorageService } from '../storage/storage.service.js';
import type { CreateWasteGuidelineDto, UpdateWasteGuidelineDto, WasteGuidelineQuery } from './dto/waste.dto.js';
import type { WasteGuidelineResponse } from './dto/waste.response.js';
import { WasteGuideline } from './waste-guideline.entity.js';
import { mapWasteGuideline } from './waste.mapper.js';

/** Segregation and recycling posts: public reads (published ones), admin writes, one optional image. */
@Injectable()
export class WasteGuidelinesService {
  constructor(
    @InjectRepository(WasteGuideline) private readonly guidelines: Repository<WasteGuideline>,
    private readonly storage: StorageService,
    private readonly images: ImageProcessor,
    private readonly audit: AuditService,
  ) {}

  async list(
    request: FastifyRequest,
    user: AuthUser | undefined,
    query: WasteGuidelineQuery,
  ): Promise<Page<WasteGuidelineResponse>> {
    const window = pageWindow(query);
    const qb = this.guidelines.createQueryBuilder('g').orderBy('g.createdAt', 'DESC').addOrderBy('g.id', 'DESC');
    if (user?.role !== 'admin') qb.andWhere('g.isPublished = true');
    else if (query.is_published !== undefined) qb.andWhere('g.isPublished = :published', { published: query.is_published });
    if (query.category) qb.andWhere('g.category = :category', { category: query.category });
    if (query.search?.trim()) {
      qb.andWhere(new Brackets((w) => w.where('g.title ILIKE :pattern').orWhere('g.content ILIKE :pattern')), {
        pattern: likePattern(query.search.trim()),
      });
    }
    const [rows, count] = await qb.skip(window.offset).take(window.pageSize).getManyAndCount();
    return toPage(
      request,
      window,
      count,
      rows.map((g) => this.toResponse(g)),
    );
  }

  async get(user: AuthUser | undefined, id: string): Promise<WasteGuidelineResponse> {
    const found = await this.find(id);
    if (!found.isPublished && user?.role !== 'admin') throw new NotFoundError();
    return this.toResponse(found);
  }

  async create(actor: AuthUser, dto: CreateWasteGuidelineDto): Promise<WasteGuidelineResponse> {
    const entity = this.guidelines.create({
      title: dto.title,
      content: dto.content,
      category: dto.category,
      isPublished: dto.is_published ?? true,
      imageKey: null,
    });
    return this.toResponse(await this.audit.insertRecord(actor.origin, WasteGuideline, entity));
  }

  async update(actor: AuthUser, id: string, dto: UpdateWasteGuidelineDto): Promise<WasteGuidelineResponse> {
    const entity = await this.audit.updateRecord(actor.origin, WasteGuideline, id, (e) => {
      if (dto.title !== undefined) e.title = dto.title;
      if (dto.content !== undefined) e.content = dto.content;
      if (dto.category !== undefined) e.category = dto.category;
      if (dto.is_published !== undefined) e.isPublished = dto.is_published;
    });
    return this.toResponse(entity);
  }

  async delete(actor: AuthUser, id: string): Promise<void> {
    const entity = await this.audit.deleteRecord(actor.origin, WasteGuideline, id);
    await this.storage.deleteQuietly([entity.imageKey]);
  }

  /** Sets the illustration (jpeg/png/webp by content); re-encoded without metadata, at most 1600 px. */
  async setImage(actor: AuthUser, id: string, upload: Buffer): Promise<WasteGuidelineResponse> {
    await this.find(id);
    const type = await detectFileType(upload, ['image']);
    const image = await this.images.normalize(upload, type.mime, 1600);
    const key = this.storage.newKey('waste-guidelines', image.ext, true);
    await this.storage.put(key, image.buffer, image.mime);
    let previous: string | null = null;
    let entity: WasteGuideline;
    try {
      entity = await this.audit.updateRecord(actor.origin, WasteGuideline, id, (e) => {
        previous = e.imageKey;
        e.imageKey = key;
      });
    } catch (err) {
      await this.storage.deleteQuietly([key]);
      throw err;
    }
    await this.storage.deleteQuietly([previous]);
    return this.toResponse(entity);
  }

  private toResponse(g: WasteGuideline): WasteGuidelineResponse {
    return mapWasteGuideline(g, (key) => this.storage.publicUrl(key));
  }

  private async find(id: string): Promise<WasteGuideline> {
    const found = await this.guidelines.findOneBy({ id });
    if (!found) throw new NotFoundError();
    return found;
  }
}
