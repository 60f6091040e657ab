import { toIso } from '../../common/time/dhaka-time.js';
import type { EmergencyContactResponse, EmergencyRequestResponse } from './dto/emergency.response.js';
import type { EmergencyContact } from './emergency-contact.entity.js';
import type { EmergencyRequest } from './emergency-request.entity.js';

export function mapEmergencyContact(c: EmergencyContact): EmergencyContactResponse {
  return {
    id: c.id,
    contact_type: c.contactType,
    name: c.name,
    phone: c.phone,
    description: c.description,
    ward: c.wardId,
    sort_order: c.sortOrder,
    created_at: toIso(c.createdAt),
    updated_at: toIso(c.updatedAt),
  };
}

/** Needs `user` (name, phone) and `assignedTo` (name) loaded. */
export function mapEmergencyRequest(r: EmergencyRequest): EmergencyRequestResponse {
  return {
    id: r.id,
    user: r.userId,
    user_name: r.user?.name ?? '',
    user_phone: r.user?.phone ?? '',
    emergency_type: r.emergencyType,
    priority: r.priority,
    status: r.status,
    description: r.description,
    location: r.location,
    latitude: r.latitude,
    longitude: r.longitude,
    ward: r.wardId,
    assigned_to: r.assignedToId,
    assigned_to_name: r.assignedTo?.name ?? null,
    accepted_at: toIso(r.acceptedAt),
    responded_at: toIso(r.respondedAt),
    escalated_at: toIso(r.escalatedAt),
    cancelled_at: toIso(r.cancelledAt),
    resolution_note: r.resolutionNote,
    created_at: toIso(r.createdAt),
    updated_at: toIso(r.updatedAt),
  };
}
