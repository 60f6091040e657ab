import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A field → value map of a record as stored (snake_case column names). */
export type AuditSnapshot = Record<string, unknown>;

/**
 * One change made through the API: who (actor, IP, user agent, request id),
 * what (action, entity type and id) and how (the fields before and after).
 * Written in the same transaction as the change. Append-only: a trigger
 * refuses UPDATE and DELETE. Ids are kept as values, not foreign keys, so an
 * entry outlives the record it describes.
 */
@Entity('audit_logs')
@Index('idx_audit_logs_created_at', ['createdAt'])
@Index('idx_audit_logs_actor_created_at', ['actorId', 'createdAt'])
@Index('idx_audit_logs_action_created_at', ['action', 'createdAt'])
@Index('idx_audit_logs_entity_created_at', ['entityType', 'entityId', 'createdAt'])
export class AuditLog {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The user who made the change; null for the system (jobs, CLI). */
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  /** `<entity_type>.<verb>`, e.g. `complaint.status_change`. */
  @Column({ type: 'varchar', length: 80 })
  action: string;

  @Column({ type: 'varchar', length: 40 })
  entityType: string;

  @Column({ type: 'uuid', nullable: true })
  entityId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before: AuditSnapshot | null;

  @Column({ type: 'jsonb', nullable: true })
  after: AuditSnapshot | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  userAgent: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  requestId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
