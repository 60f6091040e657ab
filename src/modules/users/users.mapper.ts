import { isStaffRole } from '../../common/auth/roles.js';
import { toIso } from '../../common/time/dhaka-time.js';
import type { DeviceResponse, UserResponse, UserSummaryResponse } from './dto/users.response.js';
import type { UserDevice } from './user-device.entity.js';
import type { User } from './user.entity.js';

export function mapUserSummary(u: User): UserSummaryResponse {
  return { id: u.id, name: u.name, phone: u.phone, email: u.email, role: u.role, is_verified: u.isVerified };
}

/** `avatarUrl` resolves a stored key to its public URL (the storage module's job). */
export function mapUser(u: User, avatarUrl: (key: string) => string): UserResponse {
  return {
    ...mapUserSummary(u),
    is_staff: isStaffRole(u.role),
    is_active: u.isActive,
    address: u.address,
    ward: u.wardId,
    wards: (u.wards ?? []).map((w) => w.id),
    avatar_url: u.avatarKey ? avatarUrl(u.avatarKey) : null,
    language: u.language,
    created_at: toIso(u.createdAt),
    updated_at: toIso(u.updatedAt),
  };
}

export function mapDevice(d: UserDevice): DeviceResponse {
  return { id: d.id, token: d.token, platform: d.platform, created_at: toIso(d.createdAt), updated_at: toIso(d.updatedAt) };
}
