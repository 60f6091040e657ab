import { toIso } from '../../common/time/dhaka-time.js';
import type { CollectionPoint } from './collection-point.entity.js';
import type {
  CollectionPointResponse,
  PickupRequestResponse,
  WasteGuidelineResponse,
  WasteScheduleResponse,
} from './dto/waste.response.js';
import type { PickupRequest } from './pickup-request.entity.js';
import type { WasteGuideline } from './waste-guideline.entity.js';
import type { WasteSchedule } from './waste-schedule.entity.js';

/** PostgreSQL `time` reads back as HH:MM:SS; the API speaks HH:MM. */
export const hhmm = (time: string): string => time.slice(0, 5);

export function mapWasteSchedule(s: WasteSchedule): WasteScheduleResponse {
  return {
    id: s.id,
    ward: s.wardId,
    waste_types: s.wasteTypes,
    weekdays: [...s.weekdays].sort((a, b) => a - b),
    start_time: hhmm(s.startTime),
    end_time: hhmm(s.endTime),
    notes: s.notes,
    is_active: s.isActive,
    created_at: toIso(s.createdAt),
    updated_at: toIso(s.updatedAt),
  };
}

export function mapCollectionPoint(p: CollectionPoint): CollectionPointResponse {
  return {
    id: p.id,
    name: p.name,
    address: p.address,
    ward: p.wardId,
    latitude: p.latitude,
    longitude: p.longitude,
    waste_types: p.wasteTypes,
    is_active: p.isActive,
    created_at: toIso(p.createdAt),
    updated_at: toIso(p.updatedAt),
  };
}

/** Needs `user` (name, phone) and `assignedTo` (name) loaded. */
export function mapPickupRequest(p: PickupRequest): PickupRequestResponse {
  return {
    id: p.id,
    user: p.userId,
    user_name: p.user?.name ?? '',
    user_phone: p.user?.phone ?? '',
    waste_type: p.wasteType,
    address: p.address,
    ward: p.wardId,
    preferred_date: p.preferredDate,
    scheduled_date: p.scheduledDate,
    notes: p.notes,
    status: p.status,
    assigned_to: p.assignedToId,
    assigned_to_name: p.assignedTo?.name ?? null,
    staff_note: p.staffNote,
    completed_at: toIso(p.completedAt),
    cancelled_at: toIso(p.cancelledAt),
    created_at: toIso(p.createdAt),
    updated_at: toIso(p.updatedAt),
  };
}

/** `imageUrl` resolves a stored key to its public URL. */
export function mapWasteGuideline(g: WasteGuideline, imageUrl: (key: string) => string): WasteGuidelineResponse {
  return {
    id: g.id,
    title: g.title,
    content: g.content,
    category: g.category,
    image_url: g.imageKey ? imageUrl(g.imageKey) : null,
    is_published: g.isPublished,
    created_at: toIso(g.createdAt),
    updated_at: toIso(g.updatedAt),
  };
}
