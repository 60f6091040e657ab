import { toIso } from '../../common/time/dhaka-time.js';
import { toPaisa } from '../../common/validation/money.js';
import type { Payment } from '../payments/payment.entity.js';
import type { DonationCampaign } from './donation-campaign.entity.js';
import type { Donation } from './donation.entity.js';
import type { CampaignResponse, DonationResponse } from './dto/donations.response.js';

/** raised/goal in percent with two decimals, computed in paisa (no float touches the money). */
export function progressPercent(raised: string, goal: string): number {
  const g = toPaisa(goal);
  if (g <= 0n) return 0;
  return Number((toPaisa(raised) * 10_000n) / g) / 100;
}

export function mapCampaign(c: DonationCampaign, imageUrl: (key: string) => string): CampaignResponse {
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    image_url: c.imageKey ? imageUrl(c.imageKey) : null,
    goal: c.goal,
    raised: c.raised,
    progress: progressPercent(c.raised, c.goal),
    starts_at: toIso(c.startsAt),
    ends_at: toIso(c.endsAt),
    is_active: c.isActive,
    created_at: toIso(c.createdAt),
    updated_at: toIso(c.updatedAt),
  };
}

/** A donation with its campaign and payment loaded. */
export function mapDonation(d: Donation & { campaign: DonationCampaign; payment: Payment }): DonationResponse {
  return {
    id: d.id,
    campaign: d.campaignId,
    campaign_title: d.campaign.title,
    amount: d.amount,
    payment: d.paymentId,
    payment_method: d.payment.paymentMethod,
    phone_number: d.payment.phoneNumber,
    status: d.payment.status,
    redirect_url: d.payment.status === 'pending' ? d.payment.redirectUrl : null,
    is_anonymous: d.isAnonymous,
    message: d.message,
    receipt_number: d.receiptNumber,
    completed_at: toIso(d.completedAt),
    refunded_at: toIso(d.refundedAt),
    created_at: toIso(d.createdAt),
  };
}
