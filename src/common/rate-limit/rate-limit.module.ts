import { Global, Module } from '@nestjs/common';
import { RateLimitService } from './rate-limit.js';

/** The shared rate limiters, for the guards and for authentication (one Redis round trip per request). */
@Global()
@Module({ providers: [RateLimitService], exports: [RateLimitService] })
export class RateLimitModule {}
