import { registerAs } from '@nestjs/config';
import { validateEnv } from './env.schema.js';

const unescapeKey = (key: string | undefined): string | undefined => key?.replace(/\\n/g, '\n').trim();

export const paymentsConfig = registerAs('payments', () => {
  const env = validateEnv(process.env);
  const bkash =
    env.BKASH_BASE_URL && env.BKASH_USERNAME && env.BKASH_PASSWORD && env.BKASH_APP_KEY && env.BKASH_APP_SECRET
      ? {
          baseUrl: env.BKASH_BASE_URL.replace(/\/+$/, ''),
          username: env.BKASH_USERNAME,
          password: env.BKASH_PASSWORD,
          appKey: env.BKASH_APP_KEY,
          appSecret: env.BKASH_APP_SECRET,
        }
      : undefined;
  const nagad =
    env.NAGAD_BASE_URL && env.NAGAD_MERCHANT_ID && env.NAGAD_PUBLIC_KEY && env.NAGAD_MERCHANT_PRIVATE_KEY
      ? {
          baseUrl: env.NAGAD_BASE_URL.replace(/\/+$/, ''),
          merchantId: env.NAGAD_MERCHANT_ID,
          merchantNumber: env.NAGAD_MERCHANT_NUMBER,
          nagadPublicKey: unescapeKey(env.NAGAD_PUBLIC_KEY)!,
          merchantPrivateKey: unescapeKey(env.NAGAD_MERCHANT_PRIVATE_KEY)!,
          clientIp: env.NAGAD_CLIENT_IP,
        }
      : undefined;
  const sslcommerz =
    env.SSLCOMMERZ_BASE_URL && env.SSLCOMMERZ_STORE_ID && env.SSLCOMMERZ_STORE_PASSWORD
      ? {
          baseUrl: env.SSLCOMMERZ_BASE_URL.replace(/\/+$/, ''),
          storeId: env.SSLCOMMERZ_STORE_ID,
          storePassword: env.SSLCOMMERZ_STORE_PASSWORD,
          methods: env.SSLCOMMERZ_METHODS.split(',')
            .map((m) => m.trim())
            .filter(Boolean),
        }
      : undefined;
  return {
    callbackBaseUrl: env.PAYMENT_CALLBACK_BASE_URL.replace(/\/+$/, ''),
    returnUrl: env.PAYMENT_RETURN_URL,
    pendingTimeoutMs: env.PAYMENT_PENDING_TIMEOUT_MS,
    sweepIntervalMs: env.PAYMENT_SWEEP_INTERVAL_MS,
    gatewayTimeoutMs: env.PAYMENT_GATEWAY_TIMEOUT_MS,
    bkash,
    nagad,
    sslcommerz,
  };
});
export type PaymentsConfig = ReturnType<typeof paymentsConfig>;
export type BkashConfig = NonNullable<PaymentsConfig['bkash']>;
export type NagadConfig = NonNullable<PaymentsConfig['nagad']>;
export type SslCommerzConfig = NonNullable<PaymentsConfig['sslcommerz']>;
