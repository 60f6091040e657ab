import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from '../users/user.entity.js';
import { ConfiguredPaymentGateways } from './gateways/payment-gateways.js';
import { PaymentGateways } from './gateways/payment-gateway.js';
import { Payment } from './payment.entity.js';
import { PaymentIdempotencyKey } from './payment-idempotency-key.entity.js';
import { PaymentSettlementService } from './payment-settlement.service.js';
import { PaymentsController } from './payments.controller.js';
import { PaymentsService } from './payments.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Payment, PaymentIdempotencyKey, User])],
  controllers: [PaymentsController],
  providers: [PaymentsService, PaymentSettlementService, { provide: PaymentGateways, useClass: ConfiguredPaymentGateways }],
  exports: [PaymentsService, PaymentSettlementService, PaymentGateways],
})
export class PaymentsModule {}
