import { DomainEvent } from '../../common/events/domain-event.js';

/** A user's role, wards or active state changed: access tokens issued before must stop working. */
export class UserAccessChanged extends DomainEvent {
  static readonly eventName = 'users.access_changed';
  readonly eventName = UserAccessChanged.eventName;

  constructor(
    readonly userId: string,
    readonly tokenVersion: number,
    /** Also end every login (deactivation, password reset). */
    readonly endSessions: boolean,
  ) {
    super();
  }
}
