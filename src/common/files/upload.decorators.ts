import {
  applyDecorators,
  BadRequestException,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { FileInterceptor, FilesInterceptor, type UploadedMultipartFile } from '@nestjs/platform-fastify';
import { ApiBody, ApiConsumes, ApiPayloadTooLargeResponse, ApiUnsupportedMediaTypeResponse } from '@nestjs/swagger';
import { catchError, throwError, type Observable } from 'rxjs';
import { FieldValidationException } from '../http/api-errors.js';

export type UploadedFileData = UploadedMultipartFile & { buffer: Buffer };

export const MB = 1024 * 1024;

interface UploadOptions {
  /** Largest size of one file, in bytes (larger → 413). */
  maxFileBytes: number;
  /** Other multipart text fields the route accepts, documented as strings. */
  fields?: Record<string, { description?: string; required?: boolean }>;
}

function bodySchema(files: 'one' | 'many', options: UploadOptions) {
  const file = { type: 'string', format: 'binary' };
  const properties: Record<string, object> = {
    file: files === 'one' ? file : { type: 'array', items: file },
  };
  for (const [name, spec] of Object.entries(options.fields ?? {}))
    properties[name] = { type: 'string', description: spec.description };
  const required = [
    'file',
    ...Object.entries(options.fields ?? {})
      .filter(([, s]) => s.required)
      .map(([n]) => n),
  ];
  return { type: 'object', properties, required };
}

/** A multipart route taking one file in field `file`, held in memory. */
export const SingleFileUpload = (options: UploadOptions): MethodDecorator =>
  applyDecorators(
    UseInterceptors(FileInterceptor('file', { limits: { fileSize: options.maxFileBytes, files: 1, fields: 20 } })),
    ApiConsumes('multipart/form-data'),
    ApiBody({ schema: bodySchema('one', options) }),
    ApiPayloadTooLargeResponse({ description: `A file is larger than ${options.maxFileBytes / MB} MB.` }),
    ApiUnsupportedMediaTypeResponse({ description: 'The file content is not an allowed type.' }),
  );

/**
 * The multipart parser reports "too many files" and "a file in an unexpected
 * field" as a bare 400 detail; these are field errors in the DRF shape:
 * `{"file": ["At most 5 files can be sent at once."]}`, `{"photo": ["Unexpected file field."]}`.
 */
class MultipartFieldErrors implements NestInterceptor {
  constructor(
    private readonly field: string,
    private readonly maxFiles: number,
  ) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((err: unknown) => throwError(() => this.translate(err))));
  }

  private translate(err: unknown): unknown {
    if (!(err instanceof BadRequestException) || err instanceof FieldValidationException) return err;
    const message = err.message;
    const unexpected = /^Unexpected file field - (.+)$/.exec(message);
    if (message === 'Too many files' || unexpected?.[1] === this.field) {
      return FieldValidationException.of(this.field, `At most ${this.maxFiles} files can be sent at once.`);
    }
    if (unexpected) return FieldValidationException.of(unexpected[1], 'Unexpected file field.');
    return err;
  }
}

/** A multipart route taking up to `maxFiles` files in the repeatable field `file`. */
export const MultiFileUpload = (maxFiles: number, options: UploadOptions): MethodDecorator =>
  applyDecorators(
    UseInterceptors(
      new MultipartFieldErrors('file', maxFiles),
      FilesInterceptor('file', maxFiles, { limits: { fileSize: options.maxFileBytes, files: maxFiles, fields: 20 } }),
    ),
    ApiConsumes('multipart/form-data'),
    ApiBody({ schema: bodySchema('many', options) }),
    ApiPayloadTooLargeResponse({ description: `A file is larger than ${options.maxFileBytes / MB} MB.` }),
    ApiUnsupportedMediaTypeResponse({ description: 'The content of a file is not an allowed type.' }),
  );

/** The uploaded file, or the DRF 400 `{"file": ["No file was submitted."]}`. */
export function requireFile(file: UploadedMultipartFile | undefined): UploadedFileData {
  if (!file?.buffer || file.size === 0) throw FieldValidationException.of('file', 'No file was submitted.');
  return file as UploadedFileData;
}

export function requireFiles(files: UploadedMultipartFile[] | undefined): UploadedFileData[] {
  const list = (files ?? []).filter((f) => f.buffer && f.size > 0);
  if (!list.length) throw FieldValidationException.of('file', 'No file was submitted.');
  return list as UploadedFileData[];
}
