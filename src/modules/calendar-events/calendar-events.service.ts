import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { Brackets, Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { FieldValidationException, NotFoundError, type FieldErrors } from '../../common/http/api-errors.js';
import { pageWindow, toPage, type Page } from '../../common/pagination/pagination.js';
import { dhakaDayStart, dhakaMonthRange } from '../../common/time/dhaka-time.js';
import { doesNotExist } from '../../common/validation/db-errors.js';
import { AuditService } from '../audit/audit.service.js';
import { GeographyService } from '../geography/geography.service.js';
import { CalendarEvent } from './calendar-event.entity.js';
import { mapCalendarEvent } from './calendar-events.mapper.js';
import type { CreateCalendarEventDto, UpdateCalendarEventDto } from './dto/calendar-events.dto.js';
import type { CalendarEventQuery } from './dto/calendar-events.query.js';
import type { CalendarEventResponse } from './dto/calendar-events.response.js';

const DAY_MS = 86_400_000;

/** [start, end) instants of the requested range; an open side is undefined. */
interface Range {
  start?: Date;
  end?: Date;
}

/** The city calendar: public reads by Dhaka day or month, admin writes. */
@Injectable()
export class CalendarEventsService {
  constructor(
    @InjectRepository(CalendarEvent) private readonly events: Repository<CalendarEvent>,
    private readonly geography: GeographyService,
    private readonly audit: AuditService,
  ) {}

  /** Events overlapping the range, by start time. */
  async list(request: FastifyRequest, query: CalendarEventQuery): Promise<Page<CalendarEventResponse>> {
    const range = toRange(query);
    const window = pageWindow(query);
    const qb = this.events.createQueryBuilder('e').orderBy('e.startAt', 'ASC').addOrderBy('e.id', 'ASC');
    if (range.end) qb.andWhere('e.startAt < :rangeEnd', { rangeEnd: range.end });
    if (range.start) {
      // Overlap of [start_at, end_at) with the range; an instant event (end = start) counts where it happens.
      qb.andWhere('(e.endAt > :rangeStart OR e.startAt >= :rangeStart)', { rangeStart: range.start });
    }
    if (query.event_type) qb.andWhere('e.eventType = :type', { type: query.event_type });
    if (query.ward) {
      qb.andWhere(new Brackets((w) => w.where('e.wardId = :ward', { ward: query.ward }).orWhere('e.wardId IS NULL')));
    }
    const [rows, count] = await qb.skip(window.offset).take(window.pageSize).getManyAndCount();
    return toPage(request, window, count, rows.map(mapCalendarEvent));
  }

  async get(id: string): Promise<CalendarEventResponse> {
    return mapCalendarEvent(await this.find(id));
  }

  async create(actor: AuthUser, dto: CreateCalendarEventDto): Promise<CalendarEventResponse> {
    const entity = this.events.create({
      title: dto.title,
      description: dto.description ?? '',
      eventType: dto.event_type,
      startAt: dto.start_at,
      endAt: dto.end_at,
      allDay: dto.all_day ?? false,
      location: dto.location ?? '',
      latitude: toNumeric(dto.latitude),
      longitude: toNumeric(dto.longitude),
      wardId: dto.ward ?? null,
      createdById: actor.id,
    });
    await this.validate(entity);
    await this.audit.insertRecord(actor.origin, CalendarEvent, entity);
    return this.get(entity.id);
  }

  async update(actor: AuthUser, id: string, dto: UpdateCalendarEventDto): Promise<CalendarEventResponse> {
    await this.audit.updateRecord(actor.origin, CalendarEvent, id, async (entity) => {
      this.apply(entity, dto);
      await this.validate(entity);
    });
    return this.get(id);
  }

  async remove(actor: AuthUser, id: string): Promise<void> {
    await this.audit.deleteRecord(actor.origin, CalendarEvent, id);
  }

  private apply(entity: CalendarEvent, dto: UpdateCalendarEventDto): void {
    if (dto.title !== undefined) entity.title = dto.title;
    if (dto.description !== undefined) entity.description = dto.description;
    if (dto.event_type !== undefined) entity.eventType = dto.event_type;
    if (dto.start_at !== undefined) entity.startAt = dto.start_at;
    if (dto.end_at !== undefined) entity.endAt = dto.end_at;
    if (dto.all_day !== undefined) entity.allDay = dto.all_day;
    if (dto.location !== undefined) entity.location = dto.location;
    if (dto.latitude !== undefined) entity.latitude = toNumeric(dto.latitude);
    if (dto.longitude !== undefined) entity.longitude = toNumeric(dto.longitude);
    if (dto.ward !== undefined) entity.wardId = dto.ward;
  }

  /** The rules across fields: end not before start, coordinates as a pair, an existing ward. */
  private async validate(e: CalendarEvent): Promise<void> {
    const errors: FieldErrors = {};
    if (e.endAt.getTime() < e.startAt.getTime()) errors.end_at = ['Must not be earlier than start_at.'];
    if ((e.latitude === null) !== (e.longitude === null)) {
      errors[e.latitude === null ? 'latitude' : 'longitude'] = ['Give latitude and longitude together.'];
    }
    if (e.wardId && (await this.geography.missingWardIds([e.wardId])).length) errors.ward = [doesNotExist(e.wardId)];
    if (Object.keys(errors).length) throw new FieldValidationException(errors);
  }

  private async find(id: string): Promise<CalendarEvent> {
    const found = await this.events.findOneBy({ id });
    if (!found) throw new NotFoundError();
    return found;
  }
}

function toNumeric(value: number | null | undefined): string | null {
  return value === null || value === undefined ? null : value.toFixed(6);
}

/** The query's range in instants: from/to are inclusive Dhaka days, month a Dhaka month; neither = from now on. */
function toRange(query: CalendarEventQuery): Range {
  if (query.month && (query.from || query.to)) {
    throw FieldValidationException.of('month', 'Use either month or from/to, not both.');
  }
  if (query.month) {
    const [start, end] = dhakaMonthRange(query.month);
    return { start, end };
  }
  if (query.from && query.to && query.to < query.from) {
    throw FieldValidationException.of('to', 'Must not be earlier than from.');
  }
  if (!query.from && !query.to) return { start: new Date() };
  return {
    start: query.from ? dhakaDayStart(query.from) : undefined,
    end: query.to ? new Date(dhakaDayStart(query.to).getTime() + DAY_MS) : undefined,
  };
}
