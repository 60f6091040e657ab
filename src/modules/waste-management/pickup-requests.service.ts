import { ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { Brackets, Repository, type EntityManager } from 'typeorm';
import { staffWardScope, type AuthUser } from '../../common/auth/auth-user.js';
import { DomainEvents } from '../../common/events/domain-event.js';
import { FieldValidationException, NotFoundError, PermissionDeniedException } from '../../common/http/api-errors.js';
import { pageWindow, toPage, type Page } from '../../common/pagination/pagination.js';
import { dhakaDate } from '../../common/time/dhaka-time.js';
import { TransactionRunner } from '../../database/unit-of-work.js';
import { AuditService } from '../audit/audit.service.js';
import { GeographyService } from '../geography/geography.service.js';
import { UserDirectory, withRequesterAndAssignee } from '../users/user-directory.js';
import type { CreatePickupRequestDto, PickupRequestQuery, UpdatePickupStatusDto } from './dto/waste.dto.js';
import type { PickupRequestResponse } from './dto/waste.response.js';
import { PickupRequest } from './pickup-request.entity.js';
import { OPEN_PICKUP_STATUSES, PICKUP_TRANSITIONS, type PickupStatus } from './waste.choices.js';
import { PickupRequested, PickupStatusChanged } from './waste.events.js';
import { mapPickupRequest } from './waste.mapper.js';

const PICKUP_ORDER_COLUMNS = { created_at: 'r.createdAt', preferred_date: 'r.preferredDate' } as const;

/**
 * Special pickup requests. Each is assigned on creation to a staff member of
 * its ward — the one with the fewest open pickups (ties: lowest id); staff
 * with no wards are used only when the ward has none of its own; with no
 * staff at all it waits unassigned for whoever updates it first. Visibility
 * is the emergency rule: own for citizens, ward scope for staff, all for admins.
 */
@Injectable()
export class PickupRequestsService {
  constructor(
    @InjectRepository(PickupRequest) private readonly pickups: Repository<PickupRequest>,
    private readonly tx: TransactionRunner,
    private readonly events: DomainEvents,
    private readonly geography: GeographyService,
    private readonly audit: AuditService,
  ) {}

  async create(user: AuthUser, dto: CreatePickupRequestDto): Promise<PickupRequestResponse> {
    await this.geography.assertWardsExist('ward', [dto.ward]);
    return this.tx.run(user.origin, async (uow) => {
      const wardId = dto.ward ?? (await UserDirectory.homeWard(uow.manager, user.id));
      if (!wardId) throw FieldValidationException.of('ward', 'This field is required: your profile has no home ward.');
      const entity = uow.manager.create(PickupRequest, {
        userId: user.id,
        wasteType: dto.waste_type,
        address: dto.address,
        wardId,
        preferredDate: dto.preferred_date,
        notes: dto.notes ?? null,
        status: 'pending',
        assignedToId: await this.pickAssignee(uow.manager, wardId),
      });
      await uow.manager.insert(PickupRequest, entity);
      const response = mapPickupRequest(await this.loadOrFail(uow.manager, entity.id));
      await this.events.publish(uow, new PickupRequested(response));
      return response;
    });
  }

  async list(request: FastifyRequest, user: AuthUser, query: PickupRequestQuery): Promise<Page<PickupRequestResponse>> {
    const window = pageWindow(query);
    const qb = withRequesterAndAssignee(this.pickups.createQueryBuilder('r'));
    if (user.role === 'citizen') qb.andWhere('r.userId = :me', { me: user.id });
    const scope = user.role === 'staff' ? staffWardScope(user) : undefined;
    if (scope) {
      qb.andWhere(new Brackets((w) => w.where('r.userId = :me').orWhere('r.wardId IN (:...scope)')), { me: user.id, scope });
    }
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.waste_type) qb.andWhere('r.wasteType = :type', { type: query.waste_type });
    if (query.ward) qb.andWhere('r.wardId = :ward', { ward: query.ward });
    if (query.assigned_to) qb.andWhere('r.assignedToId = :assignee', { assignee: query.assigned_to });
    const ordering = query.ordering ?? '-created_at';
    const column = PICKUP_ORDER_COLUMNS[ordering.replace('-', '') as keyof typeof PICKUP_ORDER_COLUMNS];
    qb.orderBy(column, ordering.startsWith('-') ? 'DESC' : 'ASC').addOrderBy('r.id', 'DESC');
    const [rows, count] = await qb.skip(window.offset).take(window.pageSize).getManyAndCount();
    return toPage(request, window, count, rows.map(mapPickupRequest));
  }

  async get(user: AuthUser, id: string): Promise<PickupRequestResponse> {
    const found = await this.load(this.pickups.manager, id);
    if (!found || !this.canSee(user, found)) throw new NotFoundError();
    return mapPickupRequest(found);
  }

  /** Staff in scope or an admin move it along: pending → scheduled → completed; pending or scheduled → cancelled. */
  async updateStatus(user: AuthUser, id: string, dto: UpdatePickupStatusDto): Promise<PickupRequestResponse> {
    return this.change(user, id, (r) => {
      if (!this.canManage(user, r)) throw new PermissionDeniedException();
      if (!PICKUP_TRANSITIONS[r.status].includes(dto.status)) {
        throw FieldValidationException.of('status', `Cannot change the status from "${r.status}" to "${dto.status}".`);
      }
      if (dto.scheduled_date !== undefined && dto.status !== 'scheduled') {
        throw FieldValidationException.of('scheduled_date', 'Only given with the status "scheduled".');
      }
      const patch: Partial<PickupRequest> = { status: dto.status };
      if (dto.status === 'scheduled') {
        const date = dto.scheduled_date ?? (r.preferredDate >= dhakaDate() ? r.preferredDate : undefined);
        if (!date) throw FieldValidationException.of('scheduled_date', 'This field is required: the preferred date has passed.');
        patch.scheduledDate = date;
      }
      if (dto.status === 'completed') patch.completedAt = new Date();
      if (dto.status === 'cancelled') patch.cancelledAt = new Date();
      if (dto.note !== undefined) patch.staffNote = dto.note;
      // Nobody was assigned (the ward had no staff): whoever takes it up handles it.
      if (!r.assignedToId && user.role === 'staff') patch.assignedToId = user.id;
      return patch;
    });
  }

  /** The requester withdraws it while it is still pending. */
  async cancel(user: AuthUser, id: string): Promise<PickupRequestResponse> {
    return this.change(user, id, (r) => {
      if (r.userId !== user.id) throw new PermissionDeniedException();
      if (r.status !== 'pending') {
        throw new ConflictException({ detail: 'Only a pending request can be cancelled; please contact your ward office.' });
      }
      return { status: 'cancelled', cancelledAt: new Date() };
    });
  }

  // --- helpers -----------------------------------------------------------------------

  private async change(
    user: AuthUser,
    id: string,
    decide: (r: PickupRequest) => Partial<PickupRequest>,
  ): Promise<PickupRequestResponse> {
    return this.tx.run(user.origin, async (uow) => {
      const locked: unknown[] = await uow.manager.query('SELECT id FROM waste_pickup_requests WHERE id = $1 FOR UPDATE', [id]);
      const r = locked.length ? await this.loadOrFail(uow.manager, id) : null;
      if (!r || !this.canSee(user, r)) throw new NotFoundError();
      const from: PickupStatus = r.status;
      const trail = this.audit.track(uow, PickupRequest, r);
      const patch = decide(r);
      await uow.manager.update(PickupRequest, { id }, patch);
      await trail.record('status_change', Object.assign(r, patch));
      const response = mapPickupRequest(await this.loadOrFail(uow.manager, id));
      await this.events.publish(uow, new PickupStatusChanged(response, from, user.id));
      return response;
    });
  }

  private canSee(user: AuthUser, r: PickupRequest): boolean {
    return r.userId === user.id || this.canManage(user, r);
  }

  private canManage(user: AuthUser, r: PickupRequest): boolean {
    if (user.role === 'admin') return true;
    if (user.role !== 'staff') return false;
    const scope = staffWardScope(user);
    return !scope || scope.includes(r.wardId);
  }

  /** The ward's staff member with the fewest open pickups; city-wide staff only when the ward has none. */
  private async pickAssignee(manager: EntityManager, wardId: string): Promise<string | null> {
    let candidates = await UserDirectory.staffOfWard(manager, wardId);
    if (!candidates.length) candidates = await UserDirectory.cityWideStaff(manager);
    if (!candidates.length) return null;
    const loads: Array<{ assigned_to_id: string; open: number }> = await manager.query(
      `SELECT assigned_to_id, count(*)::int AS open FROM waste_pickup_requests
        WHERE assigned_to_id = ANY($1::uuid[]) AND status = ANY($2::varchar[])
        GROUP BY assigned_to_id`,
      [candidates.map((c) => c.id), OPEN_PICKUP_STATUSES],
    );
    const open = new Map(loads.map((l) => [l.assigned_to_id, l.open]));
    // Candidates come ordered by id, and the sort is stable: ties go to the lowest id.
    return [...candidates].sort((a, b) => (open.get(a.id) ?? 0) - (open.get(b.id) ?? 0))[0].id;
  }

  private load(manager: EntityManager, id: string): Promise<PickupRequest | null> {
    return withRequesterAndAssignee(manager.createQueryBuilder(PickupRequest, 'r')).where('r.id = :id', { id }).getOne();
  }

  private async loadOrFail(manager: EntityManager, id: string): Promise<PickupRequest> {
    return (await this.load(manager, id))!;
  }
}
