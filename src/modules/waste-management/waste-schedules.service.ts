import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { DomainEvents } from '../../common/events/domain-event.js';
import { FieldValidationException, NotFoundError } from '../../common/http/api-errors.js';
import { pageWindow, toPage, type Page } from '../../common/pagination/pagination.js';
import { minutesOfDay } from '../../common/validation/date-time.js';
import { TransactionRunner, type UnitOfWork } from '../../database/unit-of-work.js';
import { AuditService } from '../audit/audit.service.js';
import { GeographyService } from '../geography/geography.service.js';
import type { ScheduleChangeKind } from '../queue/jobs.js';
import type { CreateWasteScheduleDto, UpdateWasteScheduleDto, WasteScheduleQuery } from './dto/waste.dto.js';
import type { WasteScheduleResponse } from './dto/waste.response.js';
import { WasteSchedule } from './waste-schedule.entity.js';
import { WasteScheduleChanged } from './waste.events.js';
import { hhmm, mapWasteSchedule } from './waste.mapper.js';

const isAdmin = (user?: AuthUser): boolean => user?.role === 'admin';

/**
 * Collection schedules: public reads (active ones), admin writes. Every change
 * citizens can see publishes `WasteScheduleChanged` for the ward(s) concerned;
 * the notification itself goes out from a queue job, in batches.
 */
@Injectable()
export class WasteSchedulesService {
  constructor(
    @InjectRepository(WasteSchedule) private readonly schedules: Repository<WasteSchedule>,
    private readonly tx: TransactionRunner,
    private readonly events: DomainEvents,
    private readonly geography: GeographyService,
    private readonly audit: AuditService,
  ) {}

  async list(
    request: FastifyRequest,
    user: AuthUser | undefined,
    query: WasteScheduleQuery,
  ): Promise<Page<WasteScheduleResponse>> {
    const window = pageWindow(query);
    const qb = this.schedules.createQueryBuilder('s').orderBy('s.startTime', 'ASC').addOrderBy('s.id', 'ASC');
    if (!isAdmin(user)) qb.andWhere('s.isActive = true');
    else if (query.is_active !== undefined) qb.andWhere('s.isActive = :active', { active: query.is_active });
    if (query.ward) qb.andWhere('s.wardId = :ward', { ward: query.ward });
    if (query.weekday !== undefined) qb.andWhere('s.weekdays @> ARRAY[:weekday]::smallint[]', { weekday: query.weekday });
    if (query.waste_type) qb.andWhere('s.wasteTypes @> ARRAY[:type]::varchar[]', { type: query.waste_type });
    const [rows, count] = await qb.skip(window.offset).take(window.pageSize).getManyAndCount();
    return toPage(request, window, count, rows.map(mapWasteSchedule));
  }

  async get(user: AuthUser | undefined, id: string): Promise<WasteScheduleResponse> {
    const found = await this.schedules.findOneBy({ id });
    if (!found || (!found.isActive && !isAdmin(user))) throw new NotFoundError();
    return mapWasteSchedule(found);
  }

  async create(actor: AuthUser, dto: CreateWasteScheduleDto): Promise<WasteScheduleResponse> {
    assertWindow(dto.start_time, dto.end_time);
    await this.geography.assertWardsExist('ward', [dto.ward]);
    return this.tx.run(actor.origin, async (uow) => {
      const entity = uow.manager.create(WasteSchedule, {
        wardId: dto.ward,
        wasteTypes: dto.waste_types,
        weekdays: dto.weekdays,
        startTime: dto.start_time,
        endTime: dto.end_time,
        notes: dto.notes ?? null,
        isActive: dto.is_active ?? true,
        version: 1,
      });
      await uow.manager.save(entity);
      await this.audit.created(uow, WasteSchedule, entity);
      if (entity.isActive) await this.publish(uow, entity, 'created');
      return mapWasteSchedule(entity);
    });
  }

  async update(actor: AuthUser, id: string, dto: UpdateWasteScheduleDto): Promise<WasteScheduleResponse> {
    return this.tx.run(actor.origin, async (uow) => {
      const before = await this.lock(uow, id);
      const after = uow.manager.create(WasteSchedule, {
        ...before,
        wardId: dto.ward ?? before.wardId,
        wasteTypes: dto.waste_types ?? before.wasteTypes,
        weekdays: dto.weekdays ?? before.weekdays,
        startTime: dto.start_time ?? hhmm(before.startTime),
        endTime: dto.end_time ?? hhmm(before.endTime),
        notes: dto.notes !== undefined ? dto.notes : before.notes,
        isActive: dto.is_active ?? before.isActive,
      });
      assertWindow(after.startTime, after.endTime, dto.end_time === undefined ? 'start_time' : 'end_time');
      if (after.wardId !== before.wardId) await this.geography.assertWardsExist('ward', [after.wardId]);
      if (!changed(before, after)) return mapWasteSchedule(before);
      after.version = before.version + 1;
      await uow.manager.save(after);
      await this.audit.track(uow, WasteSchedule, before).updated(after);
      // What the citizens of each ward concerned now see.
      const moved = after.wardId !== before.wardId;
      if (before.isActive && (!after.isActive || moved))
        await this.publish(uow, { ...before, version: after.version }, 'deleted');
      if (after.isActive && (!before.isActive || moved)) await this.publish(uow, after, 'created');
      else if (after.isActive && before.isActive) await this.publish(uow, after, 'updated');
      return mapWasteSchedule(after);
    });
  }

  async delete(actor: AuthUser, id: string): Promise<void> {
    await this.tx.run(actor.origin, async (uow) => {
      const entity = await this.lock(uow, id);
      await uow.manager.delete(WasteSchedule, { id });
      await this.audit.track(uow, WasteSchedule, entity).deleted();
      if (entity.isActive) await this.publish(uow, { ...entity, version: entity.version + 1 }, 'deleted');
    });
  }

  private async lock(uow: UnitOfWork, id: string): Promise<WasteSchedule> {
    const found = await uow.manager.findOne(WasteSchedule, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!found) throw new NotFoundError();
    return found;
  }

  private publish(uow: UnitOfWork, s: WasteSchedule, change: ScheduleChangeKind): Promise<void> {
    return this.events.publish(
      uow,
      new WasteScheduleChanged({
        wardId: s.wardId,
        scheduleId: s.id,
        change,
        version: s.version,
        wasteTypes: s.wasteTypes,
        weekdays: [...s.weekdays].sort((a, b) => a - b),
        startTime: hhmm(s.startTime),
        endTime: hhmm(s.endTime),
      }),
    );
  }
}

/** "dates in order": the window must end after it starts (same day). */
function assertWindow(start: string, end: string, field = 'end_time'): void {
  if (minutesOfDay(end) <= minutesOfDay(start)) {
    throw FieldValidationException.of(field, 'The end time must be after the start time.');
  }
}

function changed(a: WasteSchedule, b: WasteSchedule): boolean {
  const sameList = (x: Array<string | number>, y: Array<string | number>) =>
    x.length === y.length && [...x].sort().join() === [...y].sort().join();
  return (
    a.wardId !== b.wardId ||
    !sameList(a.wasteTypes, b.wasteTypes) ||
    !sameList(a.weekdays, b.weekdays) ||
    hhmm(a.startTime) !== hhmm(b.startTime) ||
    hhmm(a.endTime) !== hhmm(b.endTime) ||
    a.notes !== b.notes ||
    a.isActive !== b.isActive
  );
}
