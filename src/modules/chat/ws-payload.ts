import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';
import { FieldValidationException, NON_FIELD_ERRORS } from '../../common/http/api-errors.js';
import { toFieldErrors } from '../../common/http/validation.js';

/**
 * Validates a socket event's payload as the global pipe validates a request
 * body (whitelist, unknown fields refused, DRF field errors), since event
 * payloads are whatever a client sends — a string, an array, nothing.
 */
export async function parsePayload<T extends object>(cls: ClassConstructor<T>, payload: unknown): Promise<T> {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    const got = payload === null ? 'null' : Array.isArray(payload) ? 'list' : typeof payload;
    throw FieldValidationException.of(NON_FIELD_ERRORS, `Invalid data. Expected a dictionary, but got ${got}.`);
  }
  const instance = plainToInstance(cls, payload, { enableImplicitConversion: false });
  const errors = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: false, value: true },
  });
  if (errors.length) throw new FieldValidationException(toFieldErrors(errors));
  return instance;
}
