import { createHash } from 'node:crypto';
import { BadGatewayException, ConflictException, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { isStaffRole } from '../../common/auth/roles.js';
import { DomainEvents } from '../../common/events/domain-event.js';
import { FieldValidationException, NotFoundError } from '../../common/http/api-errors.js';
import { pageWindow, toPage, type Page } from '../../common/pagination/pagination.js';
import { compareMoney } from '../../common/validation/money.js';
import { isUniqueViolation } from '../../common/validation/db-errors.js';
import { paymentsConfig, type PaymentsConfig } from '../../config/payments.config.js';
import { TransactionRunner, type ChangeOrigin, type UnitOfWork } from '../../database/unit-of-work.js';
import { AuditService } from '../audit/audit.service.js';
import { OutboxService } from '../queue/outbox.service.js';
import { User } from '../users/user.entity.js';
import type { PaymentQuery } from './dto/payments.dto.js';
import type { PaymentResponse } from './dto/payments.response.js';
import { GatewayError, PaymentGateways, type CallbackParams, type PaymentGateway } from './gateways/payment-gateway.js';
import { PAYMENT_METHODS, type PaymentMethod } from './payment.choices.js';
import { Payment, type GatewayResponse } from './payment.entity.js';
import { PaymentIdempotencyKey } from './payment-idempotency-key.entity.js';
import { newInvoiceNumber } from './payment-numbers.js';
import { PaymentRefunded } from './payments.events.js';
import { mapPayment } from './payments.mapper.js';

export interface NewPayment {
  userId: string;
  serviceType: string;
  amount: string;
  paymentMethod: PaymentMethod;
  phoneNumber: string;
}

export interface InitiateOptions {
  /** The client's Idempotency-Key header, if any. */
  idempotencyKey?: string;
  /** What the key is bound to: the route and the normalised body. */
  request: unknown;
  /** Writes that belong with the new payment (a donation row), in its transaction. */
  attach?: (uow: UnitOfWork, payment: Payment) => Promise<void>;
}

export interface Initiated {
  payment: Payment;
  /** True when an Idempotency-Key replay returned an earlier payment. */
  replayed: boolean;
}

const GATEWAY_FAILED = 'The payment gateway could not start this payment. Please try again later.';
const MAX_CALLBACK_PARAMS = 50;

/** Objects with their keys sorted, so the same request hashes the same whatever order its fields came in. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Thrown inside the creating transaction when another request owns the idempotency key: rolls the new payment back. */
class KeyTaken extends Error {}

/**
 * Payments: start one with the gateway (idempotently), read them, accept the
 * gateways' callbacks (queued, never trusted), refund. Settling a payment is
 * PaymentSettlementService's job.
 */
@Injectable()
export class PaymentsService {
  private readonly logger = new Logger(PaymentsService.name);

  constructor(
    @InjectRepository(Payment) private readonly payments: Repository<Payment>,
    @InjectRepository(PaymentIdempotencyKey) private readonly keys: Repository<PaymentIdempotencyKey>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly gateways: PaymentGateways,
    private readonly tx: TransactionRunner,
    private readonly events: DomainEvents,
    private readonly outbox: OutboxService,
    @Inject(paymentsConfig.KEY) private readonly config: PaymentsConfig,
    private readonly audit: AuditService,
  ) {}

  // --- starting a payment ------------------------------------------------------------
  /** The gateway of a method, or the 400 `{"payment_method": [...]}` when it is not configured. */
  gatewayFor(method: PaymentMethod): PaymentGateway {
    const gateway = this.gateways.forMethod(method);
    if (!gateway) throw FieldValidationException.of('payment_method', `Payment by ${method} is not available at the moment.`);
    return gateway;
  }

  /**
   * Writes the pending payment (with whatever `attach` adds) and commits,
   * then asks the gateway to create it and stores its id and redirect URL.
   * The row exists before the gateway hears of it, so a crash in between
   * leaves a pending payment the stale sweep settles — never money the
   * system does not know about. With an Idempotency-Key, a retry gets the
   * same payment and causes no second gateway call; the same key with
   * another body is a 409.
   */
  async initiate(origin: ChangeOrigin, input: NewPayment, options: InitiateOptions): Promise<Initiated> {
    const gateway = this.gatewayFor(input.paymentMethod);
    const key = options.idempotencyKey;
    const requestHash = createHash('sha256')
      .update(JSON.stringify(canonical(options.request)))
      .digest('hex');
    if (key) {
      const existing = await this.keys.findOneBy({ userId: input.userId, key });
      if (existing) return { payment: await this.replay(existing, requestHash), replayed: true };
    }
    let payment: Payment;
    try {
      payment = await this.tx.run(origin, async (uow) => {
        const row = await this.insertPending(uow, input);
        await options.attach?.(uow, row);
        if (key) {
          const inserted = await uow.manager
            .createQueryBuilder()
            .insert()
            .into(PaymentIdempotencyKey)
            .values({ userId: input.userId, key, requestHash, paymentId: row.id })
            .orIgnore()
            .returning(['id'])
            .execute();
          if (!inserted.raw?.length) throw new KeyTaken();
        }
        return row;
      });
    } catch (err) {
      if (!(err instanceof KeyTaken)) throw err;
      // A concurrent request with the same key committed first: its payment is the answer.
      const existing = await this.keys.findOneByOrFail({ userId: input.userId, key: key! });
      return { payment: await this.replay(existing, requestHash), replayed: true };
    }
    return { payment: await this.createAtGateway(gateway, payment), replayed: false };
  }

  /** The invoice number is random (32⁸ a day): a clash is a unique violation, never a silent duplicate. */
  private async insertPending(uow: UnitOfWork, input: NewPayment): Promise<Payment> {
    const row = uow.manager.create(Payment, {
      userId: input.userId,
      serviceType: input.serviceType,
      amount: input.amount,
      paymentMethod: input.paymentMethod,
      phoneNumber: input.phoneNumber,
      status: 'pending',
      invoiceNumber: newInvoiceNumber(),
    });
    await uow.manager.insert(Payment, row);
    return row;
  }

  private async createAtGateway(gateway: PaymentGateway, payment: Payment): Promise<Payment> {
    const user = await this.users.findOneByOrFail({ id: payment.userId });
    try {
      const created = await gateway.create(payment, { name: user.name, phone: user.phone, email: user.email });
      await this.payments.update(
        { id: payment.id, status: 'pending' },
        {
          gatewayPaymentId: created.gatewayPaymentId,
          redirectUrl: created.redirectUrl,
          gatewayResponse: { create: created.raw },
        },
      );
      return this.payments.findOneByOrFail({ id: payment.id });
    } catch (err) {
      const reason = err instanceof GatewayError ? err.message : 'Internal error while contacting the gateway.';
      this.logger.warn(`payment ${payment.id}: gateway create failed: ${reason}`);
      const raw: GatewayResponse | null = err instanceof GatewayError && err.raw ? { create: err.raw } : null;
      await this.payments.update(
        { id: payment.id, status: 'pending' },
        { status: 'failed', failureReason: reason.slice(0, 500), gatewayResponse: raw },
      );
      if (err instanceof GatewayError || isUniqueViolation(err)) throw new BadGatewayException({ detail: GATEWAY_FAILED });
      throw err;
    }
  }

  /**
   * The payment an idempotency key already made. When the first request is
   * still talking to the gateway, waits (bounded) for it, so the retry gets
   * the redirect URL too; a payment the gateway refused replays the 502.
   */
  private async replay(key: PaymentIdempotencyKey, requestHash: string): Promise<Payment> {
    if (key.requestHash !== requestHash) {
      throw new ConflictException({ detail: 'This Idempotency-Key was already used with a different request.' });
    }
    const deadline = Date.now() + this.config.gatewayTimeoutMs * 2 + 2_000;
    for (;;) {
      const payment = await this.payments.findOneByOrFail({ id: key.paymentId });
      const settled = payment.status !== 'pending' || payment.redirectUrl !== null;
      if (settled || Date.now() > deadline) {
        if (payment.status === 'failed' && payment.gatewayPaymentId === null)
          throw new BadGatewayException({ detail: GATEWAY_FAILED });
        return payment;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  // --- reading ------------------------------------------------------------------------
  async list(request: FastifyRequest, user: AuthUser, query: PaymentQuery): Promise<Page<PaymentResponse>> {
    const window = pageWindow(query);
    const qb = this.payments.createQueryBuilder('p');
    if (!isStaffRole(user.role)) qb.where('p.userId = :me', { me: user.id });
    else if (query.user) qb.where('p.userId = :user', { user: query.user });
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    if (query.payment_method) qb.andWhere('p.paymentMethod = :method', { method: query.payment_method });
    if (query.service_type) qb.andWhere('p.serviceType = :serviceType', { serviceType: query.service_type });
    const ordering = query.ordering ?? '-created_at';
    const direction = ordering.startsWith('-') ? 'DESC' : 'ASC';
    qb.orderBy(ordering.endsWith('amount') ? 'p.amount' : 'p.createdAt', direction).addOrderBy('p.id', direction);
    const [rows, count] = await qb.skip(window.offset).take(window.pageSize).getManyAndCount();
    return toPage(request, window, count, rows.map(mapPayment));
  }

  /** One payment: the owner's own, or any for staff and admin; anything else is a 404. */
  async getVisible(user: AuthUser, id: string): Promise<Payment> {
    const payment = await this.payments.findOneBy(isStaffRole(user.role) ? { id } : { id, userId: user.id });
    if (!payment) throw new NotFoundError();
    return payment;
  }

  // --- gateway callbacks -------------------------------------------------------------------
  /**
   * A gateway (or the user's browser coming back from it) calls us. Its
   * parameters only point at a payment; if that payment is still pending a
   * job is queued (through the outbox, so Redis trouble loses nothing) to
   * confirm it server-side. Identical callbacks share one job id. Answers
   * with the app's deep link for the payment.
   */
  async acceptCallback(origin: ChangeOrigin, method: string, params: CallbackParams): Promise<string> {
    if (!(PAYMENT_METHODS as readonly { value: string }[]).some((m) => m.value === method)) throw new NotFoundError();
    const gateway = this.gateways.forMethod(method as PaymentMethod);
    const ref = gateway?.callbackReference(params);
    if (!ref) throw new NotFoundError();
    const where = ref.gatewayPaymentId
      ? { paymentMethod: method as PaymentMethod, gatewayPaymentId: ref.gatewayPaymentId }
      : { paymentMethod: method as PaymentMethod, invoiceNumber: ref.invoiceNumber };
    const payment = await this.payments.findOneBy(where);
    if (!payment) throw new NotFoundError();
    if (payment.status === 'pending') {
      const fingerprint = createHash('sha256')
        .update(JSON.stringify(Object.entries(params).sort()))
        .digest('hex')
        .slice(0, 16);
      // Deduplicated while such a job waits or runs; once done its id is free again, so a later
      // callback (the real one after a forged one with the same parameters) is processed too.
      await this.tx.run(origin, (uow) =>
        this.outbox.enqueue(
          uow,
          'processPaymentCallback',
          { paymentId: payment.id, params },
          { jobId: `callback:${payment.id}:${fingerprint}`, removeOnComplete: true, removeOnFail: true },
        ),
      );
    }
    return this.returnUrl(payment);
  }

  returnUrl(payment: Payment): string {
    return this.config.returnUrl
      .replaceAll('{id}', encodeURIComponent(payment.id))
      .replaceAll('{status}', encodeURIComponent(payment.status));
  }

  /** Query string and body of a callback as flat string parameters (bounded; nested values dropped). */
  static callbackParams(...sources: unknown[]): CallbackParams {
    const params: CallbackParams = {};
    for (const source of sources) {
      if (typeof source !== 'object' || source === null || Array.isArray(source)) continue;
      for (const [k, v] of Object.entries(source as Record<string, unknown>)) {
        if (Object.keys(params).length >= MAX_CALLBACK_PARAMS) break;
        if (!/^[\w.-]{1,64}$/.test(k)) continue;
        const value = Array.isArray(v) ? v[0] : v;
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
          params[k] = String(value).slice(0, 2000);
      }
    }
    return params;
  }

  // --- refunds --------------------------------------------------------------------------------
  /**
   * Admin: gives a completed payment's money back through its gateway (all
   * of it unless an amount is given) and marks it refunded. The row stays
   * locked during the gateway call, so two refunds of one payment cannot both
   * go out. A gateway refusal is a 502 and changes nothing.
   */
  async refund(actor: AuthUser, id: string, amount: string | undefined, reason: string): Promise<Payment> {
    await this.tx.run(actor.origin, async (uow) => {
      const payment = await uow.manager
        .createQueryBuilder(Payment, 'p')
        .setLock('pessimistic_write')
        .where('p.id = :id', { id })
        .getOne();
      if (!payment) throw new NotFoundError();
      if (payment.status !== 'completed') {
        throw new ConflictException({ detail: `Only a completed payment can be refunded; this one is ${payment.status}.` });
      }
      const refundAmount = amount ?? payment.amount;
      if (compareMoney(refundAmount, payment.amount) > 0) {
        throw FieldValidationException.of('amount', `Ensure this value is at most the amount paid (${payment.amount}).`);
      }
      const gateway = this.gatewayFor(payment.paymentMethod);
      let result;
      try {
        result = await gateway.refund(payment, refundAmount, reason);
      } catch (err) {
        if (!(err instanceof GatewayError)) throw err;
        this.logger.warn(`payment ${id}: refund refused: ${err.message}`);
        throw new BadGatewayException({ detail: `The gateway did not refund the payment: ${err.message}` });
      }
      const change = this.audit.track(uow, Payment, payment);
      const refunded = {
        status: 'refunded' as const,
        refundedAmount: refundAmount,
        refundedAt: new Date(),
        refundReason: reason,
        gatewayResponse: { ...(payment.gatewayResponse ?? {}), refund: result.raw },
      };
      await uow.manager.update(Payment, { id }, refunded);
      await change.record('refund', Object.assign(payment, refunded), {
        refund_transaction_id: result.refundTransactionId,
      });
      await this.events.publish(
        uow,
        new PaymentRefunded(
          {
            paymentId: id,
            userId: payment.userId,
            amount: payment.amount,
            paymentMethod: payment.paymentMethod,
            serviceType: payment.serviceType,
          },
          refundAmount,
        ),
      );
    });
    return this.payments.findOneByOrFail({ id });
  }
}
