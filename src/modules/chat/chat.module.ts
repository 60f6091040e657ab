import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Complaint } from '../complaints/complaint.entity.js';
import { User } from '../users/user.entity.js';
import { ChatFloodControl } from './chat-flood-control.js';
import { ChatMessage } from './chat-message.entity.js';
import { ChatController } from './chat.controller.js';
import { ChatGateway } from './chat.gateway.js';
import { ChatRepository } from './chat.repository.js';
import { ChatFilesListener } from './chat-files.listener.js';
import { ChatService } from './chat.service.js';
import { Conversation } from './conversation.entity.js';

/** Chat between citizens and staff: REST (ChatController) and socket.io events (ChatGateway) over one service. */
@Module({
  imports: [TypeOrmModule.forFeature([Conversation, ChatMessage, User, Complaint])],
  controllers: [ChatController],
  providers: [ChatService, ChatRepository, ChatFloodControl, ChatGateway, ChatFilesListener],
})
export class ChatModule {}
