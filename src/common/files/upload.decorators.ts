import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { FileInterceptor, FilesInterceptor, type UploadedMultipartFile } from '@nestjs/platform-fastify';
import { ApiBody, ApiConsumes, ApiPayloadTooLargeResponse, ApiUnsupportedMediaTypeResponse } from '@nestjs/swagger';
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

/** A multipart route taking up to `maxFiles` files in the repeatable field `file`. */
export const MultiFileUpload = (maxFiles: number, options: UploadOptions): MethodDecorator =>
  applyDecorators(
    UseInterceptors(
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
