import { Inject, Injectable, Logger } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import { redisConfig, type RedisConfig } from '../../config/redis.config.js';
import { REDIS } from '../../common/redis/redis.module.js';

/** The socket.io namespace clients connect to (SPEC: chat and every realtime push). */
export const REALTIME_NAMESPACE = '/chat';

/** Redis channel prefix shared by the socket.io Redis adapter and this emitter. */
export const socketIoKey = (config: RedisConfig): string => `${config.keyPrefix}socket.io`;

export const userRoom = (userId: string): string => `user:${userId}`;
export const sessionRoom = (sessionId: string): string => `session:${sessionId}`;
export const STAFF_ROOM = 'staff';

/**
 * Emits socket.io events from any process — an API instance or the worker —
 * through Redis, to every instance where the receiving sockets are connected.
 * Delivery is best effort: anything that must not be missed is also stored
 * (in-app notifications, chat messages) and readable over REST.
 */
@Injectable()
export class RealtimePublisher {
  private readonly logger = new Logger(RealtimePublisher.name);
  private readonly emitter: Emitter;

  constructor(@Inject(REDIS) redis: Redis, @Inject(redisConfig.KEY) config: RedisConfig) {
    // The emitter fires PUBLISH and forgets the promise; catch failures here so a
    // Redis outage is a logged miss, never an unhandled rejection.
    const client = {
      publish: (channel: string, message: Buffer | string) =>
        redis.publish(channel, message).catch((err: Error) => this.logger.warn(`realtime publish failed: ${err.message}`)),
    };
    this.emitter = new Emitter(client, { key: socketIoKey(config) }).of(REALTIME_NAMESPACE);
  }

  toUser(userId: string, event: string, payload: unknown): void {
    this.emit([userRoom(userId)], event, payload);
  }

  toUsers(userIds: string[], event: string, payload: unknown): void {
    if (userIds.length) this.emit(userIds.map(userRoom), event, payload);
  }

  /** To everyone in any of `rooms` (each socket once), except sockets in `except` (socket ids are rooms too). */
  toRooms(rooms: string[], event: string, payload: unknown, except: string[] = []): void {
    if (rooms.length) this.emit(rooms, event, payload, except);
  }

  /** Closes every socket of a user, on every instance. */
  disconnectUser(userId: string): void {
    this.disconnect([userRoom(userId)]);
  }

  /** Closes the sockets opened with these logins' tokens, on every instance. */
  disconnectSessions(sessionIds: string[]): void {
    if (sessionIds.length) this.disconnect(sessionIds.map(sessionRoom));
  }

  private disconnect(rooms: string[]): void {
    try {
      this.emitter.in(rooms).disconnectSockets(true);
    } catch (err) {
      this.logger.warn(`realtime disconnect not delivered: ${(err as Error).message}`);
    }
  }

  private emit(rooms: string[], event: string, payload: unknown, except: string[] = []): void {
    try {
      const target = this.emitter.to(rooms);
      (except.length ? target.except(except) : target).emit(event, payload);
    } catch (err) {
      this.logger.warn(`realtime ${event} not delivered: ${(err as Error).message}`);
    }
  }
}
