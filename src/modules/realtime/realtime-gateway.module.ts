import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { RealtimeGateway } from './realtime.gateway.js';

/** The socket.io connection lifecycle (auth, rooms, expiry, idle). Message handlers live in their domains (chat). */
@Module({ imports: [AuthModule], providers: [RealtimeGateway], exports: [AuthModule] })
export class RealtimeGatewayModule {}
