import { toIso } from '../../common/time/dhaka-time.js';
import type { CityCorporation } from './city-corporation.entity.js';
import type { CityCorporationResponse, WardResponse, ZoneResponse } from './dto/geography.response.js';
import type { Ward } from './ward.entity.js';
import type { Zone } from './zone.entity.js';

export function mapCityCorporation(c: CityCorporation): CityCorporationResponse {
  return {
    id: c.id,
    name: c.name,
    name_bn: c.nameBn,
    code: c.code,
    created_at: toIso(c.createdAt),
    updated_at: toIso(c.updatedAt),
  };
}

export function mapZone(z: Zone): ZoneResponse {
  return {
    id: z.id,
    city_corporation: z.cityCorporationId,
    number: z.number,
    name: z.name,
    name_bn: z.nameBn,
    created_at: toIso(z.createdAt),
    updated_at: toIso(z.updatedAt),
  };
}

export function mapWard(w: Ward): WardResponse {
  return {
    id: w.id,
    zone: w.zoneId,
    city_corporation: w.cityCorporationId,
    number: w.number,
    name: w.name,
    name_bn: w.nameBn,
    created_at: toIso(w.createdAt),
    updated_at: toIso(w.updatedAt),
  };
}
