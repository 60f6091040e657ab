import { Injectable } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import type { UnitOfWork } from '../../database/unit-of-work.js';

/**
 * Something that happened in a domain (a complaint changed status, a payment
 * completed). Services publish events; listeners elsewhere (notifications,
 * realtime) react. A service never calls notification or socket code itself.
 */
export abstract class DomainEvent {
  abstract readonly eventName: string;
}

/**
 * Publishes domain events inside the caller's transaction: listeners get the
 * same UnitOfWork, so what they write (in-app notifications, outbox jobs)
 * commits or rolls back with the change that caused it, and what they emit
 * waits for the commit (`uow.afterCommit`). Listeners are declared with
 * `@OnEvent(Event.eventName)` and receive `(event, uow)`.
 */
@Injectable()
export class DomainEvents {
  constructor(private readonly emitter: EventEmitter2) {}

  async publish(uow: UnitOfWork, event: DomainEvent): Promise<void> {
    await this.emitter.emitAsync(event.eventName, event, uow);
  }
}

/**
 * Marks a listener of a domain event. Errors propagate (the default of
 * `@OnEvent` swallows them), so a listener that cannot write its part rolls
 * the whole transaction back instead of silently dropping a notification.
 */
export const OnDomainEvent = (eventName: string): MethodDecorator => OnEvent(eventName, { suppressErrors: false, async: false });
