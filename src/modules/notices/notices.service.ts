import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { DomainEvents } from '../../common/events/domain-event.js';
import { FieldValidationException, NotFoundError, PermissionDeniedException } from '../../common/http/api-errors.js';
import { pageWindow, toPage, type Page } from '../../common/pagination/pagination.js';
import { doesNotExist } from '../../common/validation/db-errors.js';
import { TransactionRunner, type UnitOfWork } from '../../database/unit-of-work.js';
import { AuditService } from '../audit/audit.service.js';
import { GeographyService } from '../geography/geography.service.js';
import { detectFileType } from '../storage/file-types.js';
import { ImageProcessor } from '../storage/image-processor.js';
import { StorageService } from '../storage/storage.service.js';
import type { CreateNoticeDto, UpdateNoticeDto } from './dto/notices.dto.js';
import type { NoticeQuery } from './dto/notices.query.js';
import type { NoticeResponse } from './dto/notices.response.js';
import { PRIORITY_URGENT } from './notice.choices.js';
import { Notice } from './notice.entity.js';
import { UrgentNoticePublished } from './notices.events.js';
import { isNoticeActive, mapNotice, type NoticeRow } from './notices.mapper.js';
import { audienceOf, NoticesRepository } from './notices.repository.js';

const EXPIRES_BEFORE_PUBLISHED = 'Must be later than published_at.';

/**
 * Notices: public, ward-targeted reads with a per-user read state; admin
 * writes. Publishing an urgent notice raises `UrgentNoticePublished`, whose
 * listener queues the push to the target users.
 */
@Injectable()
export class NoticesService {
  constructor(
    private readonly repo: NoticesRepository,
    private readonly geography: GeographyService,
    private readonly tx: TransactionRunner,
    private readonly events: DomainEvents,
    private readonly storage: StorageService,
    private readonly images: ImageProcessor,
    private readonly audit: AuditService,
  ) {}

  // --- reads ----------------------------------------------------------------------
  /** Active notices meant for the caller (admins: `include_inactive` adds scheduled and expired ones). */
  async list(request: FastifyRequest, user: AuthUser | undefined, query: NoticeQuery): Promise<Page<NoticeResponse>> {
    if (query.include_inactive && user?.role !== 'admin') throw new PermissionDeniedException();
    const now = new Date();
    const window = pageWindow(query);
    const { rows, count } = await this.repo.findPage(
      { audience: audienceOf(user), viewerId: user?.id, now, includeInactive: query.include_inactive },
      query,
      window,
    );
    return toPage(
      request,
      window,
      count,
      rows.map((r) => this.toResponse(r, now)),
    );
  }

  /**
   * One notice the caller may see (404 otherwise; admins see every notice).
   * Opening an active notice with a token records the caller's view.
   */
  async get(user: AuthUser | undefined, id: string): Promise<NoticeResponse> {
    const now = new Date();
    const row = await this.repo.findVisible(id, {
      audience: audienceOf(user),
      viewerId: user?.id,
      now,
      includeInactive: user?.role === 'admin',
    });
    if (!row) throw new NotFoundError();
    if (user && !row.isRead && isNoticeActive(row.notice, now)) {
      await this.repo.recordView(id, user.id);
      row.isRead = true;
    }
    return this.toResponse(row, now);
  }

  unreadCount(user: AuthUser): Promise<number> {
    return this.repo.countUnread(audienceOf(user), user.id, new Date());
  }

  // --- admin writes ------------------------------------------------------------------
  async create(actor: AuthUser, dto: CreateNoticeDto): Promise<NoticeResponse> {
    const publishedAt = dto.published_at ?? new Date();
    const expiresAt = dto.expires_at ?? null;
    assertDatesInOrder(publishedAt, expiresAt);
    const wards = dto.target_wards ?? [];
    await this.assertWardsExist(wards);
    const id = await this.tx.run(actor.origin, async (uow) => {
      const notice = uow.manager.create(Notice, {
        title: dto.title,
        content: dto.content,
        category: dto.category,
        priority: dto.priority ?? 'normal',
        allWards: wards.length === 0,
        publishedAt,
        expiresAt,
        attachmentKey: null,
        attachmentType: null,
        attachmentName: null,
        createdById: actor.id,
        pushedAt: null,
        pushCursor: null,
      });
      await uow.manager.insert(Notice, notice);
      await this.repo.setTargetWards(uow.manager, notice.id, wards);
      await this.audit.created(uow, Notice, notice, { target_wards: [...wards].sort() });
      await this.announceIfUrgent(uow, notice);
      return notice.id;
    });
    return this.adminView(id);
  }

  async update(actor: AuthUser, id: string, dto: UpdateNoticeDto): Promise<NoticeResponse> {
    if (dto.target_wards) await this.assertWardsExist(dto.target_wards);
    await this.tx.run(actor.origin, async (uow) => {
      const notice = await uow.manager.findOne(Notice, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!notice) throw new NotFoundError();
      const wardsBefore = dto.target_wards ? { target_wards: (await this.repo.targetWards(uow.manager, id)).sort() } : {};
      const change = this.audit.track(uow, Notice, notice, wardsBefore);
      const publishedAt = dto.published_at ?? notice.publishedAt;
      const expiresAt = dto.expires_at === undefined ? notice.expiresAt : dto.expires_at;
      assertDatesInOrder(publishedAt, expiresAt);
      const becameUrgent = dto.priority === PRIORITY_URGENT && notice.priority !== PRIORITY_URGENT;
      const rescheduled = publishedAt.getTime() !== notice.publishedAt.getTime();
      const patch: Partial<Notice> = { publishedAt, expiresAt };
      if (dto.title !== undefined) patch.title = dto.title;
      if (dto.content !== undefined) patch.content = dto.content;
      if (dto.category !== undefined) patch.category = dto.category;
      if (dto.priority !== undefined) patch.priority = dto.priority;
      if (dto.target_wards !== undefined) {
        patch.allWards = dto.target_wards.length === 0;
        await this.repo.setTargetWards(uow.manager, id, dto.target_wards);
      }
      await uow.manager.update(Notice, { id }, patch);
      await change.updated({ ...notice, ...patch }, dto.target_wards ? { target_wards: [...dto.target_wards].sort() } : {});
      if (becameUrgent || rescheduled) await this.announceIfUrgent(uow, Object.assign(notice, patch));
    });
    return this.adminView(id);
  }

  async remove(actor: AuthUser, id: string): Promise<void> {
    const key = await this.tx.run(actor.origin, async (uow) => {
      const notice = await uow.manager.findOne(Notice, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!notice) throw new NotFoundError();
      const change = this.audit.track(uow, Notice, notice, {
        target_wards: (await this.repo.targetWards(uow.manager, id)).sort(),
      });
      await uow.manager.delete(Notice, { id });
      await change.deleted();
      return notice.attachmentKey;
    });
    await this.storage.deleteQuietly([key]);
  }

  /** Attaches (or replaces) the notice's file: an image (re-encoded, metadata dropped) or a PDF. */
  async setAttachment(actor: AuthUser, id: string, upload: Buffer, fileName: string | undefined): Promise<NoticeResponse> {
    const type = await detectFileType(upload, ['image', 'pdf']);
    if (!(await this.repo.exists(id))) throw new NotFoundError();
    const file = type.kind === 'image' ? await this.images.normalize(upload, type.mime) : { ...type, buffer: upload };
    const key = this.storage.newKey('notices', file.ext, true);
    await this.storage.put(key, file.buffer, file.mime);
    let previous: string | null;
    try {
      previous = await this.tx.run(actor.origin, async (uow) => {
        const notice = await uow.manager.findOne(Notice, { where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!notice) throw new NotFoundError();
        const previousKey = notice.attachmentKey;
        const change = this.audit.track(uow, Notice, notice);
        const attachment = {
          attachmentKey: key,
          attachmentType: type.kind as 'image' | 'pdf',
          attachmentName: displayName(fileName),
        };
        await uow.manager.update(Notice, { id }, attachment);
        await change.updated(Object.assign(notice, attachment));
        return previousKey;
      });
    } catch (err) {
      await this.storage.deleteQuietly([key]);
      throw err;
    }
    await this.storage.deleteQuietly([previous]);
    return this.adminView(id);
  }

  async removeAttachment(actor: AuthUser, id: string): Promise<void> {
    const previous = await this.tx.run(actor.origin, async (uow) => {
      const notice = await uow.manager.findOne(Notice, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!notice) throw new NotFoundError();
      if (!notice.attachmentKey) return null;
      const previousKey = notice.attachmentKey;
      const change = this.audit.track(uow, Notice, notice);
      const none = { attachmentKey: null, attachmentType: null, attachmentName: null };
      await uow.manager.update(Notice, { id }, none);
      await change.updated(Object.assign(notice, none));
      return previousKey;
    });
    await this.storage.deleteQuietly([previous]);
  }

  // --- helpers ---------------------------------------------------------------------
  /** Any notice, as an admin sees it (after a write). */
  private async adminView(id: string): Promise<NoticeResponse> {
    const now = new Date();
    const row = await this.repo.findVisible(id, { audience: { kind: 'everyone' }, now, includeInactive: true });
    if (!row) throw new NotFoundError();
    return this.toResponse(row, now);
  }

  /** An urgent, unexpired notice not pushed yet is announced; the push waits for `publishedAt`. */
  private async announceIfUrgent(uow: UnitOfWork, notice: Notice): Promise<void> {
    if (notice.priority !== PRIORITY_URGENT || notice.pushedAt) return;
    if (notice.expiresAt && notice.expiresAt.getTime() <= Date.now()) return;
    await this.events.publish(uow, new UrgentNoticePublished(notice.id, notice.publishedAt));
  }

  private async assertWardsExist(wardIds: string[]): Promise<void> {
    const missing = await this.geography.missingWardIds(wardIds);
    if (missing.length) throw FieldValidationException.of('target_wards', ...missing.map(doesNotExist));
  }

  private toResponse(row: NoticeRow, now: Date): NoticeResponse {
    return mapNotice(row, now, (key) => this.storage.publicUrl(key));
  }
}

function assertDatesInOrder(publishedAt: Date, expiresAt: Date | null): void {
  if (expiresAt && expiresAt.getTime() <= publishedAt.getTime()) {
    throw FieldValidationException.of('expires_at', EXPIRES_BEFORE_PUBLISHED);
  }
}

/** The client's file name, for display only: no path, no control characters, bounded. */
function displayName(name: string | undefined): string | null {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = Array.from(base)
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
    .join('')
    .trim();
  return clean ? clean.slice(0, 200) : null;
}
