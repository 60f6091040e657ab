import { HttpStatus, Injectable, StreamableFile } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { Repository, type EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { isStaffRole } from '../../common/auth/roles.js';
import { DomainEvents } from '../../common/events/domain-event.js';
import {
  FieldValidationException,
  NON_FIELD_ERRORS,
  NotFoundError,
  PermissionDeniedException,
  RawBodyException,
} from '../../common/http/api-errors.js';
import type { UploadedFileData } from '../../common/files/upload.decorators.js';
import { pageWindow, toPage, type Page } from '../../common/pagination/pagination.js';
import { dhakaDate } from '../../common/time/dhaka-time.js';
import { doesNotExist, rethrowUniqueAsFieldError } from '../../common/validation/db-errors.js';
import { TransactionRunner, type UnitOfWork } from '../../database/unit-of-work.js';
import { AuditService } from '../audit/audit.service.js';
import { Ward } from '../geography/ward.entity.js';
import { detectFileType } from '../storage/file-types.js';
import { ImageProcessor } from '../storage/image-processor.js';
import { StorageService } from '../storage/storage.service.js';
import { User } from '../users/user.entity.js';
import { ComplaintAttachment } from './complaint-attachment.entity.js';
import { ComplaintReview } from './complaint-review.entity.js';
import { ComplaintStatusChange } from './complaint-status-change.entity.js';
import { STATUS_SUBMITTED, type ComplaintStatus } from './complaint.choices.js';
import { Complaint } from './complaint.entity.js';
import {
  MAX_ATTACHMENTS,
  canSee,
  checkTransition,
  isComplaintStatus,
  mayReview,
  normalizeTrackingNumber,
  ownerMayAttach,
  ownerMayEdit,
  resolvedAtAfter,
  statusAfterAssignment,
  type Viewer,
} from './complaint.rules.js';
import { ComplaintAssigned, ComplaintDeleted, ComplaintStatusChanged } from './complaints.events.js';
import { mapComplaint, mapHistory, mapReview, type AttachmentUrl, type ComplaintView } from './complaints.mapper.js';
import { ComplaintsRepository, HOME_WARD } from './complaints.repository.js';
import type {
  AssignComplaintDto,
  ComplaintQuery,
  CreateComplaintDto,
  CreateComplaintReviewDto,
  UpdateComplaintDto,
  UpdateComplaintStatusDto,
} from './dto/complaints.dto.js';
import type { ComplaintHistoryResponse, ComplaintResponse, ComplaintReviewResponse } from './dto/complaints.response.js';

/** Fields staff and admins may change on someone else's complaint (re-triage). */
const TRIAGE_FIELDS = new Set(['category', 'priority', 'ward']);

const NOT_EDITABLE = 'A complaint can be changed or deleted only while it is still submitted (জমা দেওয়া হয়েছে).';
const ONLY_OWNER_ATTACHES = "Only the complaint's author can add or remove attachments.";
const CLOSED_FOR_ATTACHMENTS = 'Attachments can be added only while the complaint is open.';
const TOO_MANY = `A complaint can have at most ${MAX_ATTACHMENTS} attachments.`;

interface PreparedFile {
  key: string;
  kind: ComplaintAttachment['fileType'];
  mime: string;
  body: Buffer;
}

/**
 * Complaints: the seed's ComplaintViewSet (§5.2) with the contract's access
 * rules. Another citizen's complaint, or one outside a staff member's wards,
 * is a 404 everywhere. Status changes and assignments publish domain events;
 * the notifications listener turns them into in-app, SMS, push and socket
 * messages after the commit.
 */
@Injectable()
export class ComplaintsService {
  constructor(
    private readonly repo: ComplaintsRepository,
    @InjectRepository(Ward) private readonly wards: Repository<Ward>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly tx: TransactionRunner,
    private readonly events: DomainEvents,
    private readonly storage: StorageService,
    private readonly images: ImageProcessor,
    private readonly audit: AuditService,
  ) {}

  // --- reading -------------------------------------------------------------------------
  async list(
    request: FastifyRequest,
    viewer: AuthUser,
    query: ComplaintQuery,
    url: AttachmentUrl,
  ): Promise<Page<ComplaintResponse>> {
    const window = pageWindow(query);
    const { rows, count } = await this.repo.findPage(viewer, query, window);
    return toPage(
      request,
      window,
      count,
      rows.map((c) => mapComplaint(c, url)),
    );
  }

  async get(viewer: AuthUser, id: string, url: AttachmentUrl): Promise<ComplaintResponse> {
    return mapComplaint(await this.view(viewer, id), url);
  }

  /** By tracking number, with the same visibility as by id; anything that cannot be one is a 404. */
  async track(viewer: AuthUser, trackingNumber: string, url: AttachmentUrl): Promise<ComplaintResponse> {
    const normalized = normalizeTrackingNumber(trackingNumber);
    const found = normalized ? await this.repo.findVisible(viewer, { trackingNumber: normalized }) : null;
    if (!found) throw new NotFoundError();
    return mapComplaint(found, url);
  }

  async history(viewer: AuthUser, id: string): Promise<ComplaintHistoryResponse[]> {
    await this.view(viewer, id);
    return (await this.repo.historyOf(id)).map(mapHistory);
  }

  // --- filing and editing ---------------------------------------------------------------
  /** Files a complaint for the caller: tracking number, default status, the first history row (one statement). */
  async create(viewer: AuthUser, dto: CreateComplaintDto, url: AttachmentUrl): Promise<ComplaintResponse> {
    const coordinates = pairedCoordinates(dto.latitude ?? null, dto.longitude ?? null);
    // A ward the client names must exist; the caller's home ward does (a foreign key), so it is not asked again.
    if (dto.ward) await this.requireWard(dto.ward);
    const now = new Date();
    const complaint = await this.repo.file({
      day: dhakaDate(now),
      userId: viewer.id,
      title: dto.title,
      description: dto.description,
      category: dto.category,
      priority: dto.priority,
      status: STATUS_SUBMITTED,
      location: dto.location,
      wardId: dto.ward === undefined ? HOME_WARD : dto.ward,
      ...coordinates,
      at: now,
    });
    return mapComplaint(complaint, url);
  }

  /**
   * PATCH: the owner changes anything while the complaint is still submitted
   * (403 afterwards); staff and admins may re-triage category, priority and
   * ward at any time (400 for other fields).
   */
  async update(viewer: AuthUser, id: string, dto: UpdateComplaintDto, url: AttachmentUrl): Promise<ComplaintResponse> {
    const given = Object.entries(dto).filter(([, v]) => v !== undefined);
    if (dto.ward) await this.requireWard(dto.ward);
    await this.tx.run(viewer.origin, async (uow) => {
      const complaint = await this.lock(uow, viewer, id);
      const asOwner = complaint.userId === viewer.id && ownerMayEdit(complaint.status);
      if (!asOwner) {
        if (!isStaffRole(viewer.role)) throw new PermissionDeniedException(NOT_EDITABLE);
        const refused = given.filter(([field]) => !TRIAGE_FIELDS.has(field)).map(([field]) => field);
        if (refused.length) {
          throw new FieldValidationException(
            Object.fromEntries(
              refused.map((f) => [f, ["Only the complaint's author can change this field, while it is submitted."]]),
            ),
          );
        }
      }
      const patch: Partial<Complaint> = {};
      if (dto.title !== undefined) patch.title = dto.title;
      if (dto.description !== undefined) patch.description = dto.description;
      if (dto.category !== undefined) patch.category = dto.category;
      if (dto.priority !== undefined) patch.priority = dto.priority;
      if (dto.location !== undefined) patch.location = dto.location;
      if (dto.ward !== undefined && dto.ward !== complaint.wardId) {
        patch.wardId = dto.ward;
        // An assignee who does not cover the new ward could no longer see it: the assignment ends.
        const assignee = complaint.assignedToId ? await this.staffMember(complaint.assignedToId) : null;
        if (assignee && !canSee(assignee, { userId: complaint.userId, wardId: dto.ward })) patch.assignedToId = null;
      }
      if (dto.latitude !== undefined || dto.longitude !== undefined) {
        const latitude = dto.latitude !== undefined ? dto.latitude : numberOrNull(complaint.latitude);
        const longitude = dto.longitude !== undefined ? dto.longitude : numberOrNull(complaint.longitude);
        Object.assign(patch, pairedCoordinates(latitude, longitude));
      }
      if (Object.keys(patch).length) {
        const change = this.audit.track(uow, Complaint, complaint);
        await uow.manager.update(Complaint, { id }, patch);
        await change.updated(Object.assign(complaint, patch));
      }
    });
    // Unscoped: ward staff who hand a complaint over to another ward still see the result of their change.
    return mapComplaint(await this.view(null, id), url);
  }

  /** The owner deletes while still submitted; an admin at any time. Files go once the rows are gone. */
  async remove(viewer: AuthUser, id: string): Promise<void> {
    await this.tx.run(viewer.origin, async (uow) => {
      const complaint = await this.lock(uow, viewer, id);
      const allowed = viewer.role === 'admin' || (complaint.userId === viewer.id && ownerMayEdit(complaint.status));
      if (!allowed) throw new PermissionDeniedException(complaint.userId === viewer.id ? NOT_EDITABLE : undefined);
      const files = await uow.manager.find(ComplaintAttachment, {
        where: { complaintId: id },
        select: { id: true, fileKey: true },
      });
      await this.events.publish(uow, new ComplaintDeleted(id));
      await uow.manager.delete(Complaint, { id });
      await this.audit.track(uow, Complaint, complaint).deleted();
      uow.afterCommit(() => this.storage.deleteQuietly(files.map((f) => f.fileKey)));
    });
  }

  // --- attachments ----------------------------------------------------------------------
  /**
   * Adds files (jpeg/png/webp, mp4, m4a/aac, pdf; the type decided by the
   * bytes). Images are re-encoded, which strips EXIF/GPS and defeats
   * polyglots; everything is stored under a random private key. The owner
   * adds them while the complaint is open; at most five in all.
   */
  async addAttachments(viewer: AuthUser, id: string, files: UploadedFileData[], url: AttachmentUrl): Promise<ComplaintResponse> {
    const current = await this.view(viewer, id);
    this.checkMayAttach(viewer, current);
    if (current.attachments.length + files.length > MAX_ATTACHMENTS) throw FieldValidationException.of('file', TOO_MANY);
    const prepared: PreparedFile[] = [];
    for (const file of files) prepared.push(await this.prepare(file.buffer));
    await Promise.all(prepared.map((p) => this.storage.put(p.key, p.body, p.mime)));
    try {
      await this.tx.run(viewer.origin, async (uow) => {
        const complaint = await this.lock(uow, viewer, id);
        this.checkMayAttach(viewer, complaint);
        const existing = await uow.manager.countBy(ComplaintAttachment, { complaintId: id });
        if (existing + prepared.length > MAX_ATTACHMENTS) throw FieldValidationException.of('file', TOO_MANY);
        // One by one with the wall clock, so the files keep the order they were sent in.
        for (const p of prepared) {
          await uow.manager.insert(ComplaintAttachment, {
            complaintId: id,
            fileKey: p.key,
            fileType: p.kind,
            contentType: p.mime,
            size: p.body.length,
            uploadedAt: () => 'clock_timestamp()',
          });
        }
        await uow.manager.update(Complaint, { id }, { updatedAt: new Date() });
      });
    } catch (err) {
      await this.storage.deleteQuietly(prepared.map((p) => p.key));
      throw err;
    }
    return this.get(viewer, id, url);
  }

  /** Streams an attachment with its stored content type; PDFs as a download. */
  async downloadAttachment(viewer: AuthUser, id: string, attachmentId: string): Promise<StreamableFile> {
    const attachment = await this.repo.findVisibleAttachment(viewer, id, attachmentId);
    if (!attachment) throw new NotFoundError();
    const ext = attachment.fileKey.slice(attachment.fileKey.lastIndexOf('.') + 1);
    return this.storage.serve(attachment.fileKey, {
      contentType: attachment.contentType,
      downloadName: attachment.fileType === 'pdf' ? `complaint-attachment-${attachment.id}.${ext}` : undefined,
    });
  }

  /** The owner removes one of their files while the complaint is still submitted. */
  async removeAttachment(viewer: AuthUser, id: string, attachmentId: string): Promise<void> {
    await this.tx.run(viewer.origin, async (uow) => {
      const complaint = await this.lock(uow, viewer, id);
      const attachment = await uow.manager.findOneBy(ComplaintAttachment, { id: attachmentId, complaintId: id });
      if (!attachment) throw new NotFoundError();
      if (complaint.userId !== viewer.id) throw new PermissionDeniedException(ONLY_OWNER_ATTACHES);
      if (!ownerMayEdit(complaint.status)) throw new PermissionDeniedException(NOT_EDITABLE);
      await uow.manager.delete(ComplaintAttachment, { id: attachmentId });
      await uow.manager.update(Complaint, { id }, { updatedAt: new Date() });
      uow.afterCommit(() => this.storage.deleteQuietly([attachment.fileKey]));
    });
  }

  // --- staff work -----------------------------------------------------------------------------
  /**
   * The seed's update_status, restricted to staff and admins (the route's
   * @Roles). An unknown status is the seed's 400 {"error": "Invalid status"};
   * moving back to submitted is a 400 keyed `status`; the same status again
   * changes nothing. A change writes a history row, sets or clears
   * resolved_at and tells the owner (ComplaintStatusChanged).
   */
  async updateStatus(
    viewer: AuthUser,
    id: string,
    dto: UpdateComplaintStatusDto,
    url: AttachmentUrl,
  ): Promise<ComplaintResponse> {
    const to = dto.status;
    if (!isComplaintStatus(to)) throw new RawBodyException({ error: 'Invalid status' }, HttpStatus.BAD_REQUEST);
    await this.tx.run(viewer.origin, async (uow) => {
      const complaint = await this.lock(uow, viewer, id);
      const check = checkTransition(complaint.status, to);
      if (check === 'unchanged') return;
      if (check === 'forbidden') {
        throw FieldValidationException.of('status', `A complaint cannot go back from "${complaint.status}" to "${to}".`);
      }
      await this.changeStatus(uow, complaint, to, viewer.id, dto.note || null);
    });
    return this.get(viewer, id, url);
  }

  /**
   * Makes a staff member or admin responsible (null unassigns). The assignee
   * must be active and able to see the complaint (its ward among theirs, or
   * no wards, or admin). A complaint still submitted moves to in progress,
   * which the owner is told about; the assignee is told too (unless they
   * assigned themselves).
   */
  async assign(viewer: AuthUser, id: string, dto: AssignComplaintDto, url: AttachmentUrl): Promise<ComplaintResponse> {
    const assignee = dto.assignee_id ? await this.requireAssignee(dto.assignee_id) : null;
    await this.tx.run(viewer.origin, async (uow) => {
      const complaint = await this.lock(uow, viewer, id);
      if (assignee && !canSee(assignee, complaint)) {
        throw FieldValidationException.of('assignee_id', "This staff member does not work in the complaint's ward.");
      }
      const assigneeId = assignee?.id ?? null;
      if (complaint.assignedToId === assigneeId) return;
      const change = this.audit.track(uow, Complaint, complaint);
      await uow.manager.update(Complaint, { id }, { assignedToId: assigneeId });
      await change.record('assign', Object.assign(complaint, { assignedToId: assigneeId }));
      if (!assignee) return;
      const next = statusAfterAssignment(complaint.status);
      if (next !== complaint.status) await this.changeStatus(uow, complaint, next, viewer.id, null);
      if (assignee.id !== viewer.id) {
        await this.events.publish(
          uow,
          new ComplaintAssigned(complaint.id, complaint.trackingNumber, complaint.title, assignee.id, viewer.id),
        );
      }
    });
    return this.get(viewer, id, url);
  }

  // --- review ------------------------------------------------------------------------------------
  /** The owner rates a resolved complaint, once (a second review, or one before resolution, is a 400). */
  async review(viewer: AuthUser, id: string, dto: CreateComplaintReviewDto): Promise<ComplaintReviewResponse> {
    return this.tx.run(viewer.origin, async (uow) => {
      const complaint = await this.lock(uow, viewer, id);
      if (complaint.userId !== viewer.id) throw new PermissionDeniedException("Only the complaint's author can review it.");
      if (!mayReview(complaint.status)) {
        throw FieldValidationException.of(NON_FIELD_ERRORS, 'A complaint can be reviewed only after it is resolved.');
      }
      const review = uow.manager.create(ComplaintReview, {
        complaintId: id,
        userId: viewer.id,
        rating: dto.rating,
        comment: dto.comment || null,
      });
      await uow.manager.insert(ComplaintReview, review).catch((err) =>
        rethrowUniqueAsFieldError(err, {
          uq_complaint_reviews_complaint: [NON_FIELD_ERRORS, 'This complaint has already been reviewed.'],
        }),
      );
      return mapReview(review);
    });
  }

  // --- helpers -------------------------------------------------------------------------------------
  private async view(viewer: AuthUser | null, id: string): Promise<ComplaintView> {
    const found = await this.repo.findVisible(viewer, { id });
    if (!found) throw new NotFoundError();
    return found;
  }

  private async lock(uow: UnitOfWork, viewer: AuthUser, id: string): Promise<Complaint> {
    const found = await this.repo.lockVisible(uow.manager, viewer, id);
    if (!found) throw new NotFoundError();
    return found;
  }

  private async changeStatus(
    uow: UnitOfWork,
    complaint: Complaint,
    to: ComplaintStatus,
    actorId: string,
    note: string | null,
  ): Promise<void> {
    const now = new Date();
    const resolvedAt = resolvedAtAfter(to, now);
    const change = this.audit.track(uow, Complaint, complaint);
    await uow.manager.update(Complaint, { id: complaint.id }, { status: to, resolvedAt });
    await this.recordHistory(uow.manager, complaint.id, complaint.status, to, actorId, note);
    await this.events.publish(
      uow,
      new ComplaintStatusChanged(
        complaint.id,
        complaint.trackingNumber,
        complaint.userId,
        complaint.status,
        to,
        actorId,
        note,
        now,
        resolvedAt,
      ),
    );
    complaint.status = to;
    complaint.resolvedAt = resolvedAt;
    await change.record('status_change', complaint, note ? { note } : {});
  }

  private async recordHistory(
    manager: EntityManager,
    complaintId: string,
    from: ComplaintStatus | null,
    to: ComplaintStatus,
    actorId: string,
    note: string | null,
  ): Promise<void> {
    await manager.insert(ComplaintStatusChange, { complaintId, fromStatus: from, toStatus: to, changedById: actorId, note });
  }

  private checkMayAttach(viewer: AuthUser, complaint: { userId: string; status: ComplaintStatus }): void {
    if (complaint.userId !== viewer.id) throw new PermissionDeniedException(ONLY_OWNER_ATTACHES);
    if (!ownerMayAttach(complaint.status)) throw new PermissionDeniedException(CLOSED_FOR_ATTACHMENTS);
  }

  /** Decides the type by content (415 otherwise); images are re-encoded without metadata. */
  private async prepare(upload: Buffer): Promise<PreparedFile> {
    const type = await detectFileType(upload, ['image', 'video', 'audio', 'pdf']);
    if (type.kind === 'image') {
      const image = await this.images.normalize(upload, type.mime);
      return { key: this.storage.newKey('complaints', image.ext), kind: 'image', mime: image.mime, body: image.buffer };
    }
    return { key: this.storage.newKey('complaints', type.ext), kind: type.kind, mime: type.mime, body: upload };
  }

  private async requireWard(wardId: string): Promise<void> {
    if (!(await this.wards.existsBy({ id: wardId }))) throw FieldValidationException.of('ward', doesNotExist(wardId));
  }

  /** An active staff member or admin, with their wards; 400 keyed assignee_id otherwise. */
  private async requireAssignee(userId: string): Promise<Viewer> {
    const user = await this.staffMember(userId);
    if (!user) throw FieldValidationException.of('assignee_id', doesNotExist(userId));
    if (!isStaffRole(user.role) || !user.isActive) {
      throw FieldValidationException.of('assignee_id', 'Complaints can be assigned only to active staff members or admins.');
    }
    return user;
  }

  private async staffMember(userId: string): Promise<(Viewer & { isActive: boolean }) | null> {
    const user = await this.users.findOne({ where: { id: userId }, relations: { wards: true } });
    if (!user) return null;
    return { id: user.id, role: user.role, isActive: user.isActive, wardIds: (user.wards ?? []).map((w) => w.id) };
  }
}

/** Latitude and longitude come together or not at all. */
function pairedCoordinates(
  latitude: number | null,
  longitude: number | null,
): { latitude: string | null; longitude: string | null } {
  if ((latitude === null) !== (longitude === null)) {
    const missing = latitude === null ? 'latitude' : 'longitude';
    throw FieldValidationException.of(missing, 'Give both latitude and longitude, or neither.');
  }
  return { latitude: latitude === null ? null : String(latitude), longitude: longitude === null ? null : String(longitude) };
}

function numberOrNull(value: string | null): number | null {
  return value === null ? null : Number(value);
}
