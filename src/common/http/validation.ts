import { HttpException, ValidationPipe, type ArgumentMetadata, type PipeTransform, type ValidationError } from '@nestjs/common';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { FieldValidationException, NON_FIELD_ERRORS, type FieldErrors } from './api-errors.js';

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

/** Deeper than any body, query or form this API takes; deeper input is refused before it is walked. */
export const MAX_INPUT_DEPTH = 32;

/** An array or an object literal: what JSON, a query string or a form parses into. */
function isPlain(value: unknown): value is object {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * How deeply arrays and plain objects nest in `value` (iteratively, so
 * hostile input cannot overflow the stack; anything else — a socket, a
 * class instance — is a leaf, and a value seen before is not walked again).
 */
export function nestingDepth(value: unknown, limit = Infinity): number {
  let deepest = 0;
  const seen = new Set<object>();
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (!isPlain(item) || seen.has(item)) continue;
    seen.add(item);
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) return deepest;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Input that class-transformer cannot map (an array where a nested object is
 * declared makes it throw a TypeError; absurd nesting overflows its stack)
 * is the client's mistake: a 400 under non_field_errors, never a 500.
 */
class ContractValidationPipe extends ValidationPipe {
  /**
   * Query DTOs known to accept an empty query string. Most list calls carry
   * no parameters, and a DTO that accepted `{}` once accepts it every time
   * (its rules see the same values), so it is not validated again: the
   * instance, with its defaults, is built directly.
   */
  private readonly acceptsEmptyQuery = new WeakSet<object>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const emptyQuery = metadata.type === 'query' && metadata.data === undefined && isEmptyObject(value);
    if (emptyQuery && metadata.metatype && this.acceptsEmptyQuery.has(metadata.metatype)) {
      return plainToInstance(metadata.metatype as ClassConstructor<object>, {}, this.transformOptions);
    }
    if (metadata.type !== 'custom' && nestingDepth(value, MAX_INPUT_DEPTH) > MAX_INPUT_DEPTH) {
      throw FieldValidationException.of(NON_FIELD_ERRORS, 'The input is nested too deeply.');
    }
    let result: unknown;
    try {
      result = await super.transform(value, metadata);
    } catch (err) {
      if (err instanceof HttpException) throw err;
      throw FieldValidationException.of(NON_FIELD_ERRORS, 'The input does not have the expected shape.');
    }
    if (emptyQuery && metadata.metatype && result instanceof metadata.metatype) this.acceptsEmptyQuery.add(metadata.metatype);
    return result;
  }
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Reflect.ownKeys(value).length === 0;
}

/**
 * The global pipe runs for every parameter of every route, most of which
 * have nothing to validate: the caller (`@CurrentUser()`) and other custom
 * decorators, and string path parameters (`:id`, checked by their own
 * ParseUUIDPipe). ValidationPipe returns those unchanged, but through two
 * async calls each; here they are returned at once, and only the rest is
 * validated. What comes out is exactly what ValidationPipe would return.
 */
class GlobalValidationPipe implements PipeTransform<unknown> {
  constructor(private readonly validation: ContractValidationPipe) {}

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    // ValidationPipe: custom decorators are not validated (validateCustomDecorators is off) ...
    if (metadata.type === 'custom') return value;
    // ... and a named string parameter is transformed to String(value), itself.
    if (
      metadata.metatype === String &&
      metadata.data &&
      (metadata.type === 'param' || metadata.type === 'query') &&
      typeof value === 'string'
    ) {
      return value;
    }
    return this.validation.transform(value, metadata);
  }
}

/** whitelist + forbidNonWhitelisted + transform, answering in the DRF shape. */
export function createValidationPipe(): PipeTransform<unknown> {
  return new GlobalValidationPipe(
    new ContractValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      validationError: { target: false, value: true },
      stopAtFirstError: false,
      exceptionFactory: (errors) => new FieldValidationException(toFieldErrors(errors)),
    }),
  );
}
