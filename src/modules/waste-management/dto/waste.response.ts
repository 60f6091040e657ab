export class WasteScheduleResponse {
  id: string;
  /** Ward id. */
  ward: string;
  /** Values of the `waste_type` choice set. */
  waste_types: string[];
  /** 0 = Sunday … 6 = Saturday (Asia/Dhaka). */
  weekdays: number[];
  /** HH:MM, Dhaka time. */
  start_time: string;
  end_time: string;
  notes: string | null;
  is_active: boolean;
  created_at: string;
  updated_at: string;
}

export class CollectionPointResponse {
  id: string;
  name: string;
  address: string;
  /** Ward id. */
  ward: string;
  latitude: number;
  longitude: number;
  waste_types: string[];
  is_active: boolean;
  created_at: string;
  updated_at: string;
}

export class PickupRequestResponse {
  id: string;
  /** Id of the requesting user. */
  user: string;
  /** The requester's name and phone, for the crew. */
  user_name: string;
  user_phone: string;
  /** A value of the `waste_type` choice set. */
  waste_type: string;
  address: string;
  /** Ward id. */
  ward: string;
  /** YYYY-MM-DD. */
  preferred_date: string;
  /** YYYY-MM-DD, once scheduled. */
  scheduled_date: string | null;
  notes: string | null;
  /** A value of the `pickup_status` choice set. */
  status: string;
  /** Id of the staff member handling it. */
  assigned_to: string | null;
  assigned_to_name: string | null;
  staff_note: string | null;
  completed_at: string | null;
  cancelled_at: string | null;
  created_at: string;
  updated_at: string;
}

export class WasteGuidelineResponse {
  id: string;
  title: string;
  content: string;
  /** A value of the `guideline_category` choice set. */
  category: string;
  image_url: string | null;
  is_published: boolean;
  created_at: string;
  updated_at: string;
}
