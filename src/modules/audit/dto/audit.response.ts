/** One audit log entry. */
export class AuditLogResponse {
  id: string;
  /** The user who made the change (null: the system). */
  actor: string | null;
  /** `<entity_type>.<verb>`, e.g. `user.update`, `complaint.status_change`, `payment.refund`, `notice.delete`. */
  action: string;
  entity_type: string;
  entity_id: string | null;
  /** The changed fields before the change (the whole record for a deletion); null for a creation. */
  before: Record<string, unknown> | null;
  /** The changed fields after the change (the whole record for a creation); null for a deletion. */
  after: Record<string, unknown> | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  created_at: string;
}
