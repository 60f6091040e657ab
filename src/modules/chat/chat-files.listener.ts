import { Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../../common/events/domain-event.js';
import type { UnitOfWork } from '../../database/unit-of-work.js';
import { ComplaintDeleted } from '../complaints/complaints.events.js';
import { StorageService } from '../storage/storage.service.js';

/**
 * A deleted complaint takes its chat thread with it (the rows cascade); the
 * files sent in that thread are removed from storage once the deletion commits.
 */
@Injectable()
export class ChatFilesListener {
  constructor(private readonly storage: StorageService) {}

  @OnDomainEvent(ComplaintDeleted.eventName)
  async onComplaintDeleted(event: ComplaintDeleted, uow: UnitOfWork): Promise<void> {
    const rows: Array<{ attachment_key: string }> = await uow.manager.query(
      `SELECT m.attachment_key FROM chat_messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE c.complaint_id = $1 AND m.attachment_key IS NOT NULL`,
      [event.complaintId],
    );
    if (rows.length) uow.afterCommit(() => this.storage.deleteQuietly(rows.map((r) => r.attachment_key)));
  }
}
