import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import type { PageWindow } from '../../common/pagination/pagination.js';
import { likePattern } from '../../common/validation/search.js';
import type { Language } from '../users/user.entity.js';
import type { NoticeQuery } from './dto/notices.query.js';
import { Notice } from './notice.entity.js';
import type { NoticeRow } from './notices.mapper.js';

/**
 * Whose notices a caller sees:
 * - `everyone`: admins, and staff with no wards (they work in every ward);
 * - `wards`: staff of those wards — their wards' notices and all-ward ones;
 * - `home`: a citizen — notices of their home ward (users.ward_id, read in
 *   the same query) and all-ward ones; with no home ward, all-ward ones only;
 * - `anonymous`: no token — all-ward notices only.
 */
export type NoticeAudience =
  { kind: 'everyone' } | { kind: 'wards'; wardIds: string[] } | { kind: 'home'; userId: string } | { kind: 'anonymous' };

export function audienceOf(user: AuthUser | undefined): NoticeAudience {
  if (!user) return { kind: 'anonymous' };
  if (user.role === 'admin') return { kind: 'everyone' };
  if (user.role === 'staff') return user.wardIds.length ? { kind: 'wards', wardIds: user.wardIds } : { kind: 'everyone' };
  return { kind: 'home', userId: user.id };
}

export interface NoticeFilter {
  audience: NoticeAudience;
  /** The caller, for the read flag (undefined: anonymous). */
  viewerId?: string;
  now: Date;
  /** Also scheduled and expired notices (admin lists). */
  includeInactive?: boolean;
}

export interface PushTarget {
  id: string;
  language: Language;
}

/** The notice queries: audience, activity and read state, each list in two statements. */
@Injectable()
export class NoticesRepository {
  constructor(@InjectRepository(Notice) private readonly notices: Repository<Notice>) {}

  /** A page of notices (count + page, the page carrying target wards and the read flag). */
  async findPage(filter: NoticeFilter, query: NoticeQuery, window: PageWindow): Promise<{ rows: NoticeRow[]; count: number }> {
    const qb = this.visible(filter);
    if (query.category) qb.andWhere('n.category = :category', { category: query.category });
    if (query.priority) qb.andWhere('n.priority = :priority', { priority: query.priority });
    if (query.search?.trim()) {
      qb.andWhere(new Brackets((w) => w.where('n.title ILIKE :pattern').orWhere('n.content ILIKE :pattern')), {
        pattern: likePattern(query.search.trim()),
      });
    }
    const count = await qb.getCount();
    const direction = query.ordering === 'published_at' ? 'ASC' : 'DESC';
    qb.orderBy('n.publishedAt', direction).addOrderBy('n.id', direction).offset(window.offset).limit(window.pageSize);
    const rows = count > window.offset ? await this.withExtras(qb, filter.viewerId) : [];
    return { rows, count };
  }

  /** One notice, if the caller may see it. */
  async findVisible(id: string, filter: NoticeFilter): Promise<NoticeRow | undefined> {
    const qb = this.visible(filter).andWhere('n.id = :id', { id });
    const [row] = await this.withExtras(qb, filter.viewerId);
    return row;
  }

  exists(id: string): Promise<boolean> {
    return this.notices.existsBy({ id });
  }

  /** Active notices meant for the caller that they have not opened. */
  countUnread(audience: NoticeAudience, userId: string, now: Date): Promise<number> {
    return this.visible({ audience, now })
      .andWhere('NOT EXISTS (SELECT 1 FROM notice_views v WHERE v.notice_id = n.id AND v.user_id = :viewer)', { viewer: userId })
      .getCount();
  }

  /** Records that the user opened the notice (once; a repeat changes nothing). */
  async recordView(noticeId: string, userId: string): Promise<void> {
    await this.notices.query('INSERT INTO notice_views (notice_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      noticeId,
      userId,
    ]);
  }

  async targetWards(manager: EntityManager, noticeId: string): Promise<string[]> {
    const rows: Array<{ ward_id: string }> = await manager.query(
      'SELECT ward_id FROM notice_wards WHERE notice_id = $1 ORDER BY ward_id',
      [noticeId],
    );
    return rows.map((r) => r.ward_id);
  }

  /** Replaces the notice's target wards. */
  async setTargetWards(manager: EntityManager, noticeId: string, wardIds: string[]): Promise<void> {
    await manager.query('DELETE FROM notice_wards WHERE notice_id = $1', [noticeId]);
    if (wardIds.length) {
      await manager.query('INSERT INTO notice_wards (notice_id, ward_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING', [
        noticeId,
        wardIds,
      ]);
    }
  }

  /**
   * The next users an urgent notice goes to, after `notice.pushCursor` in id
   * order: every active user for an all-ward notice; otherwise active users
   * living in a target ward and staff working in one.
   */
  async nextPushBatch(manager: EntityManager, notice: Notice, size: number): Promise<PushTarget[]> {
    return manager.query(
      `SELECT u.id, u.language FROM users u
        WHERE u.is_active
          AND ($1::uuid IS NULL OR u.id > $1::uuid)
          AND ($2::boolean
               OR u.ward_id IN (SELECT nw.ward_id FROM notice_wards nw WHERE nw.notice_id = $3)
               OR EXISTS (SELECT 1 FROM staff_wards sw JOIN notice_wards nw ON nw.ward_id = sw.ward_id
                           WHERE sw.user_id = u.id AND nw.notice_id = $3))
        ORDER BY u.id
        LIMIT $4`,
      [notice.pushCursor, notice.allWards, notice.id, size],
    );
  }

  /** Notices the filter lets through, not yet ordered or paged. */
  private visible(filter: NoticeFilter): SelectQueryBuilder<Notice> {
    const qb = this.notices.createQueryBuilder('n');
    if (!filter.includeInactive) {
      qb.where('n.publishedAt <= :now AND (n.expiresAt IS NULL OR n.expiresAt > :now)', { now: filter.now });
    }
    const audience = filter.audience;
    switch (audience.kind) {
      case 'everyone':
        break;
      case 'anonymous':
        qb.andWhere('n.allWards = true');
        break;
      case 'wards':
        qb.andWhere(
          '(n.allWards = true OR EXISTS (SELECT 1 FROM notice_wards nw WHERE nw.notice_id = n.id AND nw.ward_id IN (:...audienceWards)))',
          { audienceWards: audience.wardIds },
        );
        break;
      case 'home':
        qb.andWhere(
          `(n.allWards = true OR EXISTS (SELECT 1 FROM notice_wards nw JOIN users hu ON hu.ward_id = nw.ward_id
                                           WHERE nw.notice_id = n.id AND hu.id = :audienceUser))`,
          { audienceUser: audience.userId },
        );
        break;
    }
    return qb;
  }

  /** Runs the page query with each notice's target wards and the caller's read flag as columns. */
  private async withExtras(qb: SelectQueryBuilder<Notice>, viewerId: string | undefined): Promise<NoticeRow[]> {
    qb.addSelect('ARRAY(SELECT tw.ward_id FROM notice_wards tw WHERE tw.notice_id = n.id ORDER BY tw.ward_id)', 'target_wards');
    if (viewerId) {
      qb.addSelect('EXISTS (SELECT 1 FROM notice_views rv WHERE rv.notice_id = n.id AND rv.user_id = :viewer)', 'is_read');
      qb.setParameter('viewer', viewerId);
    } else {
      qb.addSelect('false', 'is_read');
    }
    const { entities, raw } = await qb.getRawAndEntities<{ n_id: string; target_wards: string[]; is_read: boolean }>();
    const extras = new Map(raw.map((r) => [r.n_id, r]));
    return entities.map((notice) => ({
      notice,
      targetWards: extras.get(notice.id)?.target_wards ?? [],
      isRead: extras.get(notice.id)?.is_read === true,
    }));
  }
}
