import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { inChoices } from '../../database/checks.js';
import { Ward } from '../geography/ward.entity.js';
import { User } from '../users/user.entity.js';
import { EVENT_TYPES, type EventType } from './calendar-event.choices.js';

/**
 * An entry of the city calendar: a holiday, a maintenance or collection day,
 * a special event. `wardId` null means city-wide. Coordinates are optional
 * and come as a pair.
 */
@Entity('calendar_events')
@Check('ck_calendar_events_event_type', inChoices('event_type', EVENT_TYPES))
@Check('ck_calendar_events_end_after_start', `"end_at" >= "start_at"`)
@Check('ck_calendar_events_coordinates', `("latitude" IS NULL) = ("longitude" IS NULL)`)
@Check('ck_calendar_events_latitude', `"latitude" IS NULL OR "latitude" BETWEEN -90 AND 90`)
@Check('ck_calendar_events_longitude', `"longitude" IS NULL OR "longitude" BETWEEN -180 AND 180`)
@Index('idx_calendar_events_start_at', ['startAt'])
@Index('idx_calendar_events_end_at', ['endAt'])
@Index('idx_calendar_events_ward_start_at', ['wardId', 'startAt'])
@Index('idx_calendar_events_event_type_start_at', ['eventType', 'startAt'])
export class CalendarEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'varchar', length: 20 })
  eventType: EventType;

  @Column({ type: 'timestamptz' })
  startAt: Date;

  @Column({ type: 'timestamptz' })
  endAt: Date;

  /** Shown as a whole-day entry; start and end are kept as given. */
  @Column({ type: 'boolean', default: false })
  allDay: boolean;

  @Column({ type: 'varchar', length: 255, default: '' })
  location: string;

  /** Decimal degrees, 6 places (~10 cm); pg returns numeric as a string. */
  @Column({ type: 'numeric', precision: 9, scale: 6, nullable: true })
  latitude: string | null;

  @Column({ type: 'numeric', precision: 9, scale: 6, nullable: true })
  longitude: string | null;

  /** The ward it concerns; null = the whole city. A ward with events cannot be deleted. */
  @Column({ type: 'uuid', nullable: true })
  wardId: string | null;

  @ManyToOne(() => Ward, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ward_id' })
  ward?: Relation<Ward> | null;

  @Index('idx_calendar_events_created_by')
  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: Relation<User> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
