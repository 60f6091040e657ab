import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { QueueBoardController } from './queue-board.controller.js';

/**
 * The queue dashboard for admins: the session route here; the board itself
 * is a Fastify plugin mounted by createApp (mountQueueBoard), since Bull
 * Board serves its own UI and API.
 */
@Module({ imports: [AuthModule], controllers: [QueueBoardController] })
export class QueueBoardModule {}
