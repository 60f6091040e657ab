import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { PageWindow } from '../../common/pagination/pagination.js';
import { likePattern } from '../../common/validation/search.js';
import { ComplaintAttachment } from './complaint-attachment.entity.js';
import { ComplaintReview } from './complaint-review.entity.js';
import { ComplaintStatusChange } from './complaint-status-change.entity.js';
import { Complaint } from './complaint.entity.js';
import type { Viewer } from './complaint.rules.js';
import type { AttachmentView, ComplaintView } from './complaints.mapper.js';
import type { ComplaintQuery } from './dto/complaints.dto.js';

/** A complaint's attachments as one JSON array, read with the complaint (no query per row). */
const ATTACHMENTS_JSON = `(
  SELECT COALESCE(
    json_agg(
      json_build_object('id', a.id, 'file_type', a.file_type, 'content_type', a.content_type,
                        'size', a.size, 'uploaded_at', a.uploaded_at)
      ORDER BY a.uploaded_at, a.id),
    '[]'::json)
  FROM complaint_attachments a
  WHERE a.complaint_id = "c"."id")`;

interface RawAttachment {
  id: string;
  file_type: AttachmentView['fileType'];
  content_type: string;
  size: number;
  uploaded_at: string;
}

/**
 * The complaint queries that are more than a one-liner: who may see what
 * (`scope`), the list (one count + one page query, whatever the page size)
 * and the single-complaint view (one query), row locks for changes, and the
 * daily tracking-number counter.
 */
@Injectable()
export class ComplaintsRepository {
  constructor(
    @InjectRepository(Complaint) private readonly complaints: Repository<Complaint>,
    @InjectRepository(ComplaintStatusChange) private readonly history: Repository<ComplaintStatusChange>,
  ) {}

  /**
   * Restricts a query on complaints (alias `c`) to those `viewer` may see:
   * citizens their own; staff their own and their wards' (all when they have
   * no wards); admins all. The same rule as `canSee`.
   */
  scope<T extends object>(qb: SelectQueryBuilder<T>, viewer: Viewer): SelectQueryBuilder<T> {
    if (viewer.role === 'admin' || (viewer.role === 'staff' && viewer.wardIds.length === 0)) return qb;
    if (viewer.role === 'staff') {
      return qb.andWhere(new Brackets((w) => w.where('c.userId = :viewerId').orWhere('c.wardId IN (:...viewerWardIds)')), {
        viewerId: viewer.id,
        viewerWardIds: viewer.wardIds,
      });
    }
    return qb.andWhere('c.userId = :viewerId', { viewerId: viewer.id });
  }

  /** One page of the complaints `viewer` may see: a count query, then (if the page is not empty) the page query. */
  async findPage(viewer: Viewer, query: ComplaintQuery, window: PageWindow): Promise<{ rows: ComplaintView[]; count: number }> {
    const qb = this.scope(this.complaints.createQueryBuilder('c'), viewer);
    if (query.category) qb.andWhere('c.category = :category', { category: query.category });
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (query.priority) qb.andWhere('c.priority = :priority', { priority: query.priority });
    if (query.ward) qb.andWhere('c.wardId = :ward', { ward: query.ward });
    if (query.assigned_to) qb.andWhere('c.assignedToId = :assignee', { assignee: query.assigned_to });
    const search = query.search?.trim();
    if (search) {
      // Each side is served by its trigram GIN index (a BitmapOr), Bengali included.
      qb.andWhere(new Brackets((w) => w.where('c.title ILIKE :pattern').orWhere('c.description ILIKE :pattern')), {
        pattern: likePattern(search),
      });
    }
    const count = await qb.getCount();
    if (count <= window.offset) return { rows: [], count };
    const ordering = query.ordering ?? '-created_at';
    const direction = ordering.startsWith('-') ? 'DESC' : 'ASC';
    const column = ordering.endsWith('updated_at') ? 'c.updatedAt' : 'c.createdAt';
    const rows = await this.readViews(
      this.withDetails(qb).orderBy(column, direction).addOrderBy('c.id', direction).offset(window.offset).limit(window.pageSize),
    );
    return { rows, count };
  }

  /**
   * One complaint with attachments and review, if `viewer` may see it (one
   * query). `viewer` null reads it unscoped: only for answering a change the
   * caller was allowed to make (a ward handed over leaves their scope).
   */
  async findVisible(viewer: Viewer | null, where: { id: string } | { trackingNumber: string }): Promise<ComplaintView | null> {
    const qb = this.complaints.createQueryBuilder('c');
    if (viewer) this.scope(qb, viewer);
    if ('id' in where) qb.andWhere('c.id = :id', { id: where.id });
    else qb.andWhere('c.trackingNumber = :tn', { tn: where.trackingNumber });
    const [view] = await this.readViews(this.withDetails(qb).limit(1));
    return view ?? null;
  }

  /** The complaint, locked for the rest of `manager`'s transaction, if `viewer` may see it. */
  lockVisible(manager: EntityManager, viewer: Viewer, id: string): Promise<Complaint | null> {
    const qb = manager.createQueryBuilder(Complaint, 'c').where('c.id = :id', { id }).setLock('pessimistic_write');
    return this.scope(qb, viewer).getOne();
  }

  /** An attachment of a complaint `viewer` may see (one query). */
  findVisibleAttachment(viewer: Viewer, complaintId: string, attachmentId: string): Promise<ComplaintAttachment | null> {
    const qb = this.complaints.manager
      .createQueryBuilder(ComplaintAttachment, 'a')
      .innerJoin('a.complaint', 'c')
      .where('a.id = :attachmentId AND a.complaintId = :complaintId', { attachmentId, complaintId });
    return this.scope(qb, viewer).getOne();
  }

  historyOf(complaintId: string): Promise<ComplaintStatusChange[]> {
    return this.history.find({ where: { complaintId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /**
   * The next tracking-number counter of a Dhaka day, inside the caller's
   * transaction. The upsert locks the day's row until that transaction ends,
   * so concurrent creates get distinct, gap-free numbers.
   */
  async nextDailyCounter(manager: EntityManager, day: string): Promise<number> {
    const rows: Array<{ last: number }> = await manager.query(
      `INSERT INTO complaint_daily_counters AS k (day, last) VALUES ($1, 1)
       ON CONFLICT (day) DO UPDATE SET last = k.last + 1
       RETURNING last`,
      [day],
    );
    return rows[0].last;
  }

  private withDetails(qb: SelectQueryBuilder<Complaint>): SelectQueryBuilder<Complaint> {
    return qb
      .leftJoinAndMapOne('c.review', ComplaintReview, 'r', 'r.complaintId = c.id')
      .addSelect(ATTACHMENTS_JSON, 'attachments_json');
  }

  private async readViews(qb: SelectQueryBuilder<Complaint>): Promise<ComplaintView[]> {
    const { entities, raw } = await qb.getRawAndEntities<{ c_id: string; attachments_json: RawAttachment[] }>();
    const attachments = new Map(raw.map((r) => [r.c_id, r.attachments_json]));
    return entities.map((c) =>
      Object.assign(c, {
        review: c.review ?? null,
        attachments: (attachments.get(c.id) ?? []).map((a): AttachmentView => ({
          id: a.id,
          fileType: a.file_type,
          contentType: a.content_type,
          size: a.size,
          uploadedAt: new Date(a.uploaded_at),
        })),
      }),
    );
  }
}
