import { HttpException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { FieldValidationException, RawBodyException } from './api-errors.js';

export interface ErrorResponse {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
  /** Whether this is our fault (logged with its stack) rather than the client's. */
  serverFault: boolean;
}

/** DRF's wording for the statuses a client sees most. */
const DEFAULT_DETAIL: Record<number, string> = {
  400: 'Bad request.',
  401: 'Authentication credentials were not provided.',
  403: 'You do not have permission to perform this action.',
  404: 'Not found.',
  405: 'Method not allowed.',
  406: 'Could not satisfy the request Accept header.',
  409: 'Conflict.',
  413: 'Request entity too large.',
  415: 'Unsupported media type.',
  429: 'Request was throttled.',
  500: 'Internal server error.',
  503: 'Service temporarily unavailable.',
};

/** Nest's own default messages, replaced by DRF's wording. */
const NEST_DEFAULTS = new Set([
  'Bad Request',
  'Unauthorized',
  'Forbidden',
  'Not Found',
  'Method Not Allowed',
  'Conflict',
  'Payload Too Large',
  'Unsupported Media Type',
  'Too Many Requests',
  'Internal Server Error',
  'Service Unavailable',
]);

/**
 * A value PostgreSQL cannot take, sent by the client: bad text for a type
 * (22P02), a number out of range (22003), a bad date or time (22007, 22008),
 * a NUL byte or another character text columns cannot hold (22021, 22P05).
 */
const INVALID_VALUE_CODES = new Set(['22P02', '22003', '22007', '22008', '22021', '22P05']);

/** Errors that mean "the database or Redis is unreachable right now", not a bug. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection is closed',
  "Stream isn't writeable",
];

/**
 * Turns anything thrown while serving a request into the contract's shape:
 * DRF field maps for validation, `{"detail": ...}` otherwise, the seed's raw
 * bodies where it has them. Never a stack trace, SQL text or driver message.
 */
export function toErrorResponse(error: unknown): ErrorResponse {
  if (error instanceof FieldValidationException) {
    return { status: 400, body: error.fieldErrors, serverFault: false };
  }
  if (error instanceof RawBodyException) {
    return { status: error.getStatus(), body: error.getResponse() as Record<string, unknown>, serverFault: false };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const headers = (error as HttpException & { headers?: Record<string, string> }).headers;
    return { status, body: detailBody(status, response), headers, serverFault: status >= 500 };
  }
  if (error instanceof QueryFailedError) {
    const code = (error as QueryFailedError & { driverError?: { code?: string } }).driverError?.code;
    if (code === '23505') return client(409, 'A record with these values already exists.');
    if (code === '23503') {
      return /^update or delete/i.test(error.message)
        ? client(409, 'This record is still referenced by other records.')
        : client(400, 'A referenced record does not exist.');
    }
    // A null that reached a NOT NULL column: the client's null got past validation.
    if (code === '23502') return client(400, 'A required value is missing.');
    if (code && INVALID_VALUE_CODES.has(code)) return client(400, 'Invalid value.');
    if (code && UNAVAILABLE_CODES.has(code)) return unavailable();
    // The connection died under a running query: TypeORM wraps the driver's error, which has no SQLSTATE.
    if (isUnavailable((error as QueryFailedError & { driverError?: unknown }).driverError)) return unavailable();
    return internal();
  }
  if (isUnavailable(error)) return unavailable();
  const fastify = fastifyClientError(error);
  if (fastify) return fastify;
  return internal();
}

function detailBody(status: number, response: string | object): Record<string, unknown> {
  if (typeof response === 'string') {
    return { detail: NEST_DEFAULTS.has(response) ? (DEFAULT_DETAIL[status] ?? response) : response };
  }
  const obj = response as Record<string, unknown>;
  if ('detail' in obj || ('error' in obj && !('statusCode' in obj))) return obj;
  const message = obj.message;
  const text = Array.isArray(message) ? message.join(' ') : typeof message === 'string' ? message : undefined;
  if (!text || NEST_DEFAULTS.has(text)) return { detail: DEFAULT_DETAIL[status] ?? 'Error.' };
  return { detail: text };
}

function client(status: number, detail: string): ErrorResponse {
  return { status, body: { detail }, serverFault: false };
}

function internal(): ErrorResponse {
  return { status: 500, body: { detail: DEFAULT_DETAIL[500] }, serverFault: true };
}

function unavailable(): ErrorResponse {
  return { status: 503, body: { detail: DEFAULT_DETAIL[503] }, headers: { 'Retry-After': '5' }, serverFault: true };
}

function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: string }).code;
  if (code && UNAVAILABLE_CODES.has(code)) return true;
  return UNAVAILABLE_MESSAGES.some((m) => error.message.includes(m));
}

/** Errors Fastify raises before a route runs (bad JSON, body too large, wrong content type). */
function fastifyClientError(error: unknown): ErrorResponse | undefined {
  if (!(error instanceof Error)) return undefined;
  const { statusCode, code } = error as Error & { statusCode?: number; code?: string };
  if (!statusCode || statusCode < 400 || statusCode >= 500) return undefined;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return client(413, 'Request body is too large.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return client(415, 'Unsupported media type in request.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return client(400, 'JSON parse error - the body is empty.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case undefined:
      if (statusCode === 400 && (error instanceof SyntaxError || /JSON/i.test(error.message))) {
        return client(400, 'JSON parse error - the body is not valid JSON.');
      }
  }
  return client(statusCode, DEFAULT_DETAIL[statusCode] ?? 'Bad request.');
}
