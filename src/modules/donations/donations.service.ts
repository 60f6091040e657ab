import { ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { Brackets, Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { DomainEvents } from '../../common/events/domain-event.js';
import { FieldValidationException, NotFoundError } from '../../common/http/api-errors.js';
import { pageWindow, toPage, type Page } from '../../common/pagination/pagination.js';
import type { UnitOfWork } from '../../database/unit-of-work.js';
import { AuditService } from '../audit/audit.service.js';
import { PaymentsService } from '../payments/payments.service.js';
import { detectFileType } from '../storage/file-types.js';
import { ImageProcessor } from '../storage/image-processor.js';
import { StorageService } from '../storage/storage.service.js';
import { User } from '../users/user.entity.js';
import { DonationCampaign } from './donation-campaign.entity.js';
import { renderDonationReceipt } from './donation-receipt.js';
import { Donation } from './donation.entity.js';
import { DonationCompleted } from './donations.events.js';
import { mapCampaign, mapDonation } from './donations.mapper.js';
import type {
  CampaignQuery,
  CreateCampaignDto,
  CreateDonationDto,
  DonationQuery,
  DonationReportQuery,
  UpdateCampaignDto,
} from './dto/donations.dto.js';
import type { CampaignResponse, DonationReportRow, DonationResponse } from './dto/donations.response.js';

type LoadedDonation = Donation & { campaign: DonationCampaign; payment: NonNullable<Donation['payment']> };

export interface CreatedDonation {
  donation: DonationResponse;
  replayed: boolean;
}

@Injectable()
export class DonationsService {
  constructor(
    @InjectRepository(DonationCampaign) private readonly campaigns: Repository<DonationCampaign>,
    @InjectRepository(Donation) private readonly donations: Repository<Donation>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly payments: PaymentsService,
    private readonly events: DomainEvents,
    private readonly storage: StorageService,
    private readonly images: ImageProcessor,
    private readonly audit: AuditService,
  ) {}

  // --- campaigns -------------------------------------------------------------------------
  /** Open campaigns (active, started, not ended), newest first; admins may ask for all. */
  async listCampaigns(
    request: FastifyRequest,
    user: AuthUser | undefined,
    query: CampaignQuery,
  ): Promise<Page<CampaignResponse>> {
    const window = pageWindow(query);
    const qb = this.campaigns.createQueryBuilder('c').orderBy('c.startsAt', 'DESC').addOrderBy('c.id', 'DESC');
    if (!(query.all && user?.role === 'admin')) this.whereOpen(qb);
    const [rows, count] = await qb.skip(window.offset).take(window.pageSize).getManyAndCount();
    return toPage(
      request,
      window,
      count,
      rows.map((c) => this.toCampaign(c)),
    );
  }

  /** One campaign: public while open; admins see any. */
  async getCampaign(user: AuthUser | undefined, id: string): Promise<CampaignResponse> {
    const qb = this.campaigns.createQueryBuilder('c').where('c.id = :id', { id });
    if (user?.role !== 'admin') this.whereOpen(qb);
    const campaign = await qb.getOne();
    if (!campaign) throw new NotFoundError();
    return this.toCampaign(campaign);
  }

  async createCampaign(actor: AuthUser, dto: CreateCampaignDto): Promise<CampaignResponse> {
    const startsAt = dto.starts_at ?? new Date();
    const endsAt = dto.ends_at ?? null;
    if (endsAt && endsAt <= startsAt) throw FieldValidationException.of('ends_at', 'Must be later than starts_at.');
    const row = this.campaigns.create({
      title: dto.title,
      description: dto.description ?? '',
      goal: dto.goal,
      raised: '0.00',
      startsAt,
      endsAt,
      isActive: dto.is_active ?? true,
      imageKey: null,
    });
    await this.audit.insertRecord(actor.origin, DonationCampaign, row);
    return this.toCampaign(await this.campaigns.findOneByOrFail({ id: row.id }));
  }

  /** Changes a campaign; `raised` is not writable (it follows completed donations). */
  async updateCampaign(actor: AuthUser, id: string, dto: UpdateCampaignDto): Promise<CampaignResponse> {
    await this.audit.updateRecord(actor.origin, DonationCampaign, id, (campaign) => {
      const startsAt = dto.starts_at ?? campaign.startsAt;
      const endsAt = dto.ends_at === undefined ? campaign.endsAt : dto.ends_at;
      if (endsAt && endsAt <= startsAt) throw FieldValidationException.of('ends_at', 'Must be later than starts_at.');
      Object.assign(campaign, { startsAt, endsAt });
      if (dto.title !== undefined) campaign.title = dto.title;
      if (dto.description !== undefined) campaign.description = dto.description;
      if (dto.goal !== undefined) campaign.goal = dto.goal;
      if (dto.is_active !== undefined) campaign.isActive = dto.is_active;
    });
    return this.toCampaign(await this.campaigns.findOneByOrFail({ id }));
  }

  /** Deletes a campaign nobody has donated to; one with donations can only be deactivated (409). */
  async deleteCampaign(actor: AuthUser, id: string): Promise<void> {
    const campaign = await this.audit.deleteRecord(actor.origin, DonationCampaign, id, async (_, uow) => {
      if (await uow.manager.existsBy(Donation, { campaignId: id })) {
        throw new ConflictException({ detail: 'This campaign has donations; deactivate it instead.' });
      }
    });
    await this.storage.deleteQuietly([campaign.imageKey]);
  }

  /** Replaces the campaign's picture (jpeg/png/webp by content), normalised and stripped of metadata. */
  async setCampaignImage(actor: AuthUser, id: string, upload: Buffer): Promise<CampaignResponse> {
    const campaign = await this.campaigns.findOneBy({ id });
    if (!campaign) throw new NotFoundError();
    const type = await detectFileType(upload, ['image']);
    const image = await this.images.normalize(upload, type.mime, 1600);
    const key = this.storage.newKey('campaigns', image.ext, true);
    await this.storage.put(key, image.buffer, image.mime);
    let previousKey: string | null = null;
    await this.audit
      .updateRecord(actor.origin, DonationCampaign, id, (locked) => {
        previousKey = locked.imageKey;
        locked.imageKey = key;
      })
      .catch(async (err: unknown) => {
        await this.storage.deleteQuietly([key]);
        throw err;
      });
    await this.storage.deleteQuietly([previousKey]);
    return this.toCampaign(await this.campaigns.findOneByOrFail({ id }));
  }

  // --- donations ---------------------------------------------------------------------------
  /**
   * Creates the donation and its payment (service_type "donation") in one
   * transaction, through the payments flow (gateway create, Idempotency-Key).
   * The campaign's raised amount does not move until the payment completes.
   */
  async donate(user: AuthUser, dto: CreateDonationDto, idempotencyKey: string | undefined): Promise<CreatedDonation> {
    const open = await this.whereOpen(
      this.campaigns.createQueryBuilder('c').where('c.id = :id', { id: dto.campaign_id }),
    ).getExists();
    if (!open) throw FieldValidationException.of('campaign_id', 'This campaign does not exist or is not accepting donations.');
    const { payment, replayed } = await this.payments.initiate(
      user.origin,
      {
        userId: user.id,
        serviceType: 'donation',
        amount: dto.amount,
        paymentMethod: dto.payment_method,
        phoneNumber: dto.phone_number,
      },
      {
        idempotencyKey,
        request: ['donations', dto],
        attach: async (uow: UnitOfWork, p) => {
          await uow.manager.insert(Donation, {
            userId: user.id,
            campaignId: dto.campaign_id,
            paymentId: p.id,
            amount: dto.amount,
            isAnonymous: dto.is_anonymous ?? false,
            message: dto.message || null,
          });
        },
      },
    );
    const donation = await this.load({ paymentId: payment.id, userId: user.id });
    return { donation: mapDonation(donation!), replayed };
  }

  async listMine(request: FastifyRequest, user: AuthUser, query: DonationQuery): Promise<Page<DonationResponse>> {
    const window = pageWindow(query);
    const qb = this.donations
      .createQueryBuilder('d')
      .innerJoinAndSelect('d.campaign', 'c')
      .innerJoinAndSelect('d.payment', 'p')
      .where('d.userId = :me', { me: user.id })
      .orderBy('d.createdAt', 'DESC')
      .addOrderBy('d.id', 'DESC');
    if (query.campaign) qb.andWhere('d.campaignId = :campaign', { campaign: query.campaign });
    const [rows, count] = await qb.skip(window.offset).take(window.pageSize).getManyAndCount();
    return toPage(request, window, count, (rows as LoadedDonation[]).map(mapDonation));
  }

  async getMine(user: AuthUser, id: string): Promise<DonationResponse> {
    const donation = await this.load({ id, userId: user.id });
    if (!donation) throw new NotFoundError();
    return mapDonation(donation);
  }

  /** The owner's PDF receipt; 404 for anyone else, 409 until the donation is completed. */
  async receipt(user: AuthUser, id: string): Promise<{ pdf: Buffer; filename: string }> {
    const donation = await this.load({ id, userId: user.id });
    if (!donation) throw new NotFoundError();
    if (!donation.receiptNumber || donation.payment.status !== 'completed') {
      throw new ConflictException({ detail: 'The receipt is available once the donation is completed.' });
    }
    const donor = await this.users.findOneByOrFail({ id: donation.userId });
    const pdf = await renderDonationReceipt({
      receiptNumber: donation.receiptNumber,
      donorName: donor.name,
      donorPhone: donor.phone,
      campaignTitle: donation.campaign.title,
      amount: donation.amount,
      paymentMethod: donation.payment.paymentMethod,
      transactionId: donation.payment.transactionId,
      completedAt: donation.completedAt ?? donation.payment.completedAt ?? new Date(),
    });
    return { pdf, filename: `donation-receipt-${donation.receiptNumber}.pdf` };
  }

  /** Admin: completed, unrefunded donations per campaign (optionally by completion time). */
  async report(query: DonationReportQuery): Promise<DonationReportRow[]> {
    const params: unknown[] = [];
    let period = '';
    if (query.from) {
      params.push(query.from);
      period += ` AND d.completed_at >= $${params.length}`;
    }
    if (query.to) {
      params.push(query.to);
      period += ` AND d.completed_at < $${params.length}`;
    }
    const rows: Array<{
      id: string;
      title: string;
      goal: string;
      raised: string;
      donations: string;
      total: string;
      donors: string;
    }> = await this.donations.query(
      `SELECT c.id, c.title, c.goal, c.raised,
                COUNT(d.id) AS donations, COALESCE(SUM(d.amount), 0)::numeric(14,2)::text AS total, COUNT(DISTINCT d.user_id) AS donors
           FROM donation_campaigns c
           LEFT JOIN donations d ON d.campaign_id = c.id AND d.receipt_number IS NOT NULL AND d.refunded_at IS NULL${period}
          GROUP BY c.id
          ORDER BY COALESCE(SUM(d.amount), 0) DESC, c.created_at DESC`,
      params,
    );
    return rows.map((r) => ({
      campaign: r.id,
      title: r.title,
      goal: r.goal,
      raised: r.raised,
      donations: Number(r.donations),
      total: r.total,
      donors: Number(r.donors),
    }));
  }

  // --- reacting to payments (called by DonationsPaymentListener, inside the payment's transaction) ---
  /**
   * Gives the donation its receipt number and adds its amount to the
   * campaign — guarded by the donation row itself (`receipt_number IS NULL`),
   * so however often this runs for one payment the money is counted once; the
   * increment is one atomic UPDATE, never read-modify-write.
   */
  async completeForPayment(uow: UnitOfWork, paymentId: string): Promise<void> {
    const [done] = returned<{ id: string; user_id: string; campaign_id: string; amount: string; receipt_number: string }>(
      await uow.manager.query(
        `UPDATE donations
            SET receipt_number = 'CCD' || to_char(now() AT TIME ZONE 'Asia/Dhaka', 'YYYYMMDD') || lpad(nextval('donation_receipt_seq')::text, 6, '0'),
                completed_at = now(), updated_at = now()
          WHERE payment_id = $1 AND receipt_number IS NULL
          RETURNING id, user_id, campaign_id, amount, receipt_number`,
        [paymentId],
      ),
    );
    if (!done) return;
    const [campaign] = returned<{ title: string }>(
      await uow.manager.query(
        'UPDATE donation_campaigns SET raised = raised + $2::numeric, updated_at = now() WHERE id = $1 RETURNING title',
        [done.campaign_id, done.amount],
      ),
    );
    await this.events.publish(
      uow,
      new DonationCompleted(done.id, done.user_id, campaign.title, done.amount, done.receipt_number),
    );
  }

  /** A refunded donation gives its refunded amount back from the campaign, once. */
  async refundForPayment(uow: UnitOfWork, paymentId: string, refundedAmount: string): Promise<void> {
    const [done] = returned<{ campaign_id: string }>(
      await uow.manager.query(
        `UPDATE donations SET refunded_at = now(), updated_at = now()
          WHERE payment_id = $1 AND receipt_number IS NOT NULL AND refunded_at IS NULL
          RETURNING campaign_id`,
        [paymentId],
      ),
    );
    if (!done) return;
    await uow.manager.query(
      'UPDATE donation_campaigns SET raised = GREATEST(raised - $2::numeric, 0), updated_at = now() WHERE id = $1',
      [done.campaign_id, refundedAmount],
    );
  }

  // --- helpers ------------------------------------------------------------------------------
  private whereOpen<Q extends ReturnType<Repository<DonationCampaign>['createQueryBuilder']>>(qb: Q): Q {
    qb.andWhere('c.isActive = true').andWhere('c.startsAt <= now()');
    qb.andWhere(new Brackets((w) => w.where('c.endsAt IS NULL').orWhere('c.endsAt > now()')));
    return qb;
  }

  private load(where: { id?: string; paymentId?: string; userId: string }): Promise<LoadedDonation | null> {
    return this.donations.findOne({ where, relations: { campaign: true, payment: true } }) as Promise<LoadedDonation | null>;
  }

  private toCampaign(c: DonationCampaign): CampaignResponse {
    return mapCampaign(c, (key) => this.storage.publicUrl(key));
  }
}

/** Rows of an UPDATE … RETURNING run through `manager.query` (the postgres driver answers [rows, affected]). */
function returned<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}
