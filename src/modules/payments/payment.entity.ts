import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { User } from '../users/user.entity.js';
import type { PaymentMethod, PaymentStatus } from './payment.choices.js';

/** What the gateway answered at each step, minus anything secret. */
export interface GatewayResponse {
  create?: object;
  confirm?: object;
  refund?: object;
}

/**
 * The seed's Payment, plus what a real gateway integration needs: the
 * gateway's own payment id (unique per gateway), our invoice number (sent to
 * the gateway and checked on confirmation), the URL the user pays at, when it
 * completed, why it failed, and the admin-only refund. Money is numeric(10,2)
 * carried as a string. A user's payments are never deleted with the user
 * (accounts are anonymised, not removed), hence RESTRICT.
 */
@Entity('payments')
@Unique('uq_payments_transaction_id', ['transactionId'])
@Unique('uq_payments_invoice_number', ['invoiceNumber'])
@Unique('uq_payments_gateway_payment', ['paymentMethod', 'gatewayPaymentId'])
@Check('ck_payments_method', `"payment_method" IN ('bkash', 'nagad', 'rocket', 'upay')`)
@Check('ck_payments_status', `"status" IN ('pending', 'completed', 'failed', 'cancelled', 'refunded')`)
@Check('ck_payments_amount', `"amount" > 0`)
@Index('idx_payments_user_created', ['userId', 'createdAt'])
@Index('idx_payments_status_created', ['status', 'createdAt'])
@Index('idx_payments_method_created', ['paymentMethod', 'createdAt'])
@Index('idx_payments_service_type', ['serviceType'])
@Index('idx_payments_created', ['createdAt'])
@Index('idx_payments_amount', ['amount'])
// The dashboard: money received in a date range, by method and by day.
@Index('idx_payments_completed_at', ['completedAt'], { where: `"status" = 'completed'` })
export class Payment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  /** What is paid for (holding tax, trade licence, donation, …). */
  @Column({ type: 'varchar', length: 50 })
  serviceType: string;

  @Column({ type: 'numeric', precision: 10, scale: 2 })
  amount: string;

  @Column({ type: 'varchar', length: 20 })
  paymentMethod: PaymentMethod;

  /** The payer's wallet number, 01XXXXXXXXX. */
  @Column({ type: 'varchar', length: 20 })
  phoneNumber: string;

  /** The gateway's transaction id (bKash trxID, Nagad issuerPaymentRefNo, SSLCommerz bank_tran_id). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  transactionId: string | null;

  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status: PaymentStatus;

  @Column({ type: 'jsonb', nullable: true })
  gatewayResponse: GatewayResponse | null;

  /** The gateway's own id of this payment (bKash paymentID, Nagad paymentReferenceId, SSLCommerz sessionkey). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  gatewayPaymentId: string | null;

  /** Our merchant invoice number (bKash merchantInvoiceNumber, Nagad orderId, SSLCommerz tran_id). */
  @Column({ type: 'varchar', length: 40 })
  invoiceNumber: string;

  /** Where the app sends the user to pay. */
  @Column({ type: 'text', nullable: true })
  redirectUrl: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  failureReason: string | null;

  @Column({ type: 'numeric', precision: 10, scale: 2, nullable: true })
  refundedAmount: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  refundedAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  refundReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

export const FINAL_STATUSES: readonly PaymentStatus[] = ['completed', 'failed', 'cancelled', 'refunded'];
export const isFinal = (status: PaymentStatus): boolean => FINAL_STATUSES.includes(status);
