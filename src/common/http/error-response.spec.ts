import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  InternalServerErrorException,
  NotFoundException,
  PayloadTooLargeException,
} from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { RateLimitedException } from '../rate-limit/rate-limit.js';
import { FieldValidationException, NotFoundError, PermissionDeniedException, RawBodyException } from './api-errors.js';
import { toErrorResponse } from './error-response.js';

const pgError = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  new QueryFailedError(
    'INSERT INTO users (password_hash) VALUES ($1)',
    ['$argon2id$secret'],
    Object.assign(new Error(message), { code, ...extra }),
  );

function fastifyError(code: string | undefined, statusCode: number, message: string, base: Error = new Error(message)) {
  return Object.assign(base, { code, statusCode });
}

describe('toErrorResponse', () => {
  describe('client errors', () => {
    it('sends a DRF field map as it is', () => {
      const res = toErrorResponse(new FieldValidationException({ phone: ['Taken.'], non_field_errors: ['No.'] }));
      expect(res).toEqual({ status: 400, body: { phone: ['Taken.'], non_field_errors: ['No.'] }, serverFault: false });
    });

    it("sends the seed's own bodies as they are", () => {
      const res = toErrorResponse(new RawBodyException({ error: 'Invalid credentials' }, HttpStatus.UNAUTHORIZED));
      expect(res).toEqual({ status: 401, body: { error: 'Invalid credentials' }, serverFault: false });
    });

    it('uses DRF wording for bare Nest exceptions', () => {
      expect(toErrorResponse(new NotFoundException()).body).toEqual({ detail: 'Not found.' });
      expect(toErrorResponse(new ForbiddenException()).body).toEqual({
        detail: 'You do not have permission to perform this action.',
      });
      expect(toErrorResponse(new BadRequestException()).body).toEqual({ detail: 'Bad request.' });
      expect(toErrorResponse(new PayloadTooLargeException())).toMatchObject({
        status: 413,
        body: { detail: 'Request entity too large.' },
      });
    });

    it('keeps a specific message under detail', () => {
      expect(toErrorResponse(new BadRequestException('Image dimensions are too large.')).body).toEqual({
        detail: 'Image dimensions are too large.',
      });
      expect(toErrorResponse(new BadRequestException({ detail: 'Own detail.' })).body).toEqual({ detail: 'Own detail.' });
      expect(toErrorResponse(new BadRequestException(['one', 'two'])).body).toEqual({ detail: 'one two' });
      expect(toErrorResponse(new NotFoundError('Invalid page.')).body).toEqual({ detail: 'Invalid page.' });
      expect(toErrorResponse(new PermissionDeniedException()).status).toBe(403);
    });

    it('passes headers along (Retry-After on 429)', () => {
      const res = toErrorResponse(new RateLimitedException(42));
      expect(res.status).toBe(429);
      expect(res.headers).toEqual({ 'Retry-After': '42' });
      expect(res.body).toEqual({ detail: 'Request was throttled. Expected available in 42 seconds.' });
      expect(res.serverFault).toBe(false);
    });
  });

  describe('database errors', () => {
    it('answers a unique violation with 409 and a foreign key to nothing with 400', () => {
      expect(toErrorResponse(pgError('23505', 'duplicate key value violates unique constraint "uq_x"'))).toMatchObject({
        status: 409,
        serverFault: false,
      });
      expect(
        toErrorResponse(pgError('23503', 'insert or update on table "zones" violates foreign key constraint')),
      ).toMatchObject({
        status: 400,
        body: { detail: 'A referenced record does not exist.' },
      });
    });

    it('answers deleting a referenced row with 409', () => {
      expect(toErrorResponse(pgError('23503', 'update or delete on table "wards" violates foreign key constraint'))).toEqual({
        status: 409,
        body: { detail: 'This record is still referenced by other records.' },
        serverFault: false,
      });
    });

    it('answers a malformed value with 400', () => {
      expect(toErrorResponse(pgError('22P02', 'invalid input syntax for type uuid: "x"'))).toMatchObject({ status: 400 });
      expect(toErrorResponse(pgError('22003', 'value "3000000000" is out of range for type integer'))).toMatchObject({
        status: 400,
      });
      // A NUL byte in a text value: PostgreSQL refuses it; the client sent it.
      expect(toErrorResponse(pgError('22021', 'invalid byte sequence for encoding "UTF8": 0x00'))).toEqual({
        status: 400,
        body: { detail: 'Invalid value.' },
        serverFault: false,
      });
    });

    it('answers an unreachable database with 503 and Retry-After', () => {
      expect(toErrorResponse(pgError('57P01', 'terminating connection due to administrator command'))).toMatchObject({
        status: 503,
        headers: { 'Retry-After': '5' },
      });
      expect(
        toErrorResponse(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })),
      ).toMatchObject({
        status: 503,
      });
      expect(toErrorResponse(new Error('Connection terminated unexpectedly')).status).toBe(503);
    });

    it('answers 503 when the connection dies under a running query (TypeORM wraps the driver error)', () => {
      const cut = new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly'));
      expect(toErrorResponse(cut)).toMatchObject({ status: 503, body: { detail: 'Service temporarily unavailable.' } });
      const reset = new QueryFailedError('SELECT 1', [], Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
      expect(toErrorResponse(reset).status).toBe(503);
    });

    it('never shows SQL, parameters or driver messages', () => {
      const res = toErrorResponse(pgError('42P01', 'relation "users" does not exist'));
      expect(res).toEqual({ status: 500, body: { detail: 'Internal server error.' }, serverFault: true });
      for (const code of ['23505', '23503', '22P02', '42P01']) {
        const text = JSON.stringify(toErrorResponse(pgError(code, 'violates constraint on "password_hash"')).body);
        expect(text).not.toMatch(/INSERT|password_hash|argon2|constraint/);
      }
    });
  });

  describe('errors Fastify raises before a route runs', () => {
    it('maps body size, bad JSON and media type', () => {
      expect(toErrorResponse(fastifyError('FST_ERR_CTP_BODY_TOO_LARGE', 413, 'Request body is too large'))).toMatchObject({
        status: 413,
        body: { detail: 'Request body is too large.' },
      });
      expect(
        toErrorResponse(
          fastifyError(
            'FST_ERR_CTP_INVALID_JSON_BODY',
            400,
            "Body is not valid JSON but content-type is set to 'application/json'",
          ),
        ).body,
      ).toEqual({
        detail: 'JSON parse error - the body is not valid JSON.',
      });
      expect(
        toErrorResponse(fastifyError(undefined, 400, 'Unexpected token } in JSON', new SyntaxError('Unexpected token } in JSON')))
          .body,
      ).toEqual({
        detail: 'JSON parse error - the body is not valid JSON.',
      });
      expect(toErrorResponse(fastifyError('FST_ERR_CTP_EMPTY_JSON_BODY', 400, 'empty')).status).toBe(400);
      expect(
        toErrorResponse(fastifyError('FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 'Unsupported Media Type: text/xml')),
      ).toMatchObject({
        status: 415,
        serverFault: false,
      });
    });

    it('keeps any other 4xx status with a generic detail', () => {
      expect(toErrorResponse(fastifyError('FST_ERR_SOMETHING', 404, 'internal wording'))).toEqual({
        status: 404,
        body: { detail: 'Not found.' },
        serverFault: false,
      });
    });
  });

  describe('our own faults', () => {
    it('answers anything unexpected with 500 and no detail of what went wrong', () => {
      const err = new TypeError("Cannot read properties of undefined (reading 'passwordHash')");
      const res = toErrorResponse(err);
      expect(res).toEqual({ status: 500, body: { detail: 'Internal server error.' }, serverFault: true });
      expect(toErrorResponse('a thrown string')).toMatchObject({ status: 500 });
      expect(toErrorResponse(undefined)).toMatchObject({ status: 500 });
    });

    it('marks 5xx HttpExceptions as server faults, with DRF wording', () => {
      expect(toErrorResponse(new InternalServerErrorException())).toEqual({
        status: 500,
        body: { detail: 'Internal server error.' },
        headers: undefined,
        serverFault: true,
      });
      expect(toErrorResponse(new HttpException('Service Unavailable', 503)).serverFault).toBe(true);
    });
  });
});
