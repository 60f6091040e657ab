import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { Public } from '../../common/auth/decorators.js';
import { SkipRateLimit } from '../../common/rate-limit/rate-limit.js';
import { REDIS } from '../../common/redis/redis.module.js';

type Check = 'up' | 'down';

export class ReadinessResponse {
  status: 'ok' | 'unavailable';
  checks: { database: Check; redis: Check };
}

const CHECK_TIMEOUT_MS = 1_500;

/**
 * Liveness (the process answers) and readiness (it can reach PostgreSQL and
 * Redis). @nestjs/terminus would do this, but its optional peer dependencies
 * cannot be resolved against Nest 12 by `npm ci`; the two checks are simple.
 */
@ApiTags('health')
@Public()
@SkipRateLimit()
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Get()
  liveness(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOkResponse({ type: ReadinessResponse })
  @ApiServiceUnavailableResponse({ type: ReadinessResponse })
  async readiness(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessResponse> {
    const [database, redis] = await Promise.all([probe(() => this.dataSource.query('SELECT 1')), probe(() => this.redis.ping())]);
    const ok = database === 'up' && redis === 'up';
    if (!ok) void reply.status(503).header('Retry-After', '5');
    return { status: ok ? 'ok' : 'unavailable', checks: { database, redis } };
  }
}

async function probe(check: () => Promise<unknown>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
      }),
    ]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}
