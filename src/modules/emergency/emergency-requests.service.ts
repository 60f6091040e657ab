import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { Brackets, Repository, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { staffWardScope, type AuthUser } from '../../common/auth/auth-user.js';
import { DomainEvents } from '../../common/events/domain-event.js';
import { NotFoundError, PermissionDeniedException } from '../../common/http/api-errors.js';
import { pageWindow, toPage, type Page } from '../../common/pagination/pagination.js';
import { cityServicesConfig, type CityServicesConfig } from '../../config/city-services.config.js';
import { TransactionRunner, type ChangeOrigin, type UnitOfWork } from '../../database/unit-of-work.js';
import { AuditService } from '../audit/audit.service.js';
import { GeographyService } from '../geography/geography.service.js';
import { OutboxService } from '../queue/outbox.service.js';
import { UserDirectory, withRequesterAndAssignee } from '../users/user-directory.js';
import type {
  CancelEmergencyRequestDto,
  CreateEmergencyRequestDto,
  EmergencyRequestQuery,
  ResolveEmergencyRequestDto,
} from './dto/emergency.dto.js';
import type { EmergencyRequestResponse } from './dto/emergency.response.js';
import {
  EMERGENCY_CANCELLED,
  EMERGENCY_IN_PROGRESS,
  EMERGENCY_PRIORITY,
  EMERGENCY_RESOLVED,
  EMERGENCY_SUBMITTED,
  type EmergencyStatus,
} from './emergency.choices.js';
import { EmergencyEscalated, EmergencyRequested, EmergencyRequestStatusChanged } from './emergency.events.js';
import { mapEmergencyRequest } from './emergency.mapper.js';
import { EmergencyRequest } from './emergency-request.entity.js';

/** The Bull job id of a request's escalation: one per request, however often it is enqueued. */
export const escalationJobId = (requestId: string): string => `escalate-emergency-${requestId}`;

/**
 * Emergency requests. Who sees what: the requester their own; staff those of
 * their wards and those with no ward (everyone was alerted to them), all when
 * they have no wards; admins all. Anyone else's request is a 404.
 */
@Injectable()
export class EmergencyRequestsService {
  constructor(
    @InjectRepository(EmergencyRequest) private readonly requests: Repository<EmergencyRequest>,
    private readonly tx: TransactionRunner,
    private readonly events: DomainEvents,
    private readonly outbox: OutboxService,
    private readonly geography: GeographyService,
    @Inject(cityServicesConfig.KEY) private readonly config: CityServicesConfig,
    private readonly audit: AuditService,
  ) {}

  /**
   * Records the request (priority always উচ্চ), alerts the staff covering its
   * ward in the same transaction, and schedules the escalation check.
   */
  async create(user: AuthUser, dto: CreateEmergencyRequestDto): Promise<EmergencyRequestResponse> {
    await this.geography.assertWardsExist('ward', [dto.ward]);
    return this.tx.run(user.origin, async (uow) => {
      const wardId = dto.ward ?? (await UserDirectory.homeWard(uow.manager, user.id));
      const entity = uow.manager.create(EmergencyRequest, {
        userId: user.id,
        emergencyType: dto.emergency_type,
        priority: EMERGENCY_PRIORITY,
        status: EMERGENCY_SUBMITTED,
        description: dto.description,
        location: dto.location,
        latitude: dto.latitude ?? null,
        longitude: dto.longitude ?? null,
        wardId,
      });
      await uow.manager.insert(EmergencyRequest, entity);
      const response = mapEmergencyRequest(await this.loadLocked(uow.manager, entity.id));
      await this.outbox.enqueue(
        uow,
        'escalateEmergency',
        { requestId: entity.id },
        { delayMs: this.config.emergencyEscalationDelayMs, jobId: escalationJobId(entity.id) },
      );
      await this.events.publish(uow, new EmergencyRequested(response));
      return response;
    });
  }

  async list(request: FastifyRequest, user: AuthUser, query: EmergencyRequestQuery): Promise<Page<EmergencyRequestResponse>> {
    const window = pageWindow(query);
    const qb = withRequesterAndAssignee(this.requests.createQueryBuilder('r'));
    this.restrictToVisible(qb, user);
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.emergency_type) qb.andWhere('r.emergencyType = :type', { type: query.emergency_type });
    if (query.ward) qb.andWhere('r.wardId = :ward', { ward: query.ward });
    qb.orderBy('r.createdAt', query.ordering === 'created_at' ? 'ASC' : 'DESC').addOrderBy('r.id', 'DESC');
    const [rows, count] = await qb.skip(window.offset).take(window.pageSize).getManyAndCount();
    return toPage(request, window, count, rows.map(mapEmergencyRequest));
  }

  async get(user: AuthUser, id: string): Promise<EmergencyRequestResponse> {
    const found = await this.load(this.requests.manager, id);
    if (!this.canSee(user, found)) throw new NotFoundError();
    return mapEmergencyRequest(found);
  }

  /** A staff member in scope (or an admin) takes the request: assigned to them, প্রক্রিয়াধীন. */
  accept(user: AuthUser, id: string): Promise<EmergencyRequestResponse> {
    return this.change(user, id, (r) => {
      if (!this.canRespond(user, r)) throw new PermissionDeniedException();
      if (r.status === EMERGENCY_IN_PROGRESS && r.assignedToId === user.id) return false; // accepting twice is harmless
      if (r.status === EMERGENCY_IN_PROGRESS)
        throw new ConflictException({ detail: 'Another staff member has already accepted this request.' });
      if (r.status !== EMERGENCY_SUBMITTED) throw this.closed(r);
      Object.assign(r, { status: EMERGENCY_IN_PROGRESS, assignedToId: user.id, acceptedAt: new Date() });
      return true;
    });
  }

  /** The staff member who accepted it (or an admin) marks it resolved; `responded_at` is set. */
  resolve(user: AuthUser, id: string, dto: ResolveEmergencyRequestDto): Promise<EmergencyRequestResponse> {
    return this.change(user, id, (r) => {
      const isAdmin = user.role === 'admin';
      if (!isAdmin && r.assignedToId !== user.id) {
        throw new PermissionDeniedException('Only the staff member who accepted this request or an admin can resolve it.');
      }
      if (r.status !== EMERGENCY_IN_PROGRESS && !(isAdmin && r.status === EMERGENCY_SUBMITTED)) throw this.closed(r);
      const now = new Date();
      Object.assign(r, {
        status: EMERGENCY_RESOLVED,
        respondedAt: now,
        resolutionNote: dto.note ?? null,
        // An admin closing an unaccepted request is the one who responded.
        assignedToId: r.assignedToId ?? user.id,
        acceptedAt: r.acceptedAt ?? now,
      });
      return true;
    });
  }

  /** The requester withdraws it before anyone accepts; an admin may cancel any open request (false alarms). */
  cancel(user: AuthUser, id: string, dto: CancelEmergencyRequestDto): Promise<EmergencyRequestResponse> {
    return this.change(user, id, (r) => {
      const isAdmin = user.role === 'admin';
      if (!isAdmin && r.userId !== user.id) throw new PermissionDeniedException();
      const open = isAdmin ? [EMERGENCY_SUBMITTED, EMERGENCY_IN_PROGRESS] : [EMERGENCY_SUBMITTED];
      if (r.status === EMERGENCY_IN_PROGRESS && !isAdmin) {
        throw new ConflictException({ detail: 'Help is already on the way: an accepted request can no longer be cancelled.' });
      }
      if (!open.includes(r.status)) throw this.closed(r);
      Object.assign(r, { status: EMERGENCY_CANCELLED, cancelledAt: new Date(), resolutionNote: dto.reason ?? null });
      return true;
    });
  }

  /**
   * The delayed escalation job: if the request is still open and nobody has
   * accepted it, mark it escalated and tell the admins. Anything else — it was
   * accepted, resolved, cancelled, already escalated, or deleted — does nothing.
   */
  async escalate(origin: ChangeOrigin, requestId: string): Promise<{ escalated: boolean }> {
    return this.tx.run(origin, async (uow) => {
      const locked = await this.lock(uow.manager, requestId);
      if (!locked) return { escalated: false };
      const r = await this.loadLocked(uow.manager, requestId);
      if (r.status !== EMERGENCY_SUBMITTED || r.assignedToId || r.escalatedAt) return { escalated: false };
      await uow.manager.update(EmergencyRequest, { id: r.id }, { escalatedAt: new Date() });
      const response = mapEmergencyRequest(await this.loadLocked(uow.manager, r.id));
      await this.events.publish(uow, new EmergencyEscalated(response));
      return { escalated: true };
    });
  }

  // --- helpers -----------------------------------------------------------------------

  /**
   * Locks the request, checks the caller may see it (404 otherwise), lets
   * `apply` validate and modify it, saves and publishes the status change.
   * `apply` returns false when there is nothing to change.
   */
  private async change(user: AuthUser, id: string, apply: (r: EmergencyRequest) => boolean): Promise<EmergencyRequestResponse> {
    return this.tx.run(user.origin, async (uow: UnitOfWork) => {
      if (!(await this.lock(uow.manager, id))) throw new NotFoundError();
      const r = await this.loadLocked(uow.manager, id);
      if (!this.canSee(user, r)) throw new NotFoundError();
      const from: EmergencyStatus = r.status;
      const trail = this.audit.track(uow, EmergencyRequest, r);
      if (!apply(r)) return mapEmergencyRequest(r);
      await uow.manager.update(
        EmergencyRequest,
        { id },
        {
          status: r.status,
          assignedToId: r.assignedToId,
          acceptedAt: r.acceptedAt,
          respondedAt: r.respondedAt,
          cancelledAt: r.cancelledAt,
          resolutionNote: r.resolutionNote,
        },
      );
      await trail.record('status_change', r);
      const response = mapEmergencyRequest(await this.loadLocked(uow.manager, id));
      await this.events.publish(uow, new EmergencyRequestStatusChanged(response, from, user.id));
      return response;
    });
  }

  private closed(r: EmergencyRequest): ConflictException {
    return new ConflictException({
      detail: r.status === EMERGENCY_RESOLVED ? 'This request has already been resolved.' : 'This request has been cancelled.',
    });
  }

  private canSee(user: AuthUser, r: EmergencyRequest | null): r is EmergencyRequest {
    if (!r) return false;
    return r.userId === user.id || this.canRespond(user, r);
  }

  /** Admins, and staff whose scope covers the request's ward (a request without a ward went to all staff). */
  private canRespond(user: AuthUser, r: EmergencyRequest): boolean {
    if (user.role === 'admin') return true;
    if (user.role !== 'staff') return false;
    const scope = staffWardScope(user);
    return !scope || r.wardId === null || scope.includes(r.wardId);
  }

  private restrictToVisible(qb: SelectQueryBuilder<EmergencyRequest>, user: AuthUser): void {
    if (user.role === 'admin') return;
    if (user.role === 'citizen') {
      qb.andWhere('r.userId = :me', { me: user.id });
      return;
    }
    const scope = staffWardScope(user);
    if (!scope) return;
    qb.andWhere(new Brackets((w) => w.where('r.userId = :me').orWhere('r.wardId IS NULL').orWhere('r.wardId IN (:...scope)')), {
      me: user.id,
      scope,
    });
  }

  private load(manager: EntityManager, id: string): Promise<EmergencyRequest | null> {
    return withRequesterAndAssignee(manager.createQueryBuilder(EmergencyRequest, 'r')).where('r.id = :id', { id }).getOne();
  }

  /** `load` for a row known to exist (locked, or inserted, in this transaction). */
  private async loadLocked(manager: EntityManager, id: string): Promise<EmergencyRequest> {
    return (await this.load(manager, id))!;
  }

  /** Takes the row lock; false when there is no such request. */
  private async lock(manager: EntityManager, id: string): Promise<boolean> {
    const rows: unknown[] = await manager.query('SELECT id FROM emergency_requests WHERE id = $1 FOR UPDATE', [id]);
    return rows.length > 0;
  }
}
