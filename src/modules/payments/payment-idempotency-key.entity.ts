import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  type Relation,
} from 'typeorm';
import { User } from '../users/user.entity.js';
import { Payment } from './payment.entity.js';

/**
 * An `Idempotency-Key` a user sent with POST payments or POST donations: the
 * hash of the request it came with and the payment it created. The row and
 * the payment are written in one transaction, so a retry finds either both or
 * neither; a concurrent retry waits on the unique index until the first commits.
 */
@Entity('payment_idempotency_keys')
@Unique('uq_payment_idempotency_keys_user_key', ['userId', 'key'])
export class PaymentIdempotencyKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'varchar', length: 255 })
  key: string;

  /** SHA-256 of the route and the normalised request body. */
  @Column({ type: 'char', length: 64 })
  requestHash: string;

  @Index('idx_payment_idempotency_keys_payment')
  @Column({ type: 'uuid' })
  paymentId: string;

  @ManyToOne(() => Payment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'payment_id' })
  payment?: Relation<Payment>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
