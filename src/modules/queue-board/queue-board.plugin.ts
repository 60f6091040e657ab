import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bull';
import { Logger, type HttpException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bull';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken } from '../../common/auth/bearer-token.js';
import { AuthenticationFailedException } from '../../common/auth/jwt-auth.guard.js';
import { PermissionDeniedException } from '../../common/http/api-errors.js';
import { toErrorResponse } from '../../common/http/error-response.js';
import { TransactionRunner } from '../../database/unit-of-work.js';
import { AuditService } from '../audit/audit.service.js';
import { AccessTokenVerifier } from '../auth/access-token.verifier.js';
import { QUEUES } from '../queue/jobs.js';

/** Where the board is served (under the API prefix, so nginx proxies it like the API). */
export const QUEUE_BOARD_PATH = '/api/v1/admin/queues';
/** The cookie a browser tab presents instead of a bearer header (see QueueBoardController). */
export const QUEUE_BOARD_COOKIE = 'cc_queue_board';

/**
 * What an admin may do on the board besides looking: retry a failed job,
 * promote a delayed one, clean finished jobs, pause and resume a queue. Not
 * allowed: adding or editing jobs (a job's data is written by the domain in
 * the transaction of its change — a hand-made payload would bypass every
 * rule), emptying or obliterating a queue (jobs that must not be lost), and
 * retuning concurrency, rate limits or schedules (configuration, not operations).
 */
const ALLOWED_ACTIONS: Array<{ method: string; path: RegExp; action: string }> = [
  { method: 'PUT', path: /^\/api\/queues\/([^/]+)\/retry\/failed$/, action: 'retry_all' },
  { method: 'PUT', path: /^\/api\/queues\/([^/]+)\/promote$/, action: 'promote_all' },
  { method: 'PUT', path: /^\/api\/queues\/([^/]+)\/clean\/(completed|failed)$/, action: 'clean' },
  { method: 'PUT', path: /^\/api\/queues\/([^/]+)\/pause$/, action: 'pause' },
  { method: 'PUT', path: /^\/api\/queues\/([^/]+)\/resume$/, action: 'resume' },
  { method: 'PUT', path: /^\/api\/queues\/pause$/, action: 'pause_all' },
  { method: 'PUT', path: /^\/api\/queues\/resume$/, action: 'resume_all' },
  { method: 'PUT', path: /^\/api\/queues\/([^/]+)\/([^/]+)\/(retry|promote|clean)$/, action: 'job' },
];

type BoardRequest = FastifyRequest & { boardAction?: { action: string; path: string } };

const logger = new Logger('QueueBoard');

/** Answers in the API's error shape (the board's routes are Fastify's, outside Nest's exception filter). */
function refuse(reply: FastifyReply, error: HttpException): FastifyReply {
  const res = toErrorResponse(error);
  return reply
    .code(res.status)
    .headers(res.headers ?? {})
    .send(res.body);
}

/**
 * Bull Board (every queue: waiting, active, delayed, failed and completed
 * jobs with their data, errors and attempts) at QUEUE_BOARD_PATH, for admins
 * only: an admin's access token as a bearer header or in the board cookie;
 * anyone else gets the API's 401/403. Allowed actions are written to the
 * audit log. Mounted in API processes (the worker serves no HTTP).
 */
export async function mountQueueBoard(app: NestFastifyApplication): Promise<void> {
  const queues = Object.values(QUEUES).map((name) => app.get<Queue>(getQueueToken(name), { strict: false }));
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    // (Bull 3/4 retries only failed jobs: a completed job, which already had its effect, is never run again.)
    queues: queues.map((queue) => {
      const adapter = new BullAdapter(queue, { allowRetries: true });
      // An SMS may carry a one-time code: the board shows to whom, never what.
      adapter.setFormatter('data', redactSmsText);
      return adapter;
    }),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Clean Care queues' } },
  });
  const verifier = app.get(AccessTokenVerifier, { strict: false });
  const audit = app.get(AuditService, { strict: false });
  const tx = app.get(TransactionRunner, { strict: false });

  await app.register(
    async (scope: FastifyInstance) => {
      scope.addHook('onRequest', async (request: BoardRequest, reply: FastifyReply) => {
        const token = bearerToken(request.headers.authorization) || cookieValue(request.headers.cookie, QUEUE_BOARD_COOKIE);
        const user = token ? await verifier.verify(token) : null;
        if (!user) return refuse(reply, new AuthenticationFailedException(!token));
        if (user.role !== 'admin') return refuse(reply, new PermissionDeniedException());
        request.ctx.actorId = user.id;
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          const path = request.url.slice(QUEUE_BOARD_PATH.length).split('?')[0];
          const allowed = ALLOWED_ACTIONS.find((a) => a.method === request.method && a.path.test(path));
          if (!allowed) return refuse(reply, new PermissionDeniedException('This action is not allowed on the queue dashboard.'));
          request.boardAction = { action: allowed.action, path };
        }
      });
      // Every action that went through, in the audit log (who, what, from where, which request).
      scope.addHook('onResponse', async (request: BoardRequest, reply: FastifyReply) => {
        const done = request.boardAction;
        if (!done || reply.statusCode >= 400) return;
        const params = request.params as Record<string, string | undefined>;
        await tx
          .run(request.ctx, (uow) =>
            audit.record(uow, {
              action: `queue_job.${done.action}`,
              entityType: 'queue_job',
              entityId: null,
              after: { path: done.path, queue: params.queueName ?? null, job_id: params.jobId ?? null },
            }),
          )
          .catch((err: Error) => logger.error(`audit entry not written: ${err.message}`, err.stack));
      });
      await scope.register(serverAdapter.registerPlugin());
    },
    { prefix: QUEUE_BOARD_PATH },
  );
}

/** A send-sms job's text replaced (it may be a one-time code, which lets whoever reads it reset a password). */
export function redactSmsText(data: unknown): unknown {
  if (data && typeof data === 'object' && typeof (data as { phone?: unknown }).phone === 'string' && 'message' in data) {
    return { ...data, message: '[redacted]' };
  }
  return data;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
