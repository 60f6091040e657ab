import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { FieldValidationException, type FieldErrors } from './api-errors.js';

const REQUIRED = 'This field is required.';
const NOT_ALLOWED = 'This field is not allowed.';
const NOT_NULL = 'This field may not be null.';

/**
 * class-validator errors → the DRF field map. Nested properties are keyed by
 * their dotted path (`location.latitude`). A missing value reads "This field
 * is required."; an unknown field, "This field is not allowed."
 */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldErrors {
  const out: FieldErrors = {};
  for (const error of errors) {
    const key = parent ? `${parent}.${error.property}` : error.property;
    const constraints = error.constraints ?? {};
    const names = Object.keys(constraints);
    if (names.includes('whitelistValidation')) {
      out[key] = [NOT_ALLOWED];
    } else if (names.length) {
      if (error.value === undefined) out[key] = [REQUIRED];
      else if (error.value === null) out[key] = [NOT_NULL];
      else out[key] = [...new Set(Object.values(constraints))];
    }
    if (error.children?.length) Object.assign(out, toFieldErrors(error.children, key));
  }
  return out;
}

/** whitelist + forbidNonWhitelisted + transform, answering in the DRF shape. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: true },
    stopAtFirstError: false,
    exceptionFactory: (errors) => new FieldValidationException(toFieldErrors(errors)),
  });
}
