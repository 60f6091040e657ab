import type { Role } from './roles.js';

/** The caller, as the access token and the revocation check vouch for it. */
export interface AuthUser {
  id: string;
  role: Role;
  /** Wards a staff member works in; empty means every ward (and always empty for citizens). */
  wardIds: string[];
  /** The login (refresh-token family) this access token belongs to. */
  sessionId: string;
}

/** Ward scope of a staff member: `undefined` means all wards. */
export function staffWardScope(user: AuthUser): string[] | undefined {
  return user.role === 'staff' && user.wardIds.length > 0 ? user.wardIds : undefined;
}
