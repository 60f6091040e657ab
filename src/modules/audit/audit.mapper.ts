import { toIso } from '../../common/time/dhaka-time.js';
import type { AuditLog } from './audit-log.entity.js';
import type { AuditLogResponse } from './dto/audit.response.js';

export function mapAuditLog(log: AuditLog): AuditLogResponse {
  return {
    id: log.id,
    actor: log.actorId,
    action: log.action,
    entity_type: log.entityType,
    entity_id: log.entityId,
    before: log.before,
    after: log.after,
    ip: log.ip,
    user_agent: log.userAgent,
    request_id: log.requestId,
    created_at: toIso(log.createdAt),
  };
}
