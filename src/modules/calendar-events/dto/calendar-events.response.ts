export class CalendarEventResponse {
  id: string;
  title: string;
  description: string;
  /** holiday | maintenance_day | collection_day | special_event */
  event_type: string;
  start_at: string;
  end_at: string;
  all_day: boolean;
  location: string;
  latitude: number | null;
  longitude: number | null;
  /** Ward id; null = city-wide. */
  ward: string | null;
  created_at: string;
  updated_at: string;
}
