import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorResponse } from './error-response.js';

/** The one place HTTP errors are shaped (see `toErrorResponse`). */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    sendError(reply, request, exception, this.logger);
  }
}

export function sendError(reply: FastifyReply, request: FastifyRequest, exception: unknown, logger: Logger): void {
  const res = toErrorResponse(exception);
  if (res.serverFault) {
    const err = exception as Error;
    logger.error({
      msg: `${request.method} ${request.url} → ${res.status}: ${err?.message ?? String(exception)}`,
      reqId: request.id,
      ...(res.status >= 500 && res.status !== 503 && err?.stack ? { stack: err.stack } : {}),
    });
  }
  if (reply.sent) return;
  if (res.headers) void reply.headers(res.headers);
  void reply.status(res.status).type('application/json; charset=utf-8').send(res.body);
}
