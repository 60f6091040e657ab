import type { PaymentMethod, PaymentStatus } from '../../payments/payment.choices.js';

export class CampaignResponse {
  id: string;
  title: string;
  description: string;
  image_url: string | null;
  /** "500000.00" */
  goal: string;
  /** Money from completed donations, "12500.00". */
  raised: string;
  /** raised / goal in percent, two decimals (may pass 100). */
  progress: number;
  starts_at: string;
  ends_at: string | null;
  is_active: boolean;
  created_at: string;
  updated_at: string;
}

export class DonationResponse {
  id: string;
  campaign: string;
  campaign_title: string;
  amount: string;
  /** The donation's payment. */
  payment: string;
  payment_method: PaymentMethod;
  phone_number: string;
  /** The payment's status: pending, completed, failed, cancelled or refunded. */
  status: PaymentStatus;
  /** Where the app sends the donor to pay (while pending). */
  redirect_url: string | null;
  is_anonymous: boolean;
  message: string | null;
  /** Set when the payment completes. */
  receipt_number: string | null;
  completed_at: string | null;
  refunded_at: string | null;
  created_at: string;
}

export class DonationReportRow {
  campaign: string;
  title: string;
  goal: string;
  raised: string;
  /** Completed, not refunded donations in the period. */
  donations: number;
  /** Their sum, "12500.00". */
  total: string;
  /** Distinct donors among them. */
  donors: number;
}
