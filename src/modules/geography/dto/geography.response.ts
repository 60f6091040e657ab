export class CityCorporationResponse {
  id: string;
  name: string;
  name_bn: string;
  code: string;
  created_at: string;
  updated_at: string;
}

export class ZoneResponse {
  id: string;
  /** City corporation id. */
  city_corporation: string;
  number: number;
  name: string;
  name_bn: string;
  created_at: string;
  updated_at: string;
}

export class WardResponse {
  id: string;
  /** Zone id. */
  zone: string;
  /** City corporation id. */
  city_corporation: string;
  number: number;
  name: string;
  name_bn: string;
  created_at: string;
  updated_at: string;
}
