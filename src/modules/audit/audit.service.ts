import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { Repository, type EntityTarget, type FindOptionsWhere, type ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { FieldValidationException, NotFoundError } from '../../common/http/api-errors.js';
import { pageWindow, toPage, type Page } from '../../common/pagination/pagination.js';
import { toIso } from '../../common/time/dhaka-time.js';
import { TransactionRunner, type ChangeOrigin, type UnitOfWork } from '../../database/unit-of-work.js';
import { AUDIT_ENTITY_TYPES, type AuditEntityType } from './audit.choices.js';
import { AuditLog, type AuditSnapshot } from './audit-log.entity.js';
import { mapAuditLog } from './audit.mapper.js';
import { auditRange, type AuditLogQuery } from './dto/audit.query.js';
import type { AuditLogResponse } from './dto/audit.response.js';

/** Columns that never go into the log: credentials and token versions, raw gateway payloads, bookkeeping times. */
const OMITTED_COLUMNS = /password|hash|token|secret|gateway_response|^created_at$|^updated_at$/;

export interface AuditEntry {
  /** `<entity_type>.<verb>`. */
  action: string;
  entityType: AuditEntityType;
  entityId: string | null;
  before?: AuditSnapshot | null;
  after?: AuditSnapshot | null;
}

/** An entity the log can name: every audited table has a uuid `id`. */
type Audited = ObjectLiteral & { id: string };

/** A change being recorded: the record as it was when tracking began, then what became of it. */
export class AuditChange<T extends Audited> {
  constructor(
    private readonly audit: AuditService,
    private readonly uow: UnitOfWork,
    private readonly target: EntityTarget<T>,
    private readonly entityId: string,
    private readonly before: AuditSnapshot,
  ) {}

  /** `<type>.<verb>` with the fields that changed (nothing is written when none did). */
  record(verb: string, after: T, extra: AuditSnapshot = {}): Promise<void> {
    return this.audit.record(this.uow, {
      action: `${this.audit.entityType(this.uow, this.target)}.${verb}`,
      entityType: this.audit.entityType(this.uow, this.target),
      entityId: this.entityId,
      before: this.before,
      after: { ...this.audit.snapshot(this.uow, this.target, after), ...extra },
    });
  }

  updated(after: T, extra: AuditSnapshot = {}): Promise<void> {
    return this.record('update', after, extra);
  }

  /** `<type>.delete` with the record as it was. */
  deleted(): Promise<void> {
    const type = this.audit.entityType(this.uow, this.target);
    return this.audit.record(this.uow, {
      action: `${type}.delete`,
      entityType: type,
      entityId: this.entityId,
      before: this.before,
    });
  }
}

/**
 * The audit log: who changed what, from where, and how. Services call it
 * inside the transaction of the change, so a change and its entry commit or
 * roll back together. The actor, IP, user agent and request id come from the
 * unit of work's origin (the caller's request or socket event); a job or the
 * CLI writes entries without an actor.
 */
@Injectable()
export class AuditService {
  constructor(
    @InjectRepository(AuditLog) private readonly logs: Repository<AuditLog>,
    private readonly tx: TransactionRunner,
  ) {}

  /**
   * Writes one entry. When both `before` and `after` are given, only the
   * fields that differ are kept; if none differ, nothing is written.
   */
  async record(uow: UnitOfWork, entry: AuditEntry): Promise<void> {
    let { before = null, after = null } = entry;
    if (before && after) {
      const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
        (k) => JSON.stringify(before![k] ?? null) !== JSON.stringify(after![k] ?? null),
      );
      if (!keys.length) return;
      before = Object.fromEntries(keys.map((k) => [k, before![k] ?? null]));
      after = Object.fromEntries(keys.map((k) => [k, after![k] ?? null]));
    }
    const ctx = uow.origin;
    await uow.manager.insert(AuditLog, {
      actorId: ctx?.actorId ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before,
      after,
      ip: ctx?.ip?.slice(0, 64) ?? null,
      userAgent: ctx?.userAgent?.slice(0, 500) ?? null,
      requestId: ctx?.requestId ?? null,
      // The moment of the entry, not of the transaction: entries of one request keep their order.
      createdAt: () => 'clock_timestamp()',
    } as QueryDeepPartialEntity<AuditLog>);
  }

  /** `<type>.create` with the new record. */
  created<T extends Audited>(uow: UnitOfWork, target: EntityTarget<T>, entity: T, extra: AuditSnapshot = {}): Promise<void> {
    const type = this.entityType(uow, target);
    return this.record(uow, {
      action: `${type}.create`,
      entityType: type,
      entityId: entity.id,
      after: { ...this.snapshot(uow, target, entity), ...extra },
    });
  }

  /** Starts recording a change to `entity` (read in this transaction): call before changing it. */
  track<T extends Audited>(uow: UnitOfWork, target: EntityTarget<T>, entity: T, extra: AuditSnapshot = {}): AuditChange<T> {
    return new AuditChange(this, uow, target, entity.id, { ...this.snapshot(uow, target, entity), ...extra });
  }

  /** The record's columns as stored (snake_case), without credentials, gateway payloads or bookkeeping times. */
  snapshot<T extends ObjectLiteral>(uow: UnitOfWork, target: EntityTarget<T>, entity: T): AuditSnapshot {
    const out: AuditSnapshot = {};
    for (const column of uow.manager.connection.getMetadata(target).columns) {
      if (OMITTED_COLUMNS.test(column.databaseName)) continue;
      const value = column.getEntityValue(entity) as unknown;
      if (value === undefined) continue;
      // Times of day as HH:MM, whether read from the database (07:00:00) or just set (07:00).
      if (column.type === 'time' && typeof value === 'string') out[column.databaseName] = value.slice(0, 5);
      else out[column.databaseName] = value instanceof Date ? toIso(value) : value;
    }
    return out;
  }

  /** The entity type of an entity class (`CalendarEvent` → `calendar_event`), one of AUDIT_ENTITY_TYPES. */
  entityType(uow: UnitOfWork, target: EntityTarget<ObjectLiteral>): AuditEntityType {
    const name = uow.manager.connection
      .getMetadata(target)
      .name.replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .toLowerCase();
    if (!AUDIT_ENTITY_TYPES.some((t) => t.value === name)) throw new Error(`${name} is not an audited entity type`);
    return name as AuditEntityType;
  }

  // --- one record, written and recorded in one transaction --------------------------------
  /** Inserts `entity` (defaults and generated columns filled in) and records its creation. */
  async insertRecord<T extends Audited>(origin: ChangeOrigin, target: EntityTarget<T>, entity: T): Promise<T> {
    return this.tx.run(origin, async (uow) => {
      const saved = await uow.manager.save(target, entity);
      await this.created(uow, target, saved);
      return saved;
    });
  }

  /** Locks the record (404 when there is none), lets `apply` change it, saves it and records what changed. */
  async updateRecord<T extends Audited>(
    origin: ChangeOrigin,
    target: EntityTarget<T>,
    id: string,
    apply: (entity: T, uow: UnitOfWork) => unknown,
  ): Promise<T> {
    return this.tx.run(origin, async (uow) => {
      const entity = await this.lockRecord(uow, target, id);
      const change = this.track(uow, target, entity);
      await apply(entity, uow);
      const saved = await uow.manager.save(target, entity);
      await change.updated(saved);
      return saved;
    });
  }

  /** Locks the record (404 when there is none), lets `check` refuse, deletes it and records it as it was. */
  async deleteRecord<T extends Audited>(
    origin: ChangeOrigin,
    target: EntityTarget<T>,
    id: string,
    check?: (entity: T, uow: UnitOfWork) => unknown,
  ): Promise<T> {
    return this.tx.run(origin, async (uow) => {
      const entity = await this.lockRecord(uow, target, id);
      await check?.(entity, uow);
      await uow.manager.delete(target, { id });
      await this.track(uow, target, entity).deleted();
      return entity;
    });
  }

  private async lockRecord<T extends Audited>(uow: UnitOfWork, target: EntityTarget<T>, id: string): Promise<T> {
    const entity = await uow.manager.findOne(target, {
      where: { id } as FindOptionsWhere<T>,
      lock: { mode: 'pessimistic_write' },
    });
    if (!entity) throw new NotFoundError();
    return entity;
  }

  // --- reading ---------------------------------------------------------------------------
  async list(request: FastifyRequest, query: AuditLogQuery): Promise<Page<AuditLogResponse>> {
    const window = pageWindow(query);
    const { from, to } = auditRange(query);
    if (from && to && to <= from) throw FieldValidationException.of('to', 'Must not be earlier than from.');
    const qb = this.logs.createQueryBuilder('a');
    if (query.actor) qb.andWhere('a.actorId = :actor', { actor: query.actor });
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    if (query.entity_type) qb.andWhere('a.entityType = :type', { type: query.entity_type });
    if (query.entity_id) qb.andWhere('a.entityId = :entityId', { entityId: query.entity_id });
    if (from) qb.andWhere('a.createdAt >= :from', { from });
    if (to) qb.andWhere('a.createdAt < :to', { to });
    const direction = query.ordering === 'created_at' ? 'ASC' : 'DESC';
    qb.orderBy('a.createdAt', direction).addOrderBy('a.id', direction);
    const [rows, count] = await qb.skip(window.offset).take(window.pageSize).getManyAndCount();
    return toPage(request, window, count, rows.map(mapAuditLog));
  }
}
