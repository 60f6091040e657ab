import { Inject, Injectable } from '@nestjs/common';
import { paymentsConfig, type PaymentsConfig } from '../../../config/payments.config.js';
import type { PaymentMethod } from '../payment.choices.js';
import { BkashGateway } from './bkash.gateway.js';
import { NagadGateway } from './nagad.gateway.js';
import { PaymentGateway, PaymentGateways } from './payment-gateway.js';
import { SslCommerzGateway, type SslCommerzMethod } from './sslcommerz.gateway.js';

/**
 * The adapters the environment configures: bKash and Nagad directly, Rocket
 * and Upay through SSLCommerz. A method with no adapter is refused with a 400
 * on `payment_method`. Each gateway calls back at
 * PAYMENT_CALLBACK_BASE_URL/<method>.
 */
@Injectable()
export class ConfiguredPaymentGateways extends PaymentGateways {
  private readonly byMethod = new Map<PaymentMethod, PaymentGateway>();

  constructor(@Inject(paymentsConfig.KEY) config: PaymentsConfig) {
    super();
    const callback = (method: PaymentMethod) => `${config.callbackBaseUrl}/${method}`;
    if (config.bkash) this.byMethod.set('bkash', new BkashGateway(config.bkash, callback('bkash'), config.gatewayTimeoutMs));
    if (config.nagad) this.byMethod.set('nagad', new NagadGateway(config.nagad, callback('nagad'), config.gatewayTimeoutMs));
    if (config.sslcommerz) {
      for (const method of config.sslcommerz.methods as SslCommerzMethod[]) {
        this.byMethod.set(method, new SslCommerzGateway(config.sslcommerz, method, callback(method), config.gatewayTimeoutMs));
      }
    }
  }

  forMethod(method: PaymentMethod): PaymentGateway | undefined {
    return this.byMethod.get(method);
  }

  configuredMethods(): PaymentMethod[] {
    return [...this.byMethod.keys()];
  }
}
