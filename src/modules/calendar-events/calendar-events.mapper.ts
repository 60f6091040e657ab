import { toIso } from '../../common/time/dhaka-time.js';
import type { CalendarEvent } from './calendar-event.entity.js';
import type { CalendarEventResponse } from './dto/calendar-events.response.js';

const toCoordinate = (value: string | null): number | null => (value === null ? null : Number(value));

export function mapCalendarEvent(e: CalendarEvent): CalendarEventResponse {
  return {
    id: e.id,
    title: e.title,
    description: e.description,
    event_type: e.eventType,
    start_at: toIso(e.startAt),
    end_at: toIso(e.endAt),
    all_day: e.allDay,
    location: e.location,
    latitude: toCoordinate(e.latitude),
    longitude: toCoordinate(e.longitude),
    ward: e.wardId,
    created_at: toIso(e.createdAt),
    updated_at: toIso(e.updatedAt),
  };
}
