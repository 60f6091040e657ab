import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { Brackets, Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { NotFoundError } from '../../common/http/api-errors.js';
import { pageWindow, toPage, type Page } from '../../common/pagination/pagination.js';
import { likePattern } from '../../common/validation/search.js';
import { TransactionRunner } from '../../database/unit-of-work.js';
import { AuditService } from '../audit/audit.service.js';
import { OutboxService } from '../queue/outbox.service.js';
import { FileStorage } from '../storage/file-storage.js';
import { detectFileType } from '../storage/file-types.js';
import { ImageProcessor } from '../storage/image-processor.js';
import { StorageService } from '../storage/storage.service.js';
import type { UpdateGalleryPhotoDto, UploadGalleryPhotoDto } from './dto/gallery.dto.js';
import type { GalleryPhotoQuery } from './dto/gallery.query.js';
import type { GalleryPhotoResponse } from './dto/gallery.response.js';
import { GalleryPhoto } from './gallery-photo.entity.js';
import { mapGalleryPhoto } from './gallery.mapper.js';

/** Longer side of a stored original, in pixels. */
const MAX_IMAGE_SIDE = 2560;
/** Side of the square thumbnail, in pixels. */
export const THUMBNAIL_SIDE = 400;

/** The thumbnail's key follows from the original's, so a rerun of the job overwrites rather than orphans. */
export const thumbnailKeyFor = (imageKey: string): string => imageKey.replace(/\.[A-Za-z0-9]+$/, '') + '.thumb.webp';

export type ThumbnailOutcome = 'made' | 'exists' | 'gone';

/** The city's photo gallery: public browsing with a view counter, admin uploads; thumbnails in the background. */
@Injectable()
export class GalleryService {
  private readonly logger = new Logger(GalleryService.name);

  constructor(
    @InjectRepository(GalleryPhoto) private readonly photos: Repository<GalleryPhoto>,
    private readonly tx: TransactionRunner,
    private readonly outbox: OutboxService,
    private readonly storage: StorageService,
    private readonly files: FileStorage,
    private readonly images: ImageProcessor,
    private readonly audit: AuditService,
  ) {}

  /** Newest first, 20 a page, optionally one category. */
  async list(request: FastifyRequest, query: GalleryPhotoQuery): Promise<Page<GalleryPhotoResponse>> {
    const window = pageWindow(query);
    const qb = this.photos.createQueryBuilder('p').orderBy('p.createdAt', 'DESC').addOrderBy('p.id', 'DESC');
    if (query.category) qb.andWhere('p.category = :category', { category: query.category });
    if (query.search?.trim()) {
      qb.andWhere(new Brackets((w) => w.where('p.title ILIKE :pattern').orWhere('p.description ILIKE :pattern')), {
        pattern: likePattern(query.search.trim()),
      });
    }
    const [rows, count] = await qb.skip(window.offset).take(window.pageSize).getManyAndCount();
    return toPage(
      request,
      window,
      count,
      rows.map((p) => this.toResponse(p)),
    );
  }

  /** One photo; counts the view in the same statement that reads it (atomic under concurrency). */
  async view(id: string): Promise<GalleryPhotoResponse> {
    const columns = this.photos.metadata.columns.map((c) => `"${c.databaseName}" AS "${c.propertyName}"`).join(', ');
    const [rows] = (await this.photos.query(
      `UPDATE gallery_photos SET view_count = view_count + 1 WHERE id = $1 RETURNING ${columns}`,
      [id],
    )) as [Array<Partial<GalleryPhoto>>, number];
    if (!rows.length) throw new NotFoundError();
    return this.toResponse(this.photos.create(rows[0]));
  }

  /**
   * Stores the image (type decided by its content; re-encoded, metadata such
   * as GPS dropped) under a public key, then the row and the thumbnail job
   * in one transaction. A failed transaction removes the stored file.
   */
  async upload(actor: AuthUser, dto: UploadGalleryPhotoDto, upload: Buffer): Promise<GalleryPhotoResponse> {
    const type = await detectFileType(upload, ['image']);
    const image = await this.images.normalize(upload, type.mime, MAX_IMAGE_SIDE);
    const key = this.storage.newKey('gallery', image.ext, true);
    await this.storage.put(key, image.buffer, image.mime);
    try {
      const photo = await this.tx.run(actor.origin, async (uow) => {
        const row = uow.manager.create(GalleryPhoto, {
          title: dto.title,
          description: dto.description ?? '',
          category: dto.category,
          imageKey: key,
          thumbnailKey: null,
          contentType: image.mime,
          width: image.width,
          height: image.height,
          sizeBytes: image.buffer.length,
          viewCount: 0,
          uploadedById: actor.id,
        });
        await uow.manager.insert(GalleryPhoto, row);
        await this.audit.created(uow, GalleryPhoto, row);
        await this.outbox.enqueue(uow, 'makeGalleryThumbnail', { photoId: row.id });
        return row;
      });
      return this.toResponse(await this.find(photo.id));
    } catch (err) {
      await this.storage.deleteQuietly([key]);
      throw err;
    }
  }

  async update(actor: AuthUser, id: string, dto: UpdateGalleryPhotoDto): Promise<GalleryPhotoResponse> {
    await this.audit.updateRecord(actor.origin, GalleryPhoto, id, (photo) => {
      if (dto.title !== undefined) photo.title = dto.title;
      if (dto.category !== undefined) photo.category = dto.category;
      if (dto.description !== undefined) photo.description = dto.description;
    });
    return this.toResponse(await this.find(id));
  }

  /** Removes the row, then the original and the thumbnail (also one a running job may be writing). */
  async remove(actor: AuthUser, id: string): Promise<void> {
    const photo = await this.audit.deleteRecord(actor.origin, GalleryPhoto, id);
    await this.storage.deleteQuietly([photo.imageKey, photo.thumbnailKey, thumbnailKeyFor(photo.imageKey)]);
  }

  /**
   * The job: makes the square WebP thumbnail unless the photo has one or is
   * gone. Idempotent — the key is fixed per photo and the row is only set
   * while still empty; a photo deleted meanwhile gets its thumbnail removed.
   */
  async makeThumbnail(photoId: string): Promise<ThumbnailOutcome> {
    const photo = await this.photos.findOneBy({ id: photoId });
    if (!photo) return 'gone';
    if (photo.thumbnailKey) return 'exists';
    const original = await this.read(photo.imageKey);
    if (!original) {
      this.logger.warn(`gallery photo ${photoId}: original ${photo.imageKey} is missing, no thumbnail made`);
      return 'gone';
    }
    const thumbnail = await this.images.thumbnail(original, THUMBNAIL_SIDE);
    const key = thumbnailKeyFor(photo.imageKey);
    await this.storage.put(key, thumbnail.buffer, thumbnail.mime);
    const [, updated] = (await this.photos.query(
      'UPDATE gallery_photos SET thumbnail_key = $2 WHERE id = $1 AND thumbnail_key IS NULL',
      [photoId, key],
    )) as [unknown, number];
    if (updated) return 'made';
    if (await this.photos.existsBy({ id: photoId })) return 'exists';
    await this.storage.deleteQuietly([key]); // deleted while the thumbnail was being made
    return 'gone';
  }

  private async read(key: string): Promise<Buffer | undefined> {
    const object = await this.files.get(key);
    if (!object) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of object.body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  private async find(id: string): Promise<GalleryPhoto> {
    const found = await this.photos.findOneBy({ id });
    if (!found) throw new NotFoundError();
    return found;
  }

  private toResponse(photo: GalleryPhoto): GalleryPhotoResponse {
    return mapGalleryPhoto(photo, (key) => this.storage.publicUrl(key));
  }
}
