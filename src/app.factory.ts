import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { configureRequestContextTracking, enterRequestContext, requestContextTracking } from './common/http/request-context.js';
import { API_SECURITY_HEADERS, DOCUMENT_HELMET_OPTIONS, isJsonType, securityHeaders } from './common/http/security-headers.js';
import { validateEnv } from './config/env.schema.js';
import { createLogger, PinoNestLogger } from './logging/logger.js';
import { MetricsService } from './modules/metrics/metrics.service.js';
import { mountQueueBoard } from './modules/queue-board/queue-board.plugin.js';
import { RedisIoAdapter } from './modules/realtime/redis-io.adapter.js';
import { redisConfig, type RedisConfig } from './config/redis.config.js';
import { setupSwagger } from './openapi/swagger.js';

export const API_PREFIX = 'api/v1';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * Knows when Nest starts shutting down (SIGTERM: `beforeClose()` runs before
 * any shutdown hook), so the hooks below can turn new requests away in the
 * contract's shape and let in-flight ones close their connections.
 */
class ShutdownAwareFastifyAdapter extends FastifyAdapter {
  closing = false;

  override beforeClose(): void {
    this.closing = true;
    super.beforeClose();
  }
}

const SHUTTING_DOWN = { detail: 'Service temporarily unavailable.' };

export interface CreateAppOptions {
  /** Run queue processors in this process; defaults to RUN_WORKER. */
  worker?: boolean;
  /** Keep Nest's startup logs quiet (tests, scripts). */
  quiet?: boolean;
}

/**
 * The API application with everything main.ts serves: Fastify, the global
 * prefix, CORS, security headers, the error shapes, Swagger. Tests build the
 * app through here too, so they exercise what production runs.
 */
export async function createApp(options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const env = validateEnv(process.env);
  const adapter = new ShutdownAwareFastifyAdapter({
    bodyLimit: env.BODY_LIMIT_BYTES,
    trustProxy: env.TRUST_PROXY,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 300 },
    // Not `requestIdHeader`: Fastify would take the header's value as it is and skip genReqId,
    // letting any string (a 2 KB one, one with spaces) into logs, jobs and the audit log.
    requestIdHeader: false,
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    logger: false,
    // Replaced by the hooks below, which answer in the contract's shape.
    return503OnClosing: false,
  });
  const fastify = adapter.getInstance();
  const logger = createLogger(env.LOG_LEVEL);
  // One line per request, after the response (Fastify's own request logging writes two).
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    if (logger.isLevelEnabled(level)) {
      logger[level](
        {
          reqId: request.id,
          method: request.method,
          url: request.url,
          statusCode: status,
          responseTime: Math.round(reply.elapsedTime),
        },
        'request completed',
      );
    }
    done();
  });
  const documentHeaders = securityHeaders(DOCUMENT_HELMET_OPTIONS);
  // The request's context (request id, client, and the caller once the guard knows them).
  fastify.addHook('onRequest', (request, reply, done) => {
    (request.raw as { id?: string }).id = request.id;
    const userAgent = request.headers['user-agent'];
    request.ctx = {
      requestId: request.id,
      queryCount: 0,
      ip: request.ip,
      userAgent: typeof userAgent === 'string' ? userAgent : undefined,
    };
    void reply.header('x-request-id', request.id);
    // Shutting down: a new request is turned away (the load balancer retries elsewhere) ...
    if (adapter.closing) {
      void reply.code(503).header('retry-after', '5').header('connection', 'close').send(SHUTTING_DOWN);
      return;
    }
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    // Security headers on every answer, errors and files included: the API's set on JSON,
    // helmet's whole set on HTML pages and files (security-headers.ts). A header the route
    // set itself stays.
    const headers = isJsonType(reply.getHeader('content-type')) ? API_SECURITY_HEADERS : documentHeaders;
    for (const name in headers) if (!reply.hasHeader(name)) void reply.header(name, headers[name]);
    // ... and while shutting down, a request in flight gets its answer, then its keep-alive connection
    // is closed, so the server can finish closing instead of waiting for idle connections to time out.
    if (adapter.closing) void reply.header('connection', 'close');
    done(null, payload);
  });
  configureRequestContextTracking(env);
  if (requestContextTracking()) {
    // The context follows everything the handler awaits (see request-context.ts), so every
    // log line carries reqId and tests see how many SQL statements a request cost.
    fastify.addHook('preHandler', (request, _reply, done) => {
      enterRequestContext(request.ctx);
      done();
    });
    fastify.addHook('onSend', (request, reply, payload, done) => {
      void reply.header('x-query-count', String(request.ctx.queryCount));
      done(null, payload);
    });
  }

  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register({ worker: options.worker ?? env.RUN_WORKER }),
    adapter,
    { abortOnError: false, logger: options.quiet && env.LOG_LEVEL === 'info' ? ['error', 'warn'] : new PinoNestLogger(logger) },
  );
  app.get(MetricsService).instrument(fastify);
  const allowedOrigins = corsOrigins(env.CORS_ALLOWED_ORIGINS);
  app.useWebSocketAdapter(new RedisIoAdapter(app, app.get<RedisConfig>(redisConfig.KEY), allowedOrigins));
  app.setGlobalPrefix(API_PREFIX, { exclude: ['media/{*path}'] });
  app.enableCors({
    // CORS headers only for a configured origin. Nothing for a foreign one (not even
    // Allow-Credentials) and nothing for a request without Origin: the mobile app, servers.
    origin: (origin, callback) => callback(null, origin !== undefined && allowedOrigins.includes(origin)),
    credentials: true,
    maxAge: 600,
    exposedHeaders: ['Retry-After', 'X-Request-Id'],
  });
  setupSwagger(app);
  await mountQueueBoard(app);
  // SIGTERM/SIGINT: stop taking requests, finish the ones in flight and the running jobs, exit 0
  // (without useProcessExit Nest re-raises the signal, and the process dies by it instead).
  app.enableShutdownHooks([], { useProcessExit: true });
  return app;
}

function corsOrigins(list: string): string[] {
  return list
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
}
