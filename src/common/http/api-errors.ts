import { BadRequestException, HttpException, HttpStatus } from '@nestjs/common';

/** Field name → messages, the DRF validation error shape. Body-level errors go under `non_field_errors`. */
export type FieldErrors = Record<string, string[]>;

/** A 400 whose body is the DRF field map itself: `{"phone": ["..."]}`. */
export class FieldValidationException extends BadRequestException {
  constructor(readonly fieldErrors: FieldErrors) {
    super(fieldErrors);
  }

  static of(field: string, ...messages: string[]): FieldValidationException {
    return new FieldValidationException({ [field]: messages });
  }
}

/**
 * An error whose body is sent exactly as given, for the seed's own shapes
 * (`{"error": "Invalid credentials"}`, `{"error": "Invalid status"}`).
 */
export class RawBodyException extends HttpException {
  constructor(body: Record<string, unknown>, status: HttpStatus) {
    super(body, status);
  }
}

export const NON_FIELD_ERRORS = 'non_field_errors';

/** 403 in DRF's wording. */
export class PermissionDeniedException extends HttpException {
  constructor(detail = 'You do not have permission to perform this action.') {
    super({ detail }, HttpStatus.FORBIDDEN);
  }
}

/** 404 in DRF's wording; also what another user's record looks like. */
export class NotFoundError extends HttpException {
  constructor(detail = 'Not found.') {
    super({ detail }, HttpStatus.NOT_FOUND);
  }
}
