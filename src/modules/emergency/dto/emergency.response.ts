export class EmergencyContactResponse {
  id: string;
  /** A value of the `emergency_contact_type` choice set. */
  contact_type: string;
  name: string;
  /** The number to dial. */
  phone: string;
  description: string | null;
  /** Ward id; null for national numbers shown everywhere. */
  ward: string | null;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

export class EmergencyRequestResponse {
  id: string;
  /** Id of the user who asked for help. */
  user: string;
  /** The requester's name and phone, so the responder can call back. */
  user_name: string;
  user_phone: string;
  /** A value of the `emergency_type` choice set (Bengali). */
  emergency_type: string;
  /** Always `উচ্চ`. */
  priority: string;
  /** A value of the `emergency_status` choice set (Bengali). */
  status: string;
  description: string;
  location: string;
  latitude: number | null;
  longitude: number | null;
  /** Ward id, or null when neither the request nor the requester named one. */
  ward: string | null;
  /** Id of the staff member who accepted it. */
  assigned_to: string | null;
  assigned_to_name: string | null;
  accepted_at: string | null;
  /** When it was resolved. */
  responded_at: string | null;
  /** When it was escalated to the admins for want of an accepting staff member. */
  escalated_at: string | null;
  cancelled_at: string | null;
  resolution_note: string | null;
  created_at: string;
  updated_at: string;
}
