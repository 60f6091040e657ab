import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Not, Repository } from 'typeorm';
import { DomainEvents } from '../../common/events/domain-event.js';
import { compareMoney } from '../../common/validation/money.js';
import { paymentsConfig, type PaymentsConfig } from '../../config/payments.config.js';
import { TransactionRunner, type ChangeOrigin } from '../../database/unit-of-work.js';
import { GatewayError, PaymentGateways, type CallbackParams, type GatewayConfirmation } from './gateways/payment-gateway.js';
import { isFinal, Payment } from './payment.entity.js';
import { PaymentCompleted, PaymentFailed } from './payments.events.js';

export type SettleMode = 'callback' | 'expire';
export type SettleOutcome = 'ignored' | 'pending' | 'completed' | 'failed' | 'cancelled';

interface Decision {
  status: 'completed' | 'failed' | 'cancelled' | 'pending';
  transactionId: string | null;
  reason: string | null;
}

/**
 * The seed's process_payment_callback, made safe: the payment row is locked,
 * a payment already final is left alone, the gateway is asked server-side,
 * amount and invoice must match what we asked for, and the new state, the
 * domain event (→ SMS, in-app notification, donation receipt) and the
 * gateway's answer commit together. Running it twice, or ten times at once,
 * moves a payment once.
 */
@Injectable()
export class PaymentSettlementService {
  private readonly logger = new Logger(PaymentSettlementService.name);

  constructor(
    @InjectRepository(Payment) private readonly payments: Repository<Payment>,
    private readonly gateways: PaymentGateways,
    private readonly tx: TransactionRunner,
    private readonly events: DomainEvents,
    @Inject(paymentsConfig.KEY) private readonly config: PaymentsConfig,
  ) {}

  /**
   * `callback`: confirm after a gateway callback; a gateway that cannot be
   * reached throws (the job retries). `expire`: a payment pending past the
   * window; unless the gateway confirms it now it is cancelled — but if the
   * gateway cannot be reached it stays pending for the next sweep, since the
   * user may have paid.
   */
  async settle(origin: ChangeOrigin, paymentId: string, params: CallbackParams, mode: SettleMode): Promise<SettleOutcome> {
    return this.tx.run(origin, async (uow) => {
      const qb = uow.manager.createQueryBuilder(Payment, 'p').setLock('pessimistic_write').where('p.id = :id', { id: paymentId });
      // The sweep skips a payment a callback is settling right now.
      if (mode === 'expire') qb.setOnLocked('skip_locked');
      const payment = await qb.getOne();
      if (!payment || isFinal(payment.status)) return 'ignored';
      const gateway = this.gateways.forMethod(payment.paymentMethod);
      if (!gateway) {
        if (mode === 'expire') return 'pending';
        throw new Error(`no gateway is configured for ${payment.paymentMethod}`);
      }
      let confirmation: GatewayConfirmation;
      try {
        confirmation = await gateway.confirm(payment, params);
      } catch (err) {
        if (mode === 'expire' && err instanceof GatewayError) {
          this.logger.warn(`payment ${payment.id} stays pending: ${err.message}`);
          return 'pending';
        }
        throw err;
      }
      const decision = await this.decide(payment, confirmation);
      if (decision.status === 'pending') {
        if (mode === 'callback') {
          await uow.manager.update(
            Payment,
            { id: payment.id },
            { gatewayResponse: { ...(payment.gatewayResponse ?? {}), confirm: confirmation.raw } },
          );
          return 'pending';
        }
        decision.status = 'cancelled';
        decision.reason = `Not confirmed by the gateway within ${Math.round(this.config.pendingTimeoutMs / 60_000)} minutes.`;
      }
      const now = new Date();
      await uow.manager.update(
        Payment,
        { id: payment.id },
        {
          status: decision.status,
          transactionId: decision.transactionId,
          failureReason: decision.reason?.slice(0, 500) ?? null,
          completedAt: decision.status === 'completed' ? now : null,
          gatewayResponse: { ...(payment.gatewayResponse ?? {}), confirm: confirmation.raw },
        },
      );
      const facts = {
        paymentId: payment.id,
        userId: payment.userId,
        amount: payment.amount,
        paymentMethod: payment.paymentMethod,
        serviceType: payment.serviceType,
      };
      await this.events.publish(
        uow,
        decision.status === 'completed'
          ? new PaymentCompleted(facts)
          : new PaymentFailed(facts, decision.status, decision.reason),
      );
      this.logger.log(`payment ${payment.id} ${decision.status}${decision.reason ? `: ${decision.reason}` : ''}`);
      return decision.status;
    });
  }

  /** A completed answer counts only for our amount, our invoice and a transaction id no other payment holds. */
  private async decide(payment: Payment, c: GatewayConfirmation): Promise<Decision> {
    if (c.status !== 'completed') return { status: c.status, transactionId: null, reason: c.reason ?? null };
    const failed = (reason: string): Decision => ({ status: 'failed', transactionId: null, reason });
    if (!c.amount || compareMoney(c.amount, payment.amount) !== 0) {
      return failed(`Amount mismatch: the gateway reports ${c.amount ?? 'no amount'}, the payment is for ${payment.amount}.`);
    }
    if (c.invoice !== payment.invoiceNumber) {
      return failed(
        `Invoice mismatch: the gateway reports ${c.invoice ?? 'no invoice'}, the payment is ${payment.invoiceNumber}.`,
      );
    }
    const transactionId = c.transactionId?.slice(0, 100) ?? null;
    if (transactionId && (await this.payments.existsBy({ transactionId, id: Not(payment.id) }))) {
      return failed(`Transaction ${transactionId} already settled another payment.`);
    }
    return { status: 'completed', transactionId, reason: null };
  }

  /** Payments pending longer than the window, oldest first. */
  async stalePaymentIds(limit = 200): Promise<string[]> {
    const cutoff = new Date(Date.now() - this.config.pendingTimeoutMs);
    const rows = await this.payments.find({
      select: { id: true },
      where: { status: 'pending', createdAt: LessThan(cutoff) },
      order: { createdAt: 'ASC' },
      take: limit,
    });
    return rows.map((r) => r.id);
  }

  /** Re-queries every stale pending payment; each is settled in its own transaction. */
  async expireStale(origin: ChangeOrigin): Promise<Record<SettleOutcome, number>> {
    const counts: Record<SettleOutcome, number> = { ignored: 0, pending: 0, completed: 0, failed: 0, cancelled: 0 };
    for (const id of await this.stalePaymentIds()) {
      try {
        counts[await this.settle(origin, id, {}, 'expire')] += 1;
      } catch (err) {
        counts.pending += 1;
        this.logger.error(`payment ${id}: stale sweep failed: ${(err as Error).message}`, (err as Error).stack);
      }
    }
    return counts;
  }
}
