import { QueryFailedError } from 'typeorm';
import { FieldValidationException } from '../http/api-errors.js';

interface PgError {
  code?: string;
  constraint?: string;
}

function pgError(error: unknown): PgError | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  return (error as QueryFailedError & { driverError?: PgError }).driverError;
}

/** True when `error` is a unique violation (optionally of the named constraint or index). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pg = pgError(error);
  return pg?.code === '23505' && (!constraint || pg.constraint === constraint);
}

/**
 * Rethrows a unique violation as the DRF 400 keyed by the field it concerns
 * (`{"code": ["... with this code already exists."]}`); anything else as is.
 * `fields` maps constraint/index names to [field, message].
 */
export function rethrowUniqueAsFieldError(error: unknown, fields: Record<string, [string, string]>): never {
  const pg = pgError(error);
  if (pg?.code === '23505' && pg.constraint && fields[pg.constraint]) {
    const [field, message] = fields[pg.constraint];
    throw FieldValidationException.of(field, message);
  }
  throw error;
}

/** DRF's message for a foreign key that points nowhere. */
export const doesNotExist = (id: string): string => `Invalid pk "${id}" - object does not exist.`;
