import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { socketIoKey } from './realtime.publisher.js';
import type { RedisConfig } from '../../config/redis.config.js';

/**
 * socket.io with the Redis adapter, so rooms span every API instance: a
 * message for `user:<id>` reaches that user whichever instance their socket
 * is connected to, and events published by RealtimePublisher (from any
 * process, the worker included) arrive the same way.
 */
export class RedisIoAdapter extends IoAdapter {
  private pub?: Redis;
  private sub?: Redis;

  constructor(
    app: INestApplicationContext,
    private readonly redis: RedisConfig,
    private readonly corsOrigins: string[],
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      cors: { origin: this.corsOrigins, credentials: true },
      // Bounded frames: a 4,000-character message plus its envelope fits easily.
      maxHttpBufferSize: 64 * 1024,
      pingInterval: 25_000,
      pingTimeout: 20_000,
    } as ServerOptions) as Server;
    this.pub = new Redis(this.redis.url, { connectionName: 'clean-care:socket-pub', maxRetriesPerRequest: null });
    this.sub = this.pub.duplicate({ connectionName: 'clean-care:socket-sub' });
    // Errors while Redis is away are retried by ioredis; keep them out of unhandled events.
    this.pub.on('error', () => undefined);
    this.sub.on('error', () => undefined);
    server.adapter(createAdapter(this.pub, this.sub, { key: socketIoKey(this.redis) }));
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    this.pub?.disconnect();
    this.sub?.disconnect();
  }
}
