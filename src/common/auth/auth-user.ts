import type { RequestContext } from '../http/request-context.js';
import type { Role } from './roles.js';

/** Who an access token stands for, as the token and the revocation check vouch for it. */
export interface Identity {
  id: string;
  role: Role;
  /** Wards a staff member works in; empty means every ward (and always empty for citizens). */
  wardIds: string[];
  /** The login (refresh-token family) this access token belongs to. */
  sessionId: string;
}

/**
 * The caller of one request (or socket event): who they are and where the
 * request comes from. What they change is recorded with `origin` (the audit
 * log's actor, IP, user agent and request id; the request id of the jobs it
 * causes).
 */
export interface AuthUser extends Identity {
  readonly origin: RequestContext;
}

/** `identity` calling within `origin`, which then names them as its actor. */
export function callerOf(identity: Identity, origin: RequestContext): AuthUser {
  origin.actorId = identity.id;
  return { id: identity.id, role: identity.role, wardIds: identity.wardIds, sessionId: identity.sessionId, origin };
}

/** Ward scope of a staff member: `undefined` means all wards. */
export function staffWardScope(user: Identity): string[] | undefined {
  return user.role === 'staff' && user.wardIds.length > 0 ? user.wardIds : undefined;
}
