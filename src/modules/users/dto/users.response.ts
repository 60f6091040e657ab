import type { Role } from '../../../common/auth/roles.js';

/** The user as the seed's register/login responses show it. */
export class UserSummaryResponse {
  id: string;
  name: string;
  phone: string;
  email: string | null;
  role: Role;
  is_verified: boolean;
}

/** A full profile (users/me, auth/me, admin views). */
export class UserResponse extends UserSummaryResponse {
  /** True for staff and admin. */
  is_staff: boolean;
  is_active: boolean;
  address: string | null;
  /** Home ward id. */
  ward: string | null;
  /** Wards a staff member works in (empty = all). */
  wards: string[];
  avatar_url: string | null;
  language: string;
  created_at: string;
  updated_at: string;
}

export class DeviceResponse {
  id: string;
  token: string;
  platform: string;
  created_at: string;
  updated_at: string;
}
