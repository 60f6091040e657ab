import { HttpException, HttpStatus } from '@nestjs/common';

export type FileKind = 'image' | 'video' | 'audio' | 'pdf';

export interface DetectedFile {
  kind: FileKind;
  /** The content type files of this kind are stored and served with. */
  mime: string;
  ext: string;
}

/** Every type an upload may have, decided by the file's bytes (never by its name or declared type). */
const KNOWN: Record<string, DetectedFile> = {
  'image/jpeg': { kind: 'image', mime: 'image/jpeg', ext: 'jpg' },
  'image/png': { kind: 'image', mime: 'image/png', ext: 'png' },
  'image/webp': { kind: 'image', mime: 'image/webp', ext: 'webp' },
  'video/mp4': { kind: 'video', mime: 'video/mp4', ext: 'mp4' },
  'audio/x-m4a': { kind: 'audio', mime: 'audio/mp4', ext: 'm4a' },
  'audio/mp4': { kind: 'audio', mime: 'audio/mp4', ext: 'm4a' },
  'audio/aac': { kind: 'audio', mime: 'audio/aac', ext: 'aac' },
  'application/pdf': { kind: 'pdf', mime: 'application/pdf', ext: 'pdf' },
};

/** Content types by stored extension, for serving. */
export const CONTENT_TYPE_BY_EXT: Record<string, string> = Object.fromEntries(Object.values(KNOWN).map((t) => [t.ext, t.mime]));

export class UnsupportedFileTypeException extends HttpException {
  constructor(allowed: FileKind[]) {
    super({ detail: `Unsupported file type. Allowed: ${allowed.join(', ')}.` }, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
  }
}

/** Detects the file's type from its content; 415 unless it is one of the allowed kinds. */
export async function detectFileType(buffer: Buffer, allowed: FileKind[]): Promise<DetectedFile> {
  // Loaded on the first upload, not at start.
  const { fileTypeFromBuffer } = await import('file-type');
  const found = await fileTypeFromBuffer(buffer);
  const type = found ? KNOWN[found.mime] : undefined;
  if (!type || !allowed.includes(type.kind)) throw new UnsupportedFileTypeException(allowed);
  return type;
}
